// Creating a client secret in Entra and saving it where it belongs (issue 5). The use case other parts call:
//
//   createClientSecret(deps, target, options) -> CreatedSecret
//     deps:    AdminDeps (app/admin/deps.ts): the Interaction port (the policy-maximum question, "roll back?",
//              notices, the value shown when storing failed, progress steps), stores, clock, HTTP, sign-in UI.
//     target:  { appId, tenant, cloud }      cloud: resolveCloud(...) / the factory's cloud(profile)
//     options: { days?, destination, deviceCode?, adminClientId?, assumeYes?, browser?, keepOnStoreFailure? }
//       destination { kind: 'profile', profile }: the value goes to the secret store under a fresh key and the
//         profile switches to it in one transaction (app/profile/save-profile.ts); `create` / `save` make a
//         new profile or apply a whole change with it (config create / edit).
//       destination { kind: 'keyvault', vault, name, profile? }: SetSecret in that vault (tags appId, keyId,
//         expiry; contentType; expiresOn = the credential's end); an existing ClientSecret profile named by
//         `profile` then holds the reference keyvault://VAULT/NAME.
//     It signs the admin in when no cached session can be used (and the person is there, or --device-code),
//     reads the app and its app management policy, keeps a journal entry from before addPassword until the
//     value is stored (store/journal.ts; steps in steps.ts), and returns the created secret. It never shows
//     the value, except through the port when storing failed and the person may save it by hand.
//   SecretCreationError (errors.ts) with kind 'permission' | 'not-found' | 'network' | 'policy' | 'store':
//     interactive callers catch it and offer "Would you like to enter an existing secret instead?". A
//     'store' error of --keep-on-store-failure carries the kept value (keptValue, non-enumerable) for the CLI.
import type { Client } from '@microsoft/microsoft-graph-client';
import { type ResolvedCloud } from '../../core/cloud.ts';
import { validate, type CloudName } from '../../core/profile.ts';
import { redact } from '../../core/redact.ts';
import { DEFAULT_SECRET_DAYS, planSecret, type SecretPlan } from '../../core/secret-naming.ts';
import { secretAllowance, type SecretAllowance } from '../../core/secret-policy.ts';
import { addPassword, findApplication, removePassword, type AppRegistration } from '../../entra/graph/applications.ts';
import { GraphApiError } from '../../entra/graph/client.ts';
import { passwordRestrictions } from '../../entra/graph/policies.ts';
import { SecretJournal, type JournalEntry } from '../../store/journal.ts';
import { ActionableError } from '../../core/actionable-error.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { notSignedInError, openAdminSession, type AdminSessionHandle } from '../admin/session.ts';
import {
  appLabel, InvalidRequestError, networkError, networkFailureText, notFoundError, permissionError, SecretCreationError,
} from './errors.ts';
import { journalDir, matchesIntent } from './journal-check.ts';
import type { CreationStep } from './steps.ts';
import { storeSecretValue } from './store-value.ts';
import type { CreatedSecret, SecretDestination, StoredIn } from './types.ts';

export { SecretCreationError, type SecretCreationErrorKind } from './errors.ts';
export type { CreatedSecret, SecretDestination, StoredIn } from './types.ts';

export interface CreateSecretTarget {
  appId: string;
  tenant: string;
  cloud: ResolvedCloud;
  /** The profile's cloud name when known (else derived from the endpoints). */
  cloudName?: CloudName;
}

export interface CreateSecretOptions {
  /** Lifetime in days (default 180). */
  days?: number;
  destination: SecretDestination;
  deviceCode?: boolean;
  adminClientId?: string;
  /** Accept the policy's maximum lifetime without asking (--yes). */
  assumeYes?: boolean;
  /** false (--no-browser): print the sign-in URL instead of opening a browser. */
  browser?: boolean;
  /** Non-interactive: when storing fails, keep the credential and hand its value back instead of rolling back. */
  keepOnStoreFailure?: boolean;
  /** Browser / device-code sign-in timeout (default 300 s). */
  timeoutSeconds?: number;
}

export async function createClientSecret(deps: AdminDeps, target: CreateSecretTarget, options: CreateSecretOptions): Promise<CreatedSecret> {
  const requested = options.days ?? DEFAULT_SECRET_DAYS;
  if (!Number.isInteger(requested) || requested < 1 || requested > 3650) throw new InvalidRequestError(`invalid --days '${String(options.days)}': a whole number of days from 1 to 3650.`);
  checkDestination(options.destination);
  const interactive = deps.interaction.interactive;
  const allowSignIn = interactive || Boolean(options.deviceCode);
  const step = (s: CreationStep) => deps.interaction.progress?.(s);

  const session = await openAdminSession(deps, target, allowSignIn
    ? { deviceCode: options.deviceCode, browser: options.browser, adminClientId: options.adminClientId, timeoutSeconds: options.timeoutSeconds, notice: true }
    : undefined);
  if (!session) throw notSignedInError(target, 'for secret management');
  try {
    // The token first: a sign-in problem is reported as such, not as whatever Graph's client makes of it.
    await session.graphToken();
    step('signed-in');
    const graph = await session.graph();
    const app = await readApplication(graph, target, session);
    const days = await chooseLifetime(deps, app, await readAllowance(graph, app), requested, options);
    if (options.destination.kind === 'keyvault') await preflightKeyVault(session, target, app);
    step('planned');
    return await createAndStore(deps, { graph, session, target, app, plan: planSecret(deps.clock(), days), options, interactive, step });
  } finally {
    session.close();
  }
}

function checkDestination(d: SecretDestination): void {
  if (d.kind === 'profile') {
    const problem = validate.profileName(d.profile);
    if (problem) throw new InvalidRequestError(`invalid profile name: ${problem}`);
    return;
  }
  const problem = validate.secretReference(`keyvault://${d.vault}/${d.name}`);
  if (problem) throw new InvalidRequestError(`invalid --to-keyvault '${d.vault}/${d.name}': use VAULT/NAME, a vault name of 3-24 letters, digits or dashes and a secret name of letters, digits or dashes.`);
  if (d.profile !== undefined && validate.profileName(d.profile)) throw new InvalidRequestError(`invalid profile name: ${validate.profileName(d.profile)}`);
}

async function readApplication(graph: Client, target: CreateSecretTarget, session: AdminSessionHandle): Promise<AppRegistration> {
  let app: AppRegistration | undefined;
  try {
    app = await findApplication(graph, target.appId);
  } catch (err) {
    throw graphFailure(err, { appId: target.appId }, session, 'reading the application');
  }
  if (!app) throw notFoundError(target.appId, target.tenant);
  return app;
}

/** The policy's allowance, or undefined when it cannot be read (no permission): addPassword then says. */
async function readAllowance(graph: Client, app: AppRegistration): Promise<SecretAllowance | undefined> {
  try {
    const p = await passwordRestrictions(graph, app);
    return p ? secretAllowance(p.policyId, p.restrictions, app.createdDateTime) : undefined;
  } catch {
    return undefined;
  }
}

async function chooseLifetime(deps: AdminDeps, app: AppRegistration, allowance: SecretAllowance | undefined, requested: number, options: CreateSecretOptions): Promise<number> {
  if (!allowance) return requested;
  if (allowance.blocked) throw blockedError(app, allowance.policyId);
  const max = allowance.maxDays;
  if (max === undefined || requested <= max) return requested;
  const rule = `The app management policy '${allowance.policyId}' allows client secrets of at most ${max} day${max === 1 ? '' : 's'} for ${appLabel(app)}; ${requested} days is longer.`;
  if (max < 1) throw new SecretCreationError('policy', rule, 'Client secrets cannot be created under this policy; use a certificate instead.');
  if (options.assumeYes) {
    deps.interaction.notice(`${rule} Creating it with the maximum, ${max} days (--yes).`);
    return max;
  }
  if (deps.interaction.interactive) {
    deps.interaction.notice(rule);
    if (await deps.interaction.confirm({ flag: '--yes', message: `Create it with the maximum of ${max} days instead?`, default: true, why: rule })) return max;
    throw new SecretCreationError('policy', rule, `Allowed lifetime: up to ${max} days.`);
  }
  throw new SecretCreationError('policy', rule, `Allowed lifetime: up to ${max} days. Pass --days ${max} (or less), or --yes to accept the maximum.`);
}

function blockedError(app: { appId: string; displayName?: string }, policyId: string | undefined): SecretCreationError {
  return new SecretCreationError('policy',
    `Client secrets are blocked for ${appLabel(app)} by the app management policy${policyId ? ` '${policyId}'` : ''} (restriction passwordAddition).`,
    'Use a certificate instead: upload its public part (App registrations > the app > Certificates & secrets > Certificates) and make a profile with '
    + '`entra-auth-cli config create --auth-method Certificate --certificate PATH`; or ask an administrator to exempt this app from the policy.');
}

/** Key Vault sign-in before anything is created, so a missing consent does not strand a new secret. */
async function preflightKeyVault(session: AdminSessionHandle, target: CreateSecretTarget, app: AppRegistration): Promise<void> {
  try {
    // What the Key Vault SDK will ask the session's credential for.
    await session.credential.getToken(`${target.cloud.keyVaultResource}/.default`);
  } catch (err) {
    const e = err as ActionableError;
    throw new SecretCreationError('store', `Cannot sign in to Key Vault as ${session.who}: ${redact(e.message ?? String(err))} Nothing was created in ${appLabel(app)}.`, e.hint);
  }
}

interface Creation {
  graph: Client;
  session: AdminSessionHandle;
  target: CreateSecretTarget;
  app: AppRegistration;
  plan: SecretPlan;
  options: CreateSecretOptions;
  interactive: boolean;
  step(s: CreationStep): void;
}

function destinationText(d: SecretDestination): string {
  return d.kind === 'profile' ? `profile:${d.profile}` : `keyvault:${d.vault}/${d.name}${d.profile ? ` (profile:${d.profile})` : ''}`;
}

async function createAndStore(deps: AdminDeps, c: Creation): Promise<CreatedSecret> {
  const journal = new SecretJournal(journalDir(deps.paths));
  let entry = journal.begin({
    tenant: c.session.session.tenantId ?? c.target.tenant, cloud: c.target.cloud.key, authorityHost: c.target.cloud.authorityHost, graphUrl: c.target.cloud.graphUrl,
    appObjectId: c.app.id, appId: c.app.appId, appDisplayName: c.app.displayName, displayName: c.plan.displayName, destination: destinationText(c.options.destination),
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

  let storedIn: StoredIn;
  let stored = false;
  try {
    storedIn = await storeSecretValue(deps, c.options.destination, {
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
        const holder = !stored && ((s === 'value-written' && c.options.destination.kind === 'keyvault') || s === 'profile-switched');
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
      throw new SecretCreationError('store', `The client secret '${c.plan.displayName}' (keyId ${added.keyId}) was created and saved to ${where(c.options.destination)}, but the profile could not be switched to it: ${redact((err as Error)?.message ?? String(err), [value])}`,
        'The profile still uses its previous secret, which still works. Point it at the new one with entra-auth-cli config edit.');
    }
    throw await afterFailedStore(deps, c, journal, entry, { keyId: added.keyId, value }, err);
  }
  if (!stored) entry = journal.stored(entry);
  c.step('stored-journaled');
  journal.finish(entry);
  c.step('done');

  const created = {
    application: c.app.displayName, appId: c.app.appId, appObjectId: c.app.id, tenant: entry.tenant,
    displayName: added.displayName ?? c.plan.displayName, keyId: added.keyId, hint: added.hint ?? null,
    startDateTime: added.startDateTime ?? c.plan.startDateTime.toISOString(), endDateTime: added.endDateTime ?? c.plan.endDateTime.toISOString(),
    days: c.plan.days, storedIn,
  } as CreatedSecret;
  Object.defineProperty(created, 'secretText', { value, enumerable: false, writable: false });
  return created;
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

/** Graph and network failures as the errors users expect (issue 5, item 3). */
function graphFailure(err: unknown, app: { appId: string; displayName?: string }, session: AdminSessionHandle, doing: string): unknown {
  if (err instanceof ActionableError) return err;
  const net = networkFailureText(err);
  if (net) return networkError(redact(net));
  if (err instanceof GraphApiError) {
    if (err.status === 403 || err.status === 401) return permissionError(app, session.who, `Graph: ${err.code}`);
    if (err.status === 404) return notFoundError(app.appId, session.session.tenant);
    if (err.code === 'CredentialTypeNotAllowedAsPerAppPolicy') return blockedError(app, /'([^']+)'/.exec(err.message)?.[1]);
    if (err.code === 'CredentialInvalidLifetimeAsPerAppPolicy') {
      return new SecretCreationError('policy', `The app management policy of ${appLabel(app)} does not allow a client secret this long (Graph: ${redact(err.message)}).`,
        'The allowed lifetime could not be read before (reading policies needs Policy.Read.All); try a shorter --days, e.g. --days 90, or ask an administrator for the policy\'s maximum.');
    }
    return networkError(redact(`Microsoft Graph answered ${err.status} ${err.code} while ${doing}: ${err.message}`));
  }
  return err;
}

function where(d: SecretDestination): string {
  return d.kind === 'profile' ? `profile '${d.profile}'` : `Key Vault ${d.vault}/${d.name}`;
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
  const what = `The client secret '${c.plan.displayName}' (keyId ${made.keyId}) was created in ${appLabel(c.app)}, but saving it to ${where(c.options.destination)} failed: ${reason}`;
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
  } else if (c.options.keepOnStoreFailure) {
    journal.finish(entry);
    const e = new SecretCreationError('store', `${what}. The secret was kept and its value printed once.`, `To remove it: ${removeBy}.`);
    interaction.warn(`${what}. Kept (--keep-on-store-failure): its value is printed on stdout, once; save it by hand now.`);
    Object.defineProperty(e, 'keptValue', { value: made.value, enumerable: false, writable: false });
    return e;
  }
  if (await rollBack()) {
    journal.finish(entry);
    return new SecretCreationError('store', `${what}. It was removed from the app again (rolled back), so nothing is left behind.`,
      'Fix the cause and run the command again; or pass --keep-on-store-failure to keep such a secret and print its value instead.');
  }
  // The entry stays: the next run of any command tries again to remove the secret.
  return new SecretCreationError('store', `${what}. Removing it again failed too; its value was not printed.`,
    `entra-auth-cli tries to remove it again on its next run (journal ${journal.fileOf(entry)}); or ${removeBy}.`);
}
