import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialStatus, daysLeft, endsWithin, followsNamingConvention, lifetimeDays, timeLeftText } from '../../src/core/credential-status.ts';

const now = new Date('2026-11-30T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
const DAY = 86_400_000;

test('days left are counted up, and each threshold is inclusive at its edge', () => {
  assert.equal(daysLeft(at(14 * DAY), now), 14);
  assert.equal(credentialStatus(at(14 * DAY), now), 'expiring-14d');
  assert.equal(credentialStatus(at(14 * DAY + 1000), now), 'expiring-30d');
  assert.equal(daysLeft(at(13 * DAY + 3_600_000), now), 14);
  assert.equal(credentialStatus(at(30 * DAY), now), 'expiring-30d');
  assert.equal(credentialStatus(at(45 * DAY), now), 'expiring-45d');
  assert.equal(credentialStatus(at(45 * DAY + 1), now), 'ok');
});

test('an end at this instant or before is expired, with no negative zero', () => {
  assert.equal(credentialStatus(at(0), now), 'expired');
  assert.equal(credentialStatus(at(-1000), now), 'expired');
  assert.ok(Object.is(daysLeft(at(-1000), now), 0));
  assert.equal(daysLeft(at(-3 * DAY), now), -3);
  assert.equal(credentialStatus(at(1000), now), 'expiring-14d');
});

test('no end date, or an unreadable one, is no-expiry and never within a window', () => {
  for (const end of [null, undefined, '', 'soon']) {
    assert.equal(credentialStatus(end, now), 'no-expiry');
    assert.equal(daysLeft(end, now), undefined);
    assert.equal(endsWithin(end, now, 45), false);
  }
  assert.equal(endsWithin(at(30 * DAY), now, 30), true);
  assert.equal(endsWithin(at(31 * DAY), now, 30), false);
});

test('the naming convention holds only when the name names the end day', () => {
  assert.equal(followsNamingConvention('EAC-EXP-29-MAY-27', '2027-05-29T10:00:00Z'), true);
  assert.equal(followsNamingConvention('EAC-EXP-29-MAY-27', '2027-05-30T10:00:00Z'), false);
  assert.equal(followsNamingConvention('prod secret', '2027-05-29T10:00:00Z'), false);
  assert.equal(followsNamingConvention(null, '2027-05-29T10:00:00Z'), false);
  assert.equal(lifetimeDays('2026-11-30T00:00:00Z', '2027-05-29T00:00:00Z'), 180);
  assert.equal(lifetimeDays(null, '2027-05-29T00:00:00Z'), undefined);
});

test('time left reads in hours under a day, in days counted up after, and how long ago once ended', () => {
  assert.equal(timeLeftText(at(2.5 * 3_600_000), now), 'in 3 hours');
  assert.equal(timeLeftText(at(60_000), now), 'in 1 hour');
  assert.equal(timeLeftText(at(13 * DAY + 3_600_000), now), 'in 14 days');
  assert.equal(timeLeftText(at(DAY), now), 'in 1 day');
  assert.equal(timeLeftText(at(-3_600_000), now), 'ended today');
  assert.equal(timeLeftText(at(-3 * DAY), now), 'ended 3 days ago');
  assert.equal(timeLeftText(null, now), 'no end');
});
