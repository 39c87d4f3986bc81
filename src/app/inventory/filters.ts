// Which rows an inventory scan keeps (--expiring-within, --status, --app, --owner) and which fail it
// (--fail-on expired,expiring). Pure. --app and the credential filters are checked before owners are looked
// up (an app none of whose credentials is kept costs no owner request); --owner needs the owners.
import { endsWithin, type CredentialStatus } from '../../core/credential-status.ts';
import type { PendingRow } from './rows.ts';
import type { InventoryRow } from './types.ts';

/** --fail-on's words. `expiring`: ends within --expiring-within (default 45 days) but has not ended yet. */
export type FailOn = 'expired' | 'expiring';

export const DEFAULT_EXPIRING_DAYS = 45;

export interface InventoryFilters {
  /** Keep credentials that end within this many days (ended ones included). */
  expiringWithinDays?: number;
  statuses?: ReadonlySet<CredentialStatus>;
  /** An appId, or part of an app's name (case-insensitive). */
  app?: string;
  /** An owner's UPN or display name (case-insensitive, whole). */
  owner?: string;
}

export function keepsCredential(f: InventoryFilters, row: PendingRow, now: Date): boolean {
  if (f.statuses && !f.statuses.has(row.status)) return false;
  if (f.expiringWithinDays !== undefined && !endsWithin(row.end, now, f.expiringWithinDays)) return false;
  if (f.app !== undefined) {
    const a = f.app.toLowerCase();
    if (row.appId.toLowerCase() !== a && !row.appName.toLowerCase().includes(a)) return false;
  }
  return true;
}

export function keepsOwners(f: InventoryFilters, row: InventoryRow): boolean {
  if (f.owner === undefined) return true;
  const o = f.owner.toLowerCase();
  return row.owners.some((x) => x.userPrincipalName?.toLowerCase() === o || x.displayName?.toLowerCase() === o);
}

/** Whether a written row is one --fail-on asked to fail on. */
export function failsOn(failOn: ReadonlySet<FailOn>, row: InventoryRow, expiringDays = DEFAULT_EXPIRING_DAYS): boolean {
  if (row.status === 'expired') return failOn.has('expired');
  return failOn.has('expiring') && row.daysLeft !== null && row.daysLeft <= expiringDays;
}
