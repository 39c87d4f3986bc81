// The core that secret creation (create.ts) and rotation (rotate.ts) share: journal the intent, addPassword,
// journal the keyId, [rotation: prove the value gets a token], store the value where it belongs (journaling
// the store key, then "stored"). A failure after Graph created the credential never loses the value nor
// leaves an orphan unexplained: it is rolled back (or, for creation with a person there or
// --keep-on-store-failure, shown / handed back). The journal entry is returned open, in state "stored":
// the caller finishes it (creation at once; rotation after retiring the old credential).
import type { Client } from '@microsoft/microsoft-graph-client';
import type { ResolvedCloud } from '../../core/cloud.ts';
import { redact } from '../../core/redact.ts';
import type { SecretPlan } from '../../core/secret-naming.ts';
import { addPassword, findApplication, removePassword, type AppRegistration } from '../../entra/graph/applications.ts';
import { SecretJournal, type JournalEntry, type RotationIntent } from '../../store/journal.ts';
import type { AdminDeps } from '../admin/deps.ts';
import type { AdminSessionHandle } from '../admin/session.ts';
import { appLabel, SecretCreationError } from './errors.ts';
import { journalDir, matchesIntent } from './journal-check.ts';
import { graphFailure } from './new-secret-plan.ts';
import type { CreationStep } from './steps.ts';
import { storeSecretValue } from './store-value.ts';
import type { CreatedSecret, SecretDestination, StoredIn } from './types.ts';

export interface Creation {
  graph: Client;
  session: AdminSessionHandle;
  target: { tenant: string; cloud: ResolvedCloud };
  app: AppRegistration;
  plan: SecretPlan;
  destination: SecretDestination;
  /** A person is there to be shown the value when storing fails (creation only). */
  interactive: boolean;
  keepOnStoreFailure?: boolean;
  step(s: CreationStep): void;
  /** Rotation: recorded with the intent, so recovery knows what to do with the replaced credential. */
  rotation?: RotationIntent;
  /**
   * Runs once the credential exists and is journaled, before the value is stored (rotation's proof that it
   * gets a token). Throwing removes the new credential again and rethrows: nothing ever holds an unproven value.
   */
  beforeStore?: (made: { keyId: string; value: string }) => Promise<void>;
}

export interface AddedAndStored {
  created: CreatedSecret;
  journal: SecretJournal;
  /** In state "stored"; the caller finishes it. */
  entry: JournalEntry;
}

function destinationText(d: SecretDestination): string {
  return d.kind === 'profile' ? `profile:${d.profile}` : `keyvault:${d.vault}/${d.name}${d.profile ? ` (profile:${d.profile})` : ''}`;
}

export function where(d: SecretDestination): string {
  return d.kind === 'profile' ? `profile '${d.profile}'` : `Key Vault ${d.vault}/${d.name}`;
}

export async function addAndStore(deps: AdminDeps, c: Creation): Promise<AddedAndStored> {
  const journal = new SecretJournal(journalDir(deps.paths));
  let entry = journal.begin({
    tenant: c.session.session.tenantId ?? c.target.tenant, cloud: c.target.cloud.key, authorityHost: c.target.cloud.authorityHost, graphUrl: c.target.cloud.graphUrl,
    appObjectId: c.app.id, appId: c.app.appId, appDisplayName: c.app.displayName, displayName: c.plan.displayName, destination: destinationText(c.destination),
    ...(c.rotation ? { rotation: c.rotation } : {}),
  }, c.plan.startDateTime);
  c.step('intent-journaled');

  let added: Awaited<ReturnType<typeof addPassword>>;
  try {
    added = await addPassword(c.graph, c.app.id, { displayName: c.plan.displayName, startDateTime: c.plan.startDateTime, endDateTime: c.plan.endDateTime });
  } catch (err) {
    throw await afterFailedAdd(err, c, journal, entry);
  }
  c.step('created');
  entry = journal.created(entry, added.keyId);
  c.step('created-journaled');
  const value = added.secretText;

  if (c.beforeStore) {
    try {
      await c.beforeStore({ keyId: added.keyId, value });
    } catch (err) {
      throw await rolledBack(deps, c, journal, entry, added.keyId, err);
    }
  }

  let storedIn: StoredIn;
  let stored = false;
  try {
    storedIn = await storeSecretValue(deps, c.destination, {
      value, appId: c.app.appId, keyId: added.keyId, displayName: c.plan.displayName, endDateTime: c.plan.endDateTime, cloud: c.target.cloud,
      credential: c.session.credential, http: c.session.http,
    }, {
      beforeWrite: (key) => {
        entry = journal.storing(entry, key);
        c.step('store-key-journaled');
      },
      step: (s) => {
        // In Key Vault the value is held once written. A profile holds it once it reads the new key: the step
        // is reported before the journal says so, as a kill may come between them (recovery then sees the
        // profile reading the journal's store key, recover.ts).
        const holder = !stored && ((s === 'value-written' && c.destination.kind === 'keyvault') || s === 'profile-switched');
        if (holder && s === 'profile-switched') c.step(s);
        if (holder) {
          entry = journal.stored(entry);
          stored = true;
        }
        if (!(holder && s === 'profile-switched')) c.step(s);
      },
    });
  } catch (err) {
    if (stored) {
      // The value is held (in Key Vault): the credential stays; only switching the profile failed.
      journal.finish(entry);
      throw new SecretCreationError('store', `The client secret '${c.plan.displayName}' (keyId ${added.keyId}) was created and saved to ${where(c.destination)}, but the profile could not be switched to it: ${redact((err as Error)?.message ?? String(err), [value])}`,
        'The profile still uses its previous secret, which still works. Point it at the new one with entra-auth-cli config edit.');
    }
    throw await afterFailedStore(deps, c, journal, entry, { keyId: added.keyId, value }, err);
  }
  if (!stored) entry = journal.stored(entry);
  c.step('stored-journaled');

  const created = {
    application: c.app.displayName, appId: c.app.appId, appObjectId: c.app.id, tenant: entry.tenant,
    displayName: added.displayName ?? c.plan.displayName, keyId: added.keyId, hint: added.hint ?? null,
    startDateTime: added.startDateTime ?? c.plan.startDateTime.toISOString(), endDateTime: added.endDateTime ?? c.plan.endDateTime.toISOString(),
    days: c.plan.days, storedIn,
  } as CreatedSecret;
  Object.defineProperty(created, 'secretText', { value, enumerable: false, writable: false });
  return { created, journal, entry };
}

/**
 * The step before storing refused the new credential (rotation: it never got a token): it is removed again
 * and the error goes on with what was done. If even the removal fails, the entry stays for the next run.
 */
async function rolledBack(deps: AdminDeps, c: Creation, journal: SecretJournal, entry: JournalEntry, keyId: string, err: unknown): Promise<unknown> {
  try {
    await removePassword(c.graph, c.app.id, keyId);
    journal.finish(entry);
    return err;
  } catch (e) {
    deps.interaction.warn(`Could not remove the new client secret '${c.plan.displayName}' (keyId ${keyId}) from ${appLabel(c.app)} again: ${redact((e as Error)?.message ?? String(e))}. `
      + `entra-auth-cli tries again on its next run (journal ${journal.fileOf(entry)}).`);
    return err;
  }
}

/**
 * addPassword failed. A refusal (4xx) created nothing: the journal entry is done. A network failure or a
 * server error may have created it anyway: look, and remove what our request made; if even that cannot be
 * checked, the entry stays and the next run of any command finishes the job.
 */
async function afterFailedAdd(err: unknown, c: Creation, journal: SecretJournal, entry: JournalEntry): Promise<unknown> {
  const failure = graphFailure(err, c.app, c.session, 'creating the client secret');
  const ambiguous = failure instanceof SecretCreationError && failure.kind === 'network';
  if (!ambiguous) {
    journal.finish(entry);
    return failure;
  }
  try {
    const fresh = await findApplication(c.graph, c.app.appId);
    for (const cred of fresh?.passwordCredentials ?? []) if (matchesIntent(cred, entry)) await removePassword(c.graph, c.app.id, cred.keyId);
    journal.finish(entry);
    return new SecretCreationError('network', failure.message, 'Nothing was created (checked). Check the network (proxy, firewall, VPN) and try again.');
  } catch {
    return new SecretCreationError('network', failure.message,
      `Graph may have created the secret '${entry.displayName}' anyway; entra-auth-cli checks on its next run and removes it if so (journal ${journal.fileOf(entry)}). Check the network and try again.`);
  }
}

/**
 * Storing the value failed after Graph created the secret. The value must not be lost and no orphan left
 * unexplained. With the person there: the value is shown (through the port) with what to do, and they choose
 * whether to roll back; if it cannot be shown, it is rolled back. Without: rolled back, unless
 * --keep-on-store-failure, which keeps it and hands the value to the CLI to print once (error.keptValue).
 */
async function afterFailedStore(deps: AdminDeps, c: Creation, journal: SecretJournal, entry: JournalEntry, made: { keyId: string; value: string }, err: unknown): Promise<SecretCreationError> {
  const { interaction } = deps;
  const reason = redact((err as Error)?.message?.split(/\r?\n/)[0] ?? String(err), [made.value]);
  const what = `The client secret '${c.plan.displayName}' (keyId ${made.keyId}) was created in ${appLabel(c.app)}, but saving it to ${where(c.destination)} failed: ${reason}`;
  const removeBy = `remove it in the Azure portal (App registrations > ${c.app.displayName} > Certificates & secrets > '${c.plan.displayName}') or with \`az ad app credential delete --id ${c.app.appId} --key-id ${made.keyId}\``;
  // A value written under a fresh key that no profile took: nobody reads it, it goes with the credential.
  const dropOrphanValue = async () => {
    if (entry.storeKey) await (await deps.secrets()).delete(entry.storeKey).catch(() => undefined);
  };

  const rollBack = async (): Promise<boolean> => {
    try {
      await removePassword(c.graph, c.app.id, made.keyId);
      await dropOrphanValue();
      return true;
    } catch (e) {
      interaction.warn(`Could not remove it again: ${redact((e as Error)?.message ?? String(e), [made.value])}`);
      return false;
    }
  };

  if (c.interactive) {
    interaction.warn(`⚠ ${what}`);
    if (await interaction.revealOnce({ label: `client secret ${c.plan.displayName} of ${c.app.displayName}`, value: made.value })) {
      interaction.notice('Save the value by hand now (a password manager, or: entra-auth-cli config edit -p NAME --client-secret-stdin).');
      interaction.notice(`If you keep it and no longer need it later, ${removeBy}.`);
      const undo = await interaction.confirm({ flag: '--keep-on-store-failure', message: 'Remove the new secret from the app again (roll back)?', default: false });
      if (undo && (await rollBack())) {
        journal.finish(entry);
        return new SecretCreationError('store', `${what}. It was removed from the app again (rolled back).`);
      }
      if (!undo) {
        journal.finish(entry);
        return new SecretCreationError('store', `${what}. The secret was kept; its value was shown above.`, `To remove it: ${removeBy}.`);
      }
      // Wanted gone but could not be removed: the entry stays for the next run, as below.
      return new SecretCreationError('store', `${what}. Removing it again failed.`, `entra-auth-cli tries to remove it again on its next run (journal ${journal.fileOf(entry)}); or ${removeBy}.`);
    }
  } else if (c.keepOnStoreFailure) {
    journal.finish(entry);
    const e = new SecretCreationError('store', `${what}. The secret was kept and its value printed once.`, `To remove it: ${removeBy}.`);
    interaction.warn(`${what}. Kept (--keep-on-store-failure): its value is printed on stdout, once; save it by hand now.`);
    Object.defineProperty(e, 'keptValue', { value: made.value, enumerable: false, writable: false });
    return e;
  }
  if (await rollBack()) {
    journal.finish(entry);
    return new SecretCreationError('store', `${what}. It was removed from the app again (rolled back), so nothing is left behind.`,
      c.rotation ? 'The profile still uses its previous secret, which still works. Fix the cause and run the rotation again.'
        : 'Fix the cause and run the command again; or pass --keep-on-store-failure to keep such a secret and print its value instead.');
  }
  // The entry stays: the next run of any command tries again to remove the secret.
  return new SecretCreationError('store', `${what}. Removing it again failed too; its value was not printed.`,
    `entra-auth-cli tries to remove it again on its next run (journal ${journal.fileOf(entry)}); or ${removeBy}.`);
}
