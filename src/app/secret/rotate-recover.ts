// Finishing an interrupted rotation whose new value reached its holder (recover.ts calls it): the old
// credential is dealt with as the journal recorded (entry.rotation). `now`: removed with the cached admin
// session under the usual rules (rotate-retire.ts); without a usable session, or with --wait-for-use (the
// next command must not wait), it becomes a pending retirement due now that `secret prune` acts on.
// `after-overlap`: the pending retirement. `never`: nothing. Never signs anyone in.
import type { ResolvedCloud } from '../../core/cloud.ts';
import { redact } from '../../core/redact.ts';
import { findApplication } from '../../entra/graph/applications.ts';
import type { JournalEntry } from '../../store/journal.ts';
import { RetirementStore } from '../../store/retirements.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { openAdminSession } from '../admin/session.ts';
import { adminValueReader } from './rotate-holders.ts';
import { retireReplaced, type OldOutcome } from './rotate-retire.ts';

export async function finishRotation(deps: AdminDeps, entry: JournalEntry, cloud: ResolvedCloud | undefined): Promise<void> {
  const r = entry.rotation!;
  await recordNewCredential(deps, entry);
  const what = `An interrupted \`secret rotate -p ${r.profile}\` (pid ${entry.pid}) had stored its new secret '${entry.displayName}' (keyId ${entry.keyId})`;
  if (!r.oldKeyId || r.removeOld === 'never') {
    deps.interaction.notice(`${what}; the rotation is complete${r.oldKeyId ? ` (the old credential ${r.oldKeyId} is kept: --remove-old never)` : ''}.`);
    return;
  }
  if (r.removeOld === 'now' && !r.waitForUse && cloud) {
    const outcome = await removeNow(deps, entry, cloud).catch((err) => redact((err as Error)?.message ?? String(err)));
    if (typeof outcome !== 'string') {
      deps.interaction.notice(`${what}; finished it: the old credential ${r.oldKeyId} ${outcomeText(outcome)}.`);
      return;
    }
    deps.interaction.warn(`${what}, but its old credential ${r.oldKeyId} could not be removed now (${outcome}).`);
  }
  const retireAfter = r.removeOld === 'after-overlap' && r.retireAfter ? r.retireAfter : deps.clock().toISOString();
  await new RetirementStore(deps.paths.config).add({
    tenant: entry.tenant, cloud: entry.cloud, ...(entry.authorityHost ? { authorityHost: entry.authorityHost } : {}), ...(entry.graphUrl ? { graphUrl: entry.graphUrl } : {}),
    appObjectId: entry.appObjectId, appId: entry.appId, appDisplayName: entry.appDisplayName,
    keyId: r.oldKeyId, ...(r.oldDisplayName ? { displayName: r.oldDisplayName } : {}),
    replacedBy: entry.keyId!, profile: r.profile, recordedAt: deps.clock().toISOString(), retireAfter, waitForUse: Boolean(r.waitForUse),
  });
  deps.interaction.notice(`${what}; its old credential ${r.oldKeyId} is pending retirement: \`entra-auth-cli secret prune\` removes it from ${retireAfter}${r.waitForUse ? ' once the new key is seen signing in' : ''}.`);
}

/**
 * A Key Vault profile reads the new version as soon as it is written; killed before its save, it still
 * records the old credential: record the new one (the value is not touched; a stored profile's save
 * records it in the same write as the switch).
 */
async function recordNewCredential(deps: AdminDeps, entry: JournalEntry): Promise<void> {
  const r = entry.rotation!;
  if (!entry.destination.startsWith('keyvault:')) return;
  await deps.profiles.update((doc) => {
    const p = doc.profiles[r.profile];
    if (p?.secret?.kind !== 'reference' || p.secret.credential?.keyId === entry.keyId) return;
    p.secret = { ...p.secret, credential: { keyId: entry.keyId!, ...(r.newEndDateTime ? { endDateTime: r.newEndDateTime } : {}) } };
    p.updatedAt = deps.clock().toISOString();
  });
}

async function removeNow(deps: AdminDeps, entry: JournalEntry, cloud: ResolvedCloud): Promise<OldOutcome | string> {
  const session = await openAdminSession(deps, { tenant: entry.tenant, cloud, cloudName: cloud.name }, undefined);
  if (!session) return `no usable admin session for tenant '${entry.tenant}'`;
  try {
    const graph = await session.graph();
    const app = await findApplication(graph, entry.appId);
    if (!app) return `the app ${entry.appId} is not there`;
    return await retireReplaced(deps, {
      graph, app, tenant: entry.tenant, cloud, intent: entry.rotation!, newKeyId: entry.keyId!, storedAt: deps.clock(),
      read: adminValueReader(deps, session, cloud), waitForUseMs: 0,
    });
  } finally {
    session.close();
  }
}

function outcomeText(o: OldOutcome): string {
  switch (o.action) {
    case 'removed': return 'was removed';
    case 'gone': return 'was already gone';
    case 'retires': return `is pending retirement from ${o.retiresAt} (secret prune)`;
    case 'kept': return `is kept: ${o.reason}`;
  }
}
