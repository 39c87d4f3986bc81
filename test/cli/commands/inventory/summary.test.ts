// The scan's closing summary on stderr: counts read as English ("1 credential", "2 applications").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InventorySummary } from '../../../../src/app/inventory/types.ts';
import { writeSummary } from '../../../../src/cli/commands/inventory/summary.ts';
import { testFactory } from '../../../helpers/test-factory.ts';

const byStatus = { expired: 0, 'expiring-14d': 0, 'expiring-30d': 0, 'expiring-45d': 0, ok: 1, 'no-expiry': 0 };

test('one credential is singular, several applications plural; nothing on stdout', () => {
  const t = testFactory();
  const s = { scannedAt: '2026-11-30T00:00:00Z', tenant: 'contoso', apps: 2, servicePrincipals: 1, credentials: 1, byStatus, noOwner: 0, next: [], signIns: 'read', mode: 'full' } as unknown as InventorySummary;
  writeSummary(t.f.io, s, new Date('2026-11-30T00:00:00Z'));
  assert.match(t.err(), /^Scanned 2 applications and 1 service principal of tenant contoso: 1 credential\.$/m);
  assert.equal(t.out(), '');
});
