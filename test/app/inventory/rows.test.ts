// Rows at the edges of their rules: exactly 14 days left is expiring-14d, an end a second ago is expired,
// no end date is no-expiry, a certificate Graph lists for Sign and for Verify is one row, the policy column
// names the restriction broken, last sign-in unknown vs never.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pendingRows, withOwners } from '../../../src/app/inventory/rows.ts';
import type { DefaultPolicy } from '../../../src/app/inventory/policy-check.ts';
import type { DirectoryObject } from '../../../src/entra/graph/directory-pages.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const ctx = { now: NOW, policy: undefined, signIns: undefined };

function app(more: Partial<DirectoryObject>): DirectoryObject {
  return { id: 'obj-1', appId: 'app-1', displayName: 'Orders', createdDateTime: '2025-01-01T00:00:00Z', passwordCredentials: [], keyCredentials: [], ...more };
}
const pw = (keyId: string, end: string | null, name: string | null = null, start: string | null = at(-30 * DAY)) => ({ keyId, displayName: name, hint: 'abc', startDateTime: start, endDateTime: end });

test('status at the edges: 14 days exactly, 14 days and a second, ended a second ago, no end', () => {
  const rows = pendingRows(app({ passwordCredentials: [pw('a', at(14 * DAY)), pw('b', at(14 * DAY + 1000)), pw('c', at(-1000)), pw('d', null)] }), 'application', ctx);
  assert.deepEqual(rows.map((r) => [r.keyId, r.status, r.daysLeft]), [['a', 'expiring-14d', 14], ['b', 'expiring-30d', 15], ['c', 'expired', 0], ['d', 'no-expiry', null]]);
});

test('a certificate listed for Sign and for Verify is one row, usage Sign+Verify; another certificate stays apart', () => {
  const cert = { customKeyIdentifier: 'THUMB', startDateTime: at(-DAY), endDateTime: at(100 * DAY), displayName: 'CN=orders', type: 'AsymmetricX509Cert' };
  const rows = pendingRows(app({ keyCredentials: [{ ...cert, keyId: 'k1', usage: 'Verify' }, { ...cert, keyId: 'k2', usage: 'Sign' }, { ...cert, customKeyIdentifier: 'OTHER', keyId: 'k3', usage: 'Verify' }] }), 'application', ctx);
  assert.deepEqual(rows.map((r) => [r.keyId, r.usage, r.credentialType, r.hint]), [['k1', 'Sign+Verify', 'certificate', null], ['k3', 'Verify', 'certificate', null]]);
});

test('naming convention, lifetime, and the policy restriction broken', () => {
  const policy: DefaultPolicy = {
    id: 'default', isEnabled: true,
    applicationRestrictions: { passwordCredentials: [{ restrictionType: 'passwordLifetime', maxLifetime: 'P365D', restrictForAppsCreatedAfterDateTime: null }] },
  };
  const end = '2027-01-15T00:00:00Z';
  const rows = pendingRows(app({ passwordCredentials: [pw('long', end, 'EAC-EXP-15-JAN-27', '2025-01-15T00:00:00Z'), pw('short', end, 'other', '2026-11-01T00:00:00Z')] }), 'application', { ...ctx, policy });
  assert.deepEqual(rows.map((r) => [r.keyId, r.followsConvention, r.lifetimeDays, r.policyViolation]), [
    ['long', true, 730, 'passwordLifetime: 730 days > 365'], ['short', false, 75, null],
  ]);
  const sp = pendingRows(app({ passwordCredentials: [pw('sp', end, null, '2025-01-15T00:00:00Z')] }), 'servicePrincipal', { ...ctx, policy });
  assert.equal(sp[0]!.policyViolation, null, 'application restrictions do not apply to service principals');
});

test('last sign-in: undefined when the report is unreadable, null when never, the later of a certificate\'s two keys', () => {
  const cert = { customKeyIdentifier: 'T', startDateTime: at(-DAY), endDateTime: at(DAY * 90), displayName: null };
  const obj = app({ passwordCredentials: [pw('p', at(DAY))], keyCredentials: [{ ...cert, keyId: 'K1', usage: 'Verify' }, { ...cert, keyId: 'K2', usage: 'Sign' }] });
  assert.deepEqual(pendingRows(obj, 'application', ctx).map((r) => r.lastSignIn), [undefined, undefined]);
  const signIns = new Map([['k1', '2026-11-01T00:00:00Z'], ['k2', '2026-11-20T00:00:00Z']]);
  const rows = pendingRows(obj, 'application', { ...ctx, signIns });
  assert.deepEqual(rows.map((r) => r.lastSignIn), [null, '2026-11-20T00:00:00Z']);
  const full = withOwners(rows[0]!, []);
  assert.equal(full.noOwner, true);
  assert.deepEqual(Object.keys(full).slice(-3), ['owners', 'noOwner', 'lastSignIn']);
});
