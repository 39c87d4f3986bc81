// Finishing what an interrupted `secret create` left behind (issue 5, item 4). Runs at the start of every
// command when the journal holds entries of processes that are gone: a credential whose value never reached
// its store is removed again with the cached admin session; when that cannot be done now, the user is told
// exactly what is left (app, keyId, secret name) and how to remove it, and the entry stays for the next run.
// Everything is said on stderr. Never signs anyone in.
import { cloudFromKey, type ResolvedCloud } from '../../core/cloud.ts';
import { redact } from '../../core/redact.ts';
import { findApplication, removePassword } from '../../entra/graph/applications.ts';
import { GraphApiError } from '../../entra/graph/client.ts';
import { readEmulatorConnection } from '../../store/emulator-connection.ts';
import { SecretJournal, type JournalEntry } from '../../store/journal.ts';
import { line, paint, type Io } from '../io.ts';
import { findSession, openAdminSession, type AdminTarget } from './admin-session.ts';
import { journalDir, matchesIntent } from './journal-check.ts';

export async function recoverAbandonedSecrets(io: Io, now: Date): Promise<void> {
  const journal = new SecretJournal(journalDir(io.env));
  for (const entry of journal.unfinished(now)) {
    try {
      await recoverOne(io, journal, entry);
    } catch (err) {
      tellLeftBehind(io, journal, entry, redact((err as Error)?.message ?? String(err)));
    }
  }
}

async function recoverOne(io: Io, journal: SecretJournal, entry: JournalEntry): Promise<void> {
  const c = paint(io);
  if (entry.state === 'stored') {
    // The value reached its store; only the bookkeeping was missing.
    journal.finish(entry);
    return;
  }
  const cloud = cloudOf(entry, io.env);
  if (!cloud) return tellLeftBehind(io, journal, entry, entry.cloud === 'local' ? 'the emulator it was created in is not running' : `its cloud (${entry.cloud}) is not known`);
  const target: AdminTarget = { tenant: entry.tenant, cloud, cloudName: cloud.name };
  const session = await openAdminSession(io, target, undefined);
  if (!session) {
    return tellLeftBehind(io, journal, entry, findSession(io, target)
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
    journal.finish(entry);
    const when = `an interrupted \`secret create\` (pid ${entry.pid}, ${entry.startedAt})`;
    if (leftovers.length) {
      line(io.err, c.yellow(`Rolled back ${when}: removed the client secret '${entry.displayName}' (keyId ${leftovers.map((p) => p.keyId).join(', ')}) from '${entry.appDisplayName}' (${entry.appId}); its value had not been saved, so no one could use it.`));
    } else {
      line(io.err, `Cleaned up after ${when}: the client secret '${entry.displayName}' of '${entry.appDisplayName}' (${entry.appId}) ${entry.keyId ? 'is already gone' : 'was never created'}.`);
    }
  } finally {
    session.close();
  }
}

function cloudOf(entry: JournalEntry, env: NodeJS.ProcessEnv): ResolvedCloud | undefined {
  try {
    return cloudFromKey(entry.cloud, entry, () => readEmulatorConnection(env));
  } catch {
    return undefined; // the emulator it was created in is not running
  }
}

function tellLeftBehind(io: Io, journal: SecretJournal, entry: JournalEntry, why: string): void {
  const c = paint(io);
  const id = entry.keyId ? `keyId ${entry.keyId}` : `created ${entry.startedAt} (keyId unknown: the run was interrupted while Graph was creating it)`;
  line(io.err, c.yellow(`⚠ An interrupted \`secret create\` (pid ${entry.pid}) may have left a client secret that no one has the value of:`));
  line(io.err, `  app '${entry.appDisplayName}' (${entry.appId}), tenant ${entry.tenant}: secret '${entry.displayName}', ${id}.`);
  line(io.err, `  It could not be removed now (${why}). Sign in (entra-auth-cli login --tenant ${entry.tenant}) and the next command removes it;`);
  line(io.err, `  or remove it yourself: Azure portal > App registrations > ${entry.appDisplayName} > Certificates & secrets > '${entry.displayName}'`
    + `${entry.keyId ? `, or \`az ad app credential delete --id ${entry.appId} --key-id ${entry.keyId}\`` : ''}; then delete ${journal.fileOf(entry)}.`);
}
