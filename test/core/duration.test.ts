import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationDays, parseDuration } from '../../src/core/duration.ts';

test('durations take one unit, a bare number is days', () => {
  assert.equal(parseDuration('7d'), 7 * 86_400_000);
  assert.equal(parseDuration('30'), 30 * 86_400_000);
  assert.equal(parseDuration('12h'), 12 * 3_600_000);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('2W'), 14 * 86_400_000);
  assert.equal(parseDuration('0'), 0);
  for (const bad of ['', 'd', '7 days', '-1d', '1.5d', '7dd', '9999999d']) assert.equal(parseDuration(bad), undefined, bad);
  assert.equal(durationDays(parseDuration('36h')!), 2);
});
