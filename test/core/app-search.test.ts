// What `discover -s PATTERN` asks Graph for, and how found apps and their credentials read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appQuery, AppPatternError, credentialExpiry, describeExpiry, odataString, profileNameFor } from '../../src/core/app-search.ts';

test('MyApp* is startswith, *App* is $search, a name is eq, * is everything', () => {
  assert.deepEqual(appQuery('MyApp*'), { kind: 'startswith', text: 'MyApp', filter: "startswith(displayName,'MyApp')" });
  assert.deepEqual(appQuery('*App*'), { kind: 'search', text: 'App', search: '"displayName:App"' });
  assert.deepEqual(appQuery('*App'), { kind: 'search', text: 'App', search: '"displayName:App"' });
  assert.deepEqual(appQuery('My App'), { kind: 'eq', text: 'My App', filter: "displayName eq 'My App'" });
  assert.deepEqual(appQuery('*'), { kind: 'all' });
});

test('single quotes are doubled in OData literals; a word search refuses double quotes', () => {
  assert.equal(odataString("Bob's App"), "'Bob''s App'");
  assert.equal((appQuery("Bob's App") as { filter: string }).filter, "displayName eq 'Bob''s App'");
  assert.equal((appQuery("O'Neil's*") as { filter: string }).filter, "startswith(displayName,'O''Neil''s')");
  assert.equal((appQuery("*it's*") as { search: string }).search, '"displayName:it\'s"', 'a single quote is fine inside $search');
  assert.throws(() => appQuery('*say "hi"*'), AppPatternError);
});

test('a star in the middle and an empty pattern are refused with what is allowed', () => {
  assert.throws(() => appQuery('My*App'), /may only begin or end the pattern/);
  assert.throws(() => appQuery('  '), /empty/);
});

test('credentials read with their expiry and days left; names suggest a profile name', () => {
  const now = new Date('2026-01-31T12:00:00Z');
  const live = credentialExpiry({ displayName: 'EAC-EXP-30-JUL-26', keyId: 'k1', endDateTime: '2026-07-30T12:00:00Z' }, now);
  assert.equal(live.daysLeft, 180);
  assert.equal(live.expired, false);
  assert.equal(describeExpiry(live), 'EAC-EXP-30-JUL-26 30 Jul 2026 (180 days left)');
  const old = credentialExpiry({ displayName: null, keyId: '0123456789', endDateTime: '2026-01-19T12:00:00Z' }, now);
  assert.equal(old.expired, true);
  assert.equal(describeExpiry(old), '(no name, 01234567) expired 19 Jan 2026 (12 days ago)');
  assert.equal(profileNameFor('Contoso Orders API'), 'contoso-orders-api');
  assert.equal(profileNameFor("Bob's  App (dev)"), 'bob-s-app-dev');
  assert.equal(profileNameFor('***'), 'app');
});
