// The inventory rows of one application or service principal (docs/inventory.md "Columns"): one per
// password credential, one per certificate. A certificate Graph lists twice (usage Sign and usage Verify,
// same thumbprint and dates) is one row with usage 'Sign+Verify'. Pure: `now`, the policy and the sign-in
// map are passed in; owners are added once they are known (they come from a later batch).
import { credentialStatus, daysLeft, followsNamingConvention, lifetimeDays } from '../../core/credential-status.ts';
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
  const base = { objectType, appName: obj.displayName ?? '', appId: obj.appId, objectId: obj.id };
  const rows: PendingRow[] = [];
  const make = (c: { keyIds: string[]; name: string | null; start: string | null; end: string | null }, credentialType: 'password' | 'certificate', hint: string | null, usage: string | null): PendingRow => {
    const life = lifetimeDays(c.start, c.end) ?? null;
    return {
      ...base, credentialType, name: c.name, keyId: c.keyIds[0]!, hint, usage, start: c.start, end: c.end,
      daysLeft: daysLeft(c.end, ctx.now) ?? null,
      status: credentialStatus(c.end, ctx.now),
      lifetimeDays: life,
      followsConvention: followsNamingConvention(c.name, c.end),
      policyViolation: policyViolation(ctx.policy, { objectType, createdDateTime: obj.createdDateTime, credentialType, lifetimeDays: life }),
      lastSignIn: lastSignIn(ctx.signIns, c.keyIds),
    };
  };
  for (const p of obj.passwordCredentials ?? []) {
    rows.push(make({ keyIds: [p.keyId], name: p.displayName, start: p.startDateTime, end: p.endDateTime }, 'password', p.hint ?? null, null));
  }
  for (const cert of certificates(obj.keyCredentials ?? [])) rows.push(make(cert, 'certificate', null, cert.usage));
  return rows;
}

type Key = NonNullable<DirectoryObject['keyCredentials']>[number];

/** Key credentials grouped into certificates: the same thumbprint and dates listed for Sign and for Verify is one. */
function certificates(keys: Key[]): { keyIds: string[]; name: string | null; start: string | null; end: string | null; usage: string }[] {
  const byCert = new Map<string, { keyIds: string[]; name: string | null; start: string | null; end: string | null; usages: Set<string> }>();
  for (const k of keys) {
    const id = k.customKeyIdentifier ? `${k.customKeyIdentifier}|${k.startDateTime}|${k.endDateTime}` : k.keyId;
    const c = byCert.get(id) ?? { keyIds: [], name: k.displayName, start: k.startDateTime, end: k.endDateTime, usages: new Set<string>() };
    c.keyIds.push(k.keyId);
    if (k.usage) c.usages.add(k.usage);
    byCert.set(id, c);
  }
  return [...byCert.values()].map((c) => ({
    keyIds: c.keyIds, name: c.name, start: c.start, end: c.end,
    usage: c.usages.has('Sign') && c.usages.has('Verify') ? 'Sign+Verify' : [...c.usages][0] ?? 'Verify',
  }));
}

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
