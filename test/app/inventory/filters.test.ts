// --fail-on at its edges: expired always matches 'expired'; 'expiring' is within 45 days (or
// --expiring-within) and not ended; a credential with no end never fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failsOn } from '../../../src/app/inventory/filters.ts';
import type { InventoryRow } from '../../../src/app/inventory/types.ts';

const row = (status: InventoryRow['status'], daysLeft: number | null) => ({ status, daysLeft }) as InventoryRow;

test('--fail-on expired, expiring, both', () => {
  const expired = new Set(['expired'] as const);
  const expiring = new Set(['expiring'] as const);
  assert.equal(failsOn(expired, row('expired', 0)), true);
  assert.equal(failsOn(expired, row('expiring-14d', 3)), false);
  assert.equal(failsOn(expiring, row('expired', -2)), false);
  assert.equal(failsOn(expiring, row('expiring-45d', 45)), true);
  assert.equal(failsOn(expiring, row('ok', 46)), false);
  assert.equal(failsOn(expiring, row('expiring-30d', 20), 14), false, '--expiring-within 14d');
  assert.equal(failsOn(expiring, row('no-expiry', null)), false);
});
