// `secret prune`: removes the old client secrets that rotations left pending (store/retirements.ts) once
// their overlap has passed and their replacement is proven, with the rules every removal follows
// (rotate-retire.ts): the replacement is still in the app, no local profile holds (or may hold) the old
// one, and, when the rotation asked to wait for use, the sign-in activity shows the replacement signing in
// since the switch. Whatever is not removable yet stays recorded and is reported with why.
import type { Client } from '@microsoft/microsoft-graph-client';
import { cloudFromKey, type ResolvedCloud } from '../../core/cloud.ts';
import { redact } from '../../core/redact.ts';
import { findApplication } from '../../entra/graph/applications.ts';
import { RetirementStore, type PendingRetirement } from '../../store/retirements.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { openAdminSession, loginCommand } from '../admin/session.ts';
import { adminValueReader } from './rotate-holders.ts';
import { newKeyInUse, removeCredential, whyNotRemovable } from './rotate-retire.ts';

/** The steps a removal reports through the Interaction port's progress (kill -9 at each:
 *  test/app/secret/prune-kill.test.ts). Killed between them, the next prune finds the credential gone
 *  and drops the record ('gone'). */
export const PRUNE_STEPS = ['old-removed', 'record-dropped'] as const;

export interface PruneOptions {
  /** Say what would be removed; remove nothing. */
  dryRun?: boolean;
  deviceCode?: boolean;
  browser?: boolean;
  adminClientId?: string;
  timeoutSeconds?: number;
}

export type PruneAction =
  /** Removed from the app now (dry run: would be). */
  | 'removed'
  /** Its overlap has not passed yet. */
  | 'pending'
  /** Waiting for the replacement to be seen signing in. */
  | 'waiting'
  /** Not removable: see reason. */
  | 'kept'
  /** It was no longer in the app (the record is dropped). */
  | 'gone'
  /** It could not be checked now (no admin session, the network): see reason. */
  | 'failed';

export interface PruneRow {
  application: string;
  appId: string;
  keyId: string;
  displayName: string | null;
  profile: string;
  replacedBy: string;
  retireAfter: string;
  action: PruneAction;
  reason: string | null;
}

export async function pruneRetirements(deps: AdminDeps, o: PruneOptions = {}): Promise<PruneRow[]> {
  const store = new RetirementStore(deps.paths.config);
  const now = deps.clock();
  const rows: PruneRow[] = [];
  const due = new Map<string, PendingRetirement[]>();
  for (const r of store.list()) {
    if (Date.parse(r.retireAfter) > now.getTime()) rows.push(row(r, 'pending', null));
    else due.set(`${r.cloud}|${r.tenant}`, [...(due.get(`${r.cloud}|${r.tenant}`) ?? []), r]);
  }
  for (const group of due.values()) rows.push(...(await pruneTenant(deps, store, group, o)));
  return rows.sort((a, b) => a.retireAfter.localeCompare(b.retireAfter) || a.keyId.localeCompare(b.keyId));
}

function row(r: PendingRetirement, action: PruneAction, reason: string | null): PruneRow {
  return { application: r.appDisplayName, appId: r.appId, keyId: r.keyId, displayName: r.displayName ?? null, profile: r.profile, replacedBy: r.replacedBy, retireAfter: r.retireAfter, action, reason };
}

async function pruneTenant(deps: AdminDeps, store: RetirementStore, group: PendingRetirement[], o: PruneOptions): Promise<PruneRow[]> {
  const first = group[0]!;
  let cloud: ResolvedCloud | undefined;
  try {
    cloud = cloudFromKey(first.cloud, first, () => deps.emulator());
  } catch {
    cloud = undefined;
  }
  if (!cloud) return group.map((r) => row(r, 'failed', first.cloud === 'local' ? 'the emulator it was made in is not running' : `its cloud (${first.cloud}) is not known`));
  const allowSignIn = deps.interaction.interactive || Boolean(o.deviceCode);
  const target = { tenant: first.tenant, cloud, cloudName: cloud.name };
  const session = await openAdminSession(deps, target, allowSignIn
    ? { deviceCode: o.deviceCode, browser: o.browser, adminClientId: o.adminClientId, timeoutSeconds: o.timeoutSeconds, notice: true }
    : undefined);
  if (!session) return group.map((r) => row(r, 'failed', `not signed in to tenant '${first.tenant}': ${loginCommand({ tenant: first.tenant, cloudKey: first.cloud })}`));
  try {
    const graph = await session.graph();
    const read = adminValueReader(deps, session, cloud);
    const out: PruneRow[] = [];
    for (const r of group) {
      try {
        out.push(await pruneOne(deps, store, graph, r, read, o));
      } catch (err) {
        out.push(row(r, 'failed', redact((err as Error)?.message ?? String(err))));
      }
    }
    return out;
  } finally {
    session.close();
  }
}

async function pruneOne(deps: AdminDeps, store: RetirementStore, graph: Client, r: PendingRetirement, read: ReturnType<typeof adminValueReader>, o: PruneOptions): Promise<PruneRow> {
  const app = await findApplication(graph, r.appId);
  if (!app) {
    if (!o.dryRun) await store.remove(r);
    return row(r, 'gone', `the app ${r.appId} is no longer in the tenant`);
  }
  const blocked = await whyNotRemovable(deps, app, r.keyId, r.replacedBy, read, []);
  if (blocked === 'gone') {
    if (!o.dryRun) await store.remove(r);
    return row(r, 'gone', null);
  }
  if (blocked) return row(r, 'kept', blocked);
  if (r.waitForUse) {
    const seen = await newKeyInUse(graph, r.appId, r.replacedBy, new Date(r.recordedAt));
    if (seen === 'unreadable') return row(r, 'waiting', 'the sign-in activity report cannot be read here (it needs AuditLog.Read.All)');
    if (!seen) return row(r, 'waiting', `the replacement ${r.replacedBy} has not been seen signing in since ${r.recordedAt}`);
  }
  if (!o.dryRun) {
    await removeCredential(graph, app.id, r.keyId);
    deps.interaction.progress?.(PRUNE_STEPS[0]);
    await store.remove(r);
    deps.interaction.progress?.(PRUNE_STEPS[1]);
  }
  return row(r, 'removed', null);
}
