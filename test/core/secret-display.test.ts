// What a created secret looks like to people and scripts: expiry in a given zone with its days, and the
// -o json document, which carries the value only when asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createdSecretJson, daysUntil, expiryText } from '../../src/core/secret-display.ts';

test('expiry text: local date and time with the zone, then the lifetime in days', () => {
  const now = new Date('2026-02-01T10:00:00Z');
  const end = new Date(now.getTime() + 180 * 86_400_000);
  assert.equal(expiryText(end, now, 'UTC'), '31 Jul 2026 10:00 UTC (180 days)');
  assert.match(expiryText(end, now, 'Europe/Berlin'), /^31 Jul 2026 12:00 (CEST|GMT\+2) \(180 days\)$/);
  assert.equal(daysUntil(end, new Date(now.getTime() + 5_000)), 180, 'a few seconds later it is still 180');
  assert.equal(expiryText(new Date(now.getTime() + 86_400_000), now, 'UTC'), '2 Feb 2026 10:00 UTC (1 day)');
});

test('-o json: the facts in a fixed order; secretText only when given', () => {
  const facts = { application: 'App', appId: 'a', displayName: 'EAC-EXP-31-JUL-26', keyId: 'k', endDateTime: '2026-07-31T10:00:00.000Z', days: 180, storedIn: { kind: 'profile' } };
  assert.deepEqual(Object.keys(createdSecretJson(facts, undefined)), ['application', 'appId', 'displayName', 'keyId', 'endDateTime', 'days', 'storedIn']);
  assert.equal(createdSecretJson(facts, 'the-value').secretText, 'the-value');
  assert.equal('secretText' in createdSecretJson(facts, undefined), false);
});
