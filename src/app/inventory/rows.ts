// The inventory rows of one application or service principal (docs/inventory.md "Columns"): one per
// password credential, one per certificate, made by core/credential-rows.ts (the one rule for a certificate
// Graph lists for Sign and for Verify: one row, usage 'Sign+Verify', under the Verify keyId), then given the
// inventory's own columns. Pure: `now`, the policy and the sign-in map are passed in; owners are added once
// they are known (they come from a later batch).
import { credentialRows } from '../../core/credential-rows.ts';
import { lifetimeDays } from '../../core/credential-status.ts';
import type { DirectoryObject } from '../../entra/graph/directory-pages.ts';
import { policyViolation, type DefaultPolicy } from './policy-check.ts';
import type { InventoryObjectType, InventoryOwner, InventoryRow } from './types.ts';

/** A row before its owners are known. */
export type PendingRow = Omit<InventoryRow, 'owners' | 'noOwner'>;

export interface RowContext {
  now: Date;
  policy: DefaultPolicy | undefined;
  /** keyId (lower case) → last sign-in (null: never); undefined: not readable or skipped. */
  signIns: Map<string, string | null> | undefined;
}

export function pendingRows(obj: DirectoryObject, objectType: InventoryObjectType, ctx: RowContext): PendingRow[] {
  return credentialRows(objectType, obj.passwordCredentials ?? [], obj.keyCredentials ?? [], ctx.now).map((c) => {
    const life = lifetimeDays(c.startDateTime, c.endDateTime) ?? null;
    return {
      objectType, appName: obj.displayName ?? '', appId: obj.appId, objectId: obj.id,
      credentialType: c.type, name: c.name, keyId: c.keyId, hint: c.hint, usage: c.usage,
      start: c.startDateTime, end: c.endDateTime, daysLeft: c.daysLeft, status: c.status, lifetimeDays: life,
      followsConvention: c.followsNamingConvention,
      policyViolation: policyViolation(ctx.policy, { objectType, createdDateTime: obj.createdDateTime, credentialType: c.type, lifetimeDays: life }),
      lastSignIn: lastSignIn(ctx.signIns, c.pairedKeyId ? [c.keyId, c.pairedKeyId] : [c.keyId]),
    };
  });
}

/** The later sign-in of a credential's keys (a Sign+Verify certificate has two). */
function lastSignIn(map: Map<string, string | null> | undefined, keyIds: string[]): string | null | undefined {
  if (!map) return undefined;
  let last: string | null = null;
  for (const id of keyIds) {
    const v = map.get(id.toLowerCase());
    if (v && (!last || v > last)) last = v;
  }
  return last;
}

export function withOwners(row: PendingRow, owners: InventoryOwner[]): InventoryRow {
  const { lastSignIn: seen, ...rest } = row;
  // lastSignIn last, and present only when known, so JSON shows it as absent when the report was unreadable.
  return { ...rest, owners, noOwner: owners.length === 0, lastSignIn: seen };
}
