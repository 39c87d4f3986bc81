// What happens to the credential a rotation replaced, once the new value is proven and stored: shared by
// rotation (rotate.ts), its recovery (recover.ts) and `secret prune` (prune.ts), so the rules are written once:
//   - only the credential the profile is known to have used (recorded keyId, or the one hint match);
//   - never one another local profile holds or may hold (rotate-holders.ts);
//   - never while its replacement is not in the app;
//   - now: removed at once; with --wait-for-use only once the sign-in activity shows the new key signing
//     in after the switch (bounded wait; not seen in time: left to `secret prune`, which checks again);
//   - after-overlap: a pending retirement (store/retirements.ts) that `secret prune` acts on;
//   - never: left as it is.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { ResolvedCloud } from '../../core/cloud.ts';
import { removePassword, type AppRegistration } from '../../entra/graph/applications.ts';
import { GraphApiError } from '../../entra/graph/client.ts';
import { isReportUnavailable, lastSignInByKey, listServicePrincipalSignIns } from '../../entra/graph/reports.ts';
import type { RotationIntent } from '../../store/journal.ts';
import { RetirementStore, type PendingRetirement } from '../../store/retirements.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { holdersOf, holdersText, type ValueReader } from './rotate-holders.ts';

export type OldOutcome =
  | { action: 'removed'; keyId: string }
  /** A pending retirement: `secret prune` removes it from `retiresAt` on (and, with waitForUse, once the new key is seen in use). */
  | { action: 'retires'; keyId: string; retiresAt: string; waitForUse: boolean }
  | { action: 'kept'; keyId: string | null; reason: string }
  /** It was no longer in the app. */
  | { action: 'gone'; keyId: string };

export interface RetireContext {
  graph: Client;
  /** The app as it is now. */
  app: AppRegistration;
  tenant: string;
  cloud: ResolvedCloud;
  intent: RotationIntent;
  newKeyId: string;
  /** When the new value was proven (and then stored): sign-ins of the new key after it come from its holder, not our proof. */
  storedAt: Date;
  read: ValueReader;
  /** How long --wait-for-use waits for the new key's sign-in (0: look once). */
  waitForUseMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_WAIT_FOR_USE_MS = 10 * 60_000;

export async function retireReplaced(deps: AdminDeps, c: RetireContext): Promise<OldOutcome> {
  const { intent } = c;
  const old = intent.oldKeyId;
  if (!old) return { action: 'kept', keyId: null, reason: 'it is not known which credential the profile used before, so none is removed automatically' };
  if (intent.removeOld === 'never') return { action: 'kept', keyId: old, reason: '--remove-old never' };
  const blocked = await whyNotRemovable(deps, c.app, old, c.newKeyId, c.read, [intent.profile]);
  if (blocked === 'gone') return { action: 'gone', keyId: old };
  if (blocked) return { action: 'kept', keyId: old, reason: blocked };

  if (intent.removeOld === 'after-overlap') {
    const retiresAt = intent.retireAfter ?? deps.clock().toISOString();
    await record(deps, c, retiresAt, Boolean(intent.waitForUse));
    return { action: 'retires', keyId: old, retiresAt, waitForUse: Boolean(intent.waitForUse) };
  }
  if (intent.waitForUse) {
    const seen = await waitForUse(c.graph, c.app.appId, c.newKeyId, c.storedAt, c.waitForUseMs, c.sleep);
    if (seen !== true) {
      // Not proven in use yet: prune removes it once it is.
      const retiresAt = deps.clock().toISOString();
      await record(deps, c, retiresAt, true);
      deps.interaction.warn(seen === 'unreadable'
        ? `The sign-in activity report cannot be read here (it needs AuditLog.Read.All), so the new key's use cannot be confirmed: the old credential ${old} is kept; \`entra-auth-cli secret prune\` removes it once it can be.`
        : `The new key ${c.newKeyId} was not seen signing in within ${Math.round(c.waitForUseMs / 1000)} s: the old credential ${old} is kept; \`entra-auth-cli secret prune\` removes it once the new key is seen in use.`);
      return { action: 'retires', keyId: old, retiresAt, waitForUse: true };
    }
  }
  await removeCredential(c.graph, c.app.id, old);
  return { action: 'removed', keyId: old };
}

/** undefined when `old` may be removed now; 'gone' when it is not in the app; else why not. */
export async function whyNotRemovable(deps: Pick<AdminDeps, 'profiles'>, app: AppRegistration, old: string, replacement: string, read: ValueReader, except: readonly string[]): Promise<string | 'gone' | undefined> {
  if (!app.passwordCredentials.some((p) => p.keyId === old)) return 'gone';
  if (!app.passwordCredentials.some((p) => p.keyId === replacement)) return `its replacement ${replacement} is no longer in the app`;
  const holders = await holdersOf(deps, app, old, read, except);
  if (holders.length) return `profile${holders.length > 1 ? 's' : ''} ${holdersText(holders)} still use${holders.length > 1 ? '' : 's'} it`;
  return undefined;
}

/** removePassword, where "already gone" (400/404: another run removed it first) is success. */
export async function removeCredential(graph: Client, appObjectId: string, keyId: string): Promise<void> {
  try {
    await removePassword(graph, appObjectId, keyId);
  } catch (err) {
    if (!(err instanceof GraphApiError && (err.status === 400 || err.status === 404))) throw err;
  }
}

async function record(deps: AdminDeps, c: RetireContext, retireAfter: string, waitForUse: boolean): Promise<void> {
  const oldCred = c.app.passwordCredentials.find((p) => p.keyId === c.intent.oldKeyId);
  const r: PendingRetirement = {
    tenant: c.tenant, cloud: c.cloud.key, authorityHost: c.cloud.authorityHost, graphUrl: c.cloud.graphUrl,
    appObjectId: c.app.id, appId: c.app.appId, appDisplayName: c.app.displayName,
    keyId: c.intent.oldKeyId!, ...(oldCred?.displayName ? { displayName: oldCred.displayName } : {}),
    replacedBy: c.newKeyId, profile: c.intent.profile, recordedAt: c.storedAt.toISOString(), retireAfter, waitForUse,
  };
  await new RetirementStore(deps.paths.config).add(r);
}

/**
 * Whether `keyId` signed in after `since` (true), not yet (false), or the reports cannot be read here
 * ('unreadable'): the credential sign-in activity report first, then the beta sign-in log.
 */
export async function newKeyInUse(graph: Client, appId: string, keyId: string, since: Date): Promise<boolean | 'unreadable'> {
  const last = await lastSignInByKey(graph, appId);
  if (last) {
    const at = last.get(keyId);
    if (at && Date.parse(at) > since.getTime()) return true;
  }
  try {
    for await (const s of listServicePrincipalSignIns(graph, { appId, keyId, since })) {
      if (s.status?.errorCode === 0 && Date.parse(s.createdDateTime) > since.getTime()) return true;
    }
    return false;
  } catch (err) {
    if (isReportUnavailable(err)) return last ? false : 'unreadable';
    throw err;
  }
}

async function waitForUse(graph: Client, appId: string, keyId: string, since: Date, boundMs: number, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): Promise<boolean | 'unreadable'> {
  const started = performance.now();
  for (;;) {
    const seen = await newKeyInUse(graph, appId, keyId, since);
    if (seen !== false) return seen;
    // The log APIs allow 5 requests per 10 s per app (docs/protocol-notes.md): one look every 5 s at most.
    if (performance.now() - started + 5000 > boundMs) return false;
    await sleep(5000);
  }
}
