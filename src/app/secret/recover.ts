// Finishing what an interrupted secret creation left behind (issue 5, item 4; issue 9, item 2). Runs at the
// start of every command when the journal holds entries of processes that are gone. A value that reached its
// holder (a profile that reads the journal's store key, Key Vault) is kept; a credential whose value nobody
// holds is removed again with the cached admin session, with a value written under a key no profile took.
// When that cannot be done now, the person is told exactly what is left (app, keyId, secret name) and how
// to remove it, and the entry stays for the next run. Never signs anyone in; talks through the port.
// An interrupted rotation (entry.rotation) whose new value was stored is finished as recorded: the old
// credential removed (--remove-old now, with the cached admin session), recorded for `secret prune`
// (after-overlap; now with --wait-for-use, or now without a usable session), or kept (never).
import { cloudFromKey, type ResolvedCloud } from '../../core/cloud.ts';
import { redact } from '../../core/redact.ts';
import { findApplication, removePassword } from '../../entra/graph/applications.ts';
import { GraphApiError } from '../../entra/graph/client.ts';
import { SecretJournal, type JournalEntry, type UnreadableJournalFile } from '../../store/journal.ts';
import { clientSecretKeyOf } from '../../store/secret-keys.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { findSession, loginCommand, openAdminSession, type AdminTarget } from '../admin/session.ts';
import { journalDir, matchesIntent } from './journal-check.ts';
import { finishRotation } from './rotate-recover.ts';

export async function recoverAbandonedSecrets(deps: AdminDeps): Promise<void> {
  const journal = new SecretJournal(journalDir(deps.paths));
  const { abandoned, unreadable } = journal.scan(deps.clock());
  for (const u of unreadable) tellUnreadable(deps, u);
  for (const entry of abandoned) {
    try {
      await recoverOne(deps, journal, entry);
    } catch (err) {
      tellLeftBehind(deps, journal, entry, redact((err as Error)?.message ?? String(err)));
    }
  }
}

/** The profile named in a profile destination ("profile:NAME"), when it reads the value under the entry's store key. */
function profileHoldsValue(deps: AdminDeps, entry: JournalEntry): boolean {
  if (!entry.storeKey || !entry.destination.startsWith('profile:')) return false;
  const p = deps.profiles.get(entry.destination.slice('profile:'.length));
  return p !== undefined && clientSecretKeyOf(p) === entry.storeKey;
}

async function recoverOne(deps: AdminDeps, journal: SecretJournal, entry: JournalEntry): Promise<void> {
  if (entry.state === 'stored' || profileHoldsValue(deps, entry)) {
    // The value reached its holder; only the bookkeeping (and a rotation's old credential) was left.
    if (entry.rotation && entry.keyId) await finishRotation(deps, entry, cloudOf(deps, entry));
    journal.finish(entry);
    return;
  }
  const cloud = cloudOf(deps, entry);
  if (!cloud) return tellLeftBehind(deps, journal, entry, entry.cloud === 'local' ? 'the emulator it was created in is not running' : `its cloud (${entry.cloud}) is not known`);
  const target: AdminTarget = { tenant: entry.tenant, cloud, cloudName: cloud.name };
  const session = await openAdminSession(deps, target, undefined);
  if (!session) {
    return tellLeftBehind(deps, journal, entry, findSession(deps, target)
      ? `the admin session for tenant '${entry.tenant}' needs a new sign-in`
      : `no admin session for tenant '${entry.tenant}' is signed in`);
  }
  try {
    const graph = await session.graph();
    const app = await findApplication(graph, entry.appId);
    const leftovers = (app?.passwordCredentials ?? []).filter((p) => (entry.keyId ? p.keyId === entry.keyId : matchesIntent(p, entry)));
    for (const p of leftovers) {
      try {
        await removePassword(graph, app!.id, p.keyId);
      } catch (err) {
        // Another command recovering the same entry at the same moment removed it first.
        if (!(err instanceof GraphApiError && err.status === 400)) throw err;
      }
    }
    // A value written under a fresh key that no profile took: it belongs to the credential just removed.
    if (entry.storeKey) await (await deps.secrets()).delete(entry.storeKey);
    journal.finish(entry);
    const when = `an interrupted \`${commandOf(entry)}\` (pid ${entry.pid}, ${entry.startedAt})`;
    if (leftovers.length) {
      deps.interaction.warn(`Rolled back ${when}: removed the client secret '${entry.displayName}' (keyId ${leftovers.map((p) => p.keyId).join(', ')}) from '${entry.appDisplayName}' (${entry.appId}); its value had not been saved, so no one could use it.`);
    } else {
      deps.interaction.notice(`Cleaned up after ${when}: the client secret '${entry.displayName}' of '${entry.appDisplayName}' (${entry.appId}) ${entry.keyId ? 'is already gone' : 'was never created'}.`);
    }
  } finally {
    session.close();
  }
}

function commandOf(entry: JournalEntry): string {
  return entry.rotation ? `secret rotate -p ${entry.rotation.profile}` : 'secret create';
}

function cloudOf(deps: AdminDeps, entry: JournalEntry): ResolvedCloud | undefined {
  try {
    return cloudFromKey(entry.cloud, entry, () => deps.emulator());
  } catch {
    return undefined; // the emulator it was created in is not running
  }
}

function tellLeftBehind(deps: AdminDeps, journal: SecretJournal, entry: JournalEntry, why: string): void {
  const id = entry.keyId ? `keyId ${entry.keyId}` : `created ${entry.startedAt} (keyId unknown: the run was interrupted while Graph was creating it)`;
  deps.interaction.warn([
    `⚠ An interrupted \`${commandOf(entry)}\` (pid ${entry.pid}) may have left a client secret that no one has the value of:`,
    `  app '${entry.appDisplayName}' (${entry.appId}), tenant ${entry.tenant}: secret '${entry.displayName}', ${id}.`,
    `  It could not be removed now (${why}). Sign in (${loginCommand({ tenant: entry.tenant, cloudKey: entry.cloud })}) and the next command removes it;`,
    `  or remove it yourself: Azure portal > App registrations > ${entry.appDisplayName} > Certificates & secrets > '${entry.displayName}'`
      + `${entry.keyId ? `, or \`az ad app credential delete --id ${entry.appId} --key-id ${entry.keyId}\`` : ''}; then delete ${journal.fileOf(entry)}.`,
  ].join('\n'));
}

/**
 * A journal file this version cannot read. It may be the only record of a client secret created in Graph
 * whose value nobody holds, so it is neither dropped nor rewritten: it is reported on every run until a
 * person has looked at it and removed it.
 */
function tellUnreadable(deps: AdminDeps, u: UnreadableJournalFile): void {
  deps.interaction.warn([
    `⚠ The secret-creation journal holds a file that cannot be read: ${u.file} (${u.reason}).`,
    '  It may record a client secret an interrupted `secret create` left in an app registration without its value.',
    '  Open the file: if it names an app (appId) and a secret (displayName, keyId), check that app\'s Certificates & secrets',
    '  and remove a secret nobody holds; then delete the file. It is left as it is and reported on every run until then.',
  ].join('\n'));
}
