// The secret name tells its expiry date in UTC (EAC-EXP-DD-MMM-YY), 180 days from now by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxLifetimeDays, parseSecretDisplayName, planSecret, secretDisplayName } from '../../src/core/secret-naming.ts';

test('names use the UTC expiry date with an upper-case month', () => {
  assert.equal(secretDisplayName(new Date('2026-07-30T12:00:00Z')), 'EAC-EXP-30-JUL-26');
  assert.equal(secretDisplayName(new Date('2027-01-05T23:59:59Z')), 'EAC-EXP-05-JAN-27');
  // 23:30 in New York on 31 Dec is already 1 Jan in UTC: the name follows UTC.
  assert.equal(secretDisplayName(new Date('2026-12-31T23:30:00-05:00')), 'EAC-EXP-01-JAN-27');
});

test('a plan is 180 days by default and its name matches its end date', () => {
  const now = new Date('2026-11-23T11:22:57Z');
  const plan = planSecret(now);
  assert.equal(plan.days, 180);
  assert.equal(plan.endDateTime.toISOString(), '2027-05-22T11:22:57.000Z');
  assert.equal(plan.displayName, 'EAC-EXP-22-MAY-27');
  assert.equal(planSecret(now, 30).displayName, 'EAC-EXP-23-DEC-26');
  assert.throws(() => planSecret(now, 0), RangeError);
  assert.throws(() => planSecret(now, 1.5), RangeError);
});

test('names read back into their dates; anything else does not', () => {
  assert.equal(parseSecretDisplayName('EAC-EXP-30-JUL-26')?.toISOString(), '2026-07-30T00:00:00.000Z');
  assert.equal(parseSecretDisplayName('EAC-EXP-31-FEB-26'), undefined);
  assert.equal(parseSecretDisplayName('EAC-EXP-30-jul-26'), undefined);
  assert.equal(parseSecretDisplayName('my secret'), undefined);
  assert.equal(parseSecretDisplayName(null), undefined);
});

test('policy lifetimes convert to whole days', () => {
  assert.equal(maxLifetimeDays('P90D'), 90);
  assert.equal(maxLifetimeDays('P1Y'), 365);
  assert.equal(maxLifetimeDays('P4DT12H30M5S'), 4);
  assert.equal(maxLifetimeDays('P2W'), 14);
  assert.equal(maxLifetimeDays('90 days'), undefined);
});
