// Synthetic inventory rows for tests of the views of `inventory scan` (the html report): deterministic, with
// every status, owners from a small pool, apps with no owner, certificates and service principals.
import { credentialStatus, daysLeft, lifetimeDays, type CredentialStatus } from '../../src/core/credential-status.ts';
import type { InventoryRow } from '../../src/app/inventory/types.ts';

const DAY = 86_400_000;
export const REPORT_NOW = new Date('2026-03-02T09:30:00Z');

const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Ken Thompson', 'Margaret Hamilton', 'Donald Knuth', 'Frances Allen', 'John Backus', 'Radia Perlman', 'Leslie Lamport'];

/** A row ending `days` from now (null: no end), with the fields the scan would fill. */
export function inventoryRow(i: number, days: number | null, over: Partial<InventoryRow> = {}, now = REPORT_NOW): InventoryRow {
  const end = days === null ? null : new Date(now.getTime() + days * DAY - 3_600_000).toISOString();
  const start = new Date(now.getTime() - 200 * DAY).toISOString();
  const ownerCount = i % 7 === 0 ? 0 : 1 + (i % 3 === 0 ? 1 : 0);
  const owners = Array.from({ length: ownerCount }, (_, k) => {
    const name = PEOPLE[(i * 7 + k * 5) % PEOPLE.length]!;
    return { displayName: name, userPrincipalName: `${name.split(' ')[0]!.toLowerCase()}@contoso.example` };
  });
  const cert = i % 5 === 4;
  const status: CredentialStatus = credentialStatus(end, now);
  return {
    objectType: i % 4 === 3 ? 'servicePrincipal' : 'application',
    appName: `App ${String(i).padStart(5, '0')} ${['Payroll', 'Billing', 'Intranet', 'Reports', 'Gateway'][i % 5]}`,
    appId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    objectId: `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`,
    owners, noOwner: ownerCount === 0,
    credentialType: cert ? 'certificate' : 'password',
    name: cert ? `CN=app${i}` : `secret-${i}`,
    keyId: `22222222-0000-4000-8000-${String(i).padStart(12, '0')}`,
    hint: cert ? null : `x${i % 10}Q`,
    usage: cert ? 'Verify' : null,
    start, end,
    daysLeft: daysLeft(end, now) ?? null,
    status,
    lifetimeDays: lifetimeDays(start, end) ?? null,
    followsConvention: false,
    policyViolation: i % 11 === 0 ? 'passwordLifetime: 730 days > 365' : null,
    lastSignIn: i % 3 === 0 ? null : i % 3 === 1 ? new Date(now.getTime() - (i % 40) * DAY).toISOString() : undefined,
    ...over,
  };
}

/** `count` rows spread from 60 days ago to 300 days ahead (a few with no end). */
export function* inventoryRows(count: number, now = REPORT_NOW): Generator<InventoryRow> {
  for (let i = 0; i < count; i++) {
    const days = i % 23 === 0 ? null : ((i * 7919) % 361) - 60;
    yield inventoryRow(i, days, {}, now);
  }
}
