// What a policy allows for a new secret, before asking Graph: blocked, a max lifetime, or nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretAllowance } from '../../src/core/secret-policy.ts';

const r = (restrictionType: string, extra: Partial<{ state: string; maxLifetime: string; restrictForAppsCreatedAfterDateTime: string }> = {}) =>
  ({ restrictionType, maxLifetime: null, restrictForAppsCreatedAfterDateTime: null, ...extra });

test('passwordAddition blocks; passwordLifetime caps in days; disabled ones do not count', () => {
  assert.deepEqual(secretAllowance('p', [r('passwordAddition')], '2026-01-01T00:00:00Z'), { policyId: 'p', blocked: true });
  assert.deepEqual(secretAllowance('p', [r('passwordLifetime', { maxLifetime: 'P90D' })], null), { policyId: 'p', blocked: false, maxDays: 90 });
  assert.deepEqual(secretAllowance('p', [r('passwordAddition', { state: 'disabled' })], null), { policyId: 'p', blocked: false });
  assert.deepEqual(secretAllowance('p', [], null), { policyId: 'p', blocked: false });
});

test('restrictions only bind apps created after their date (apps without a date count as 2019-01-01)', () => {
  const after = r('passwordAddition', { restrictForAppsCreatedAfterDateTime: '2025-01-01T00:00:00Z' });
  assert.equal(secretAllowance('p', [after], '2024-06-01T00:00:00Z').blocked, false);
  assert.equal(secretAllowance('p', [after], '2025-06-01T00:00:00Z').blocked, true);
  assert.equal(secretAllowance('p', [after], null).blocked, false);
});
