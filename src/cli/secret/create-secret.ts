// Creating a client secret in Entra and saving it where it belongs (issue 5). The API other commands call:
//
//   createClientSecret(ctx, target, options) -> CreatedSecret
//     ctx:     { io, prompter?, now }        prompter: questions (policy maximum, roll back?) when io.canPrompt
//     target:  { appId, tenant, cloud }      cloud: resolveCloud(...) / resolveProfileCloud(profile)
//     options: { days?, destination, deviceCode?, adminClientId?, assumeYes?, browser?, keepOnStoreFailure? }
//       destination { kind: 'profile', profile }: the value goes to the secret store under
//         secretKey.clientSecret(profile). profiles.json is touched only if that profile already exists as a
//         ClientSecret profile: its secret becomes { kind: 'stored' } (it may have used a reference) and its
//         cached tokens are dropped. A profile that does not exist yet (config create) is saved by the caller
//         afterwards, with secret { kind: 'stored' }.
//       destination { kind: 'keyvault', vault, name, profile? }: SetSecret in that vault (tags appId, keyId,
//         expiry; contentType; expiresOn = the credential's end); an existing ClientSecret profile named by
//         `profile` then holds the reference keyvault://VAULT/NAME (storedIn.reference, for a new profile).
//     It signs the admin in when no cached session can be used (browser, or device code), reads the app and
//     its app management policy, keeps a journal entry from before addPassword until the value is stored,
//     and returns the created secret; it prints progress and warnings on stderr, never the value.
//   showCreatedSecret(io, created, { display })   the one-time panel + details table + "✓ Secret created ..."
//   SecretCreationError (extends CliError) with kind 'permission' | 'not-found' | 'network' | 'policy' | 'store':
//     interactive callers catch it and offer "Would you like to enter an existing secret instead? (y/n)".
//     Sign-in failures and usage problems are plain CliError / UsageError.
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
import { CliError, EXIT, UsageError } from '../errors.ts';
import { line, paint, type Io } from '../io.ts';
import type { Prompter } from '../ui/prompts.ts';
import { notSignedInError, openAdminSession, type AdminSessionHandle } from './admin-session.ts';
import { secretPanel } from './display.ts';
import { journalDir, matchesIntent } from './journal-check.ts';
import {
  appLabel, networkError, networkFailureText, notFoundError, permissionError, SecretCreationError,
} from './errors.ts';
import { storeSecretValue } from './store-value.ts';
import type { CreatedSecret, SecretDestination, StoredIn } from './types.ts';

export { showCreatedSecret } from './display.ts';
export { SecretCreationError, type SecretCreationErrorKind } from './errors.ts';
export type { CreatedSecret, SecretDestination, StoredIn } from './types.ts';

export interface CreateSecretContext {
  io: Io;
  prompter?: Prompter;
  now: Date;
}

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
  /** Non-interactive: when storing fails, keep the credential and print its value instead of rolling back. */
  keepOnStoreFailure?: boolean;
  /** Browser / device-code sign-in timeout (default 300 s). */
  timeoutSeconds?: number;
}

/**
 * Fault injection for tests (EAC_TEST_FAIL_AFTER_CREATE): right after Graph created the secret and the
 * journal recorded it, 'kill' kills this process (SIGKILL: nothing runs after it, as with a power cut) and
 * 'store' makes storing the value fail. Used by test/e2e/secret-create.test.ts; never set it otherwise.
 */
function faultAfterCreate(env: NodeJS.ProcessEnv): 'kill' | 'store' | undefined {
  const v = env.EAC_TEST_FAIL_AFTER_CREATE;
  return v === 'kill' || v === 'store' ? v : undefined;
}

export async function createClientSecret(ctx: CreateSecretContext, target: CreateSecretTarget, options: CreateSecretOptions): Promise<CreatedSecret> {
  const { io } = ctx;
  const requested = options.days ?? DEFAULT_SECRET_DAYS;
  if (!Number.isInteger(requested) || requested < 1 || requested > 3650) throw new UsageError(`invalid --days '${String(options.days)}': a whole number of days from 1 to 3650.`);
  checkDestination(options.destination);
  const interactive = Boolean(ctx.prompter) && io.canPrompt;
  const allowSignIn = interactive || Boolean(options.deviceCode);

  const session = await openAdminSession(io, target, allowSignIn
    ? { deviceCode: options.deviceCode, browser: options.browser, adminClientId: options.adminClientId, timeoutSeconds: options.timeoutSeconds, notice: true }
    : undefined);
  if (!session) throw notSignedInError(target, 'for secret management');
  try {
    // The token first: a sign-in problem is reported as such, not as whatever Graph's client makes of it.
    await session.graphToken();
    const graph = await session.graph();
    const app = await readApplication(graph, target, session);
    const days = await chooseLifetime(ctx, app, await readAllowance(graph, app), requested, options);
    if (options.destination.kind === 'keyvault') await preflightKeyVault(session, target, app);
    return await createAndStore(ctx, { graph, session, target, app, plan: planSecret(ctx.now, days), options, interactive });
  } finally {
    session.close();
  }
}

function checkDestination(d: SecretDestination): void {
  if (d.kind === 'profile') {
    const problem = validate.profileName(d.profile);
    if (problem) throw new UsageError(`invalid profile name: ${problem}`);
    return;
  }
  const problem = validate.secretReference(`keyvault://${d.vault}/${d.name}`);
  if (problem) throw new UsageError(`invalid --to-keyvault '${d.vault}/${d.name}': use VAULT/NAME, a vault name of 3-24 letters, digits or dashes and a secret name of letters, digits or dashes.`);
  if (d.profile !== undefined && validate.profileName(d.profile)) throw new UsageError(`invalid profile name: ${validate.profileName(d.profile)}`);
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

async function chooseLifetime(ctx: CreateSecretContext, app: AppRegistration, allowance: SecretAllowance | undefined, requested: number, options: CreateSecretOptions): Promise<number> {
  if (!allowance) return requested;
  if (allowance.blocked) throw blockedError(app, allowance.policyId);
  const max = allowance.maxDays;
  if (max === undefined || requested <= max) return requested;
  const rule = `The app management policy '${allowance.policyId}' allows client secrets of at most ${max} day${max === 1 ? '' : 's'} for ${appLabel(app)}; ${requested} days is longer.`;
  if (max < 1) throw new SecretCreationError('policy', rule, 'Client secrets cannot be created under this policy; use a certificate instead.');
  if (options.assumeYes) {
    line(ctx.io.err, `${rule} Creating it with the maximum, ${max} days (--yes).`);
    return max;
  }
  if (ctx.prompter && ctx.io.canPrompt) {
    line(ctx.io.err, rule);
    if (await ctx.prompter.confirm({ message: `Create it with the maximum of ${max} days instead?`, default: true })) return max;
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
    const e = err as CliError;
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
}

function destinationText(d: SecretDestination): string {
  return d.kind === 'profile' ? `profile:${d.profile}` : `keyvault:${d.vault}/${d.name}${d.profile ? ` (profile:${d.profile})` : ''}`;
}

async function createAndStore(ctx: CreateSecretContext, c: Creation): Promise<CreatedSecret> {
  const { io } = ctx;
  const journal = new SecretJournal(journalDir(io.env));
  let entry = journal.begin({
    tenant: c.session.session.tenantId ?? c.target.tenant, cloud: c.target.cloud.key, authorityHost: c.target.cloud.authorityHost, graphUrl: c.target.cloud.graphUrl,
    appObjectId: c.app.id, appId: c.app.appId, appDisplayName: c.app.displayName, displayName: c.plan.displayName, destination: destinationText(c.options.destination),
  }, c.plan.startDateTime);

  let added: Awaited<ReturnType<typeof addPassword>>;
  try {
    added = await addPassword(c.graph, c.app.id, { displayName: c.plan.displayName, startDateTime: c.plan.startDateTime, endDateTime: c.plan.endDateTime });
  } catch (err) {
    throw await afterFailedAdd(err, c, journal, entry);
  }
  entry = journal.created(entry, added.keyId);
  const value = added.secretText;
  const fault = faultAfterCreate(io.env);
  if (fault === 'kill') process.kill(process.pid, 'SIGKILL');

  let storedIn: StoredIn;
  try {
    if (fault === 'store') throw new Error('simulated failure of the secret store (EAC_TEST_FAIL_AFTER_CREATE=store)');
    storedIn = await storeSecretValue(io, c.options.destination, {
      value, appId: c.app.appId, keyId: added.keyId, displayName: c.plan.displayName, endDateTime: c.plan.endDateTime, cloud: c.target.cloud, session: c.session,
    });
  } catch (err) {
    throw await afterFailedStore(ctx, c, journal, entry, { keyId: added.keyId, value }, err);
  }
  entry = journal.stored(entry);
  journal.finish(entry);
  await removeRetryDuplicates(c, entry, added.keyId);

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
 * Graph's client retries a POST that timed out or got a 5xx; if the first attempt had in fact created the
 * secret, a second credential with our name and start time now exists that nobody holds the value of.
 * Remove it (best effort: if the app cannot be read now, nothing else is at stake).
 */
async function removeRetryDuplicates(c: Creation, entry: JournalEntry, keep: string): Promise<void> {
  try {
    const fresh = await findApplication(c.graph, c.app.appId);
    for (const cred of fresh?.passwordCredentials ?? []) {
      if (cred.keyId !== keep && matchesIntent(cred, entry)) await removePassword(c.graph, c.app.id, cred.keyId);
    }
  } catch { /* the secret we keep is stored; a duplicate, if any, stays visible under our name */ }
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
  if (err instanceof CliError) return err;
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

/**
 * Storing the value failed after Graph created the secret. The value must not be lost and no orphan left
 * unexplained: show it with instructions and ask whether to roll back (interactive), or roll back
 * (non-interactive) unless --keep-on-store-failure, which prints the value instead.
 */
async function afterFailedStore(ctx: CreateSecretContext, c: Creation, journal: SecretJournal, entry: JournalEntry, made: { keyId: string; value: string }, err: unknown): Promise<SecretCreationError> {
  const { io } = ctx;
  const reason = redact((err as Error)?.message?.split(/\r?\n/)[0] ?? String(err), [made.value]);
  const where = c.options.destination.kind === 'profile' ? `profile '${c.options.destination.profile}'` : `Key Vault ${c.options.destination.vault}/${c.options.destination.name}`;
  const what = `The client secret '${c.plan.displayName}' (keyId ${made.keyId}) was created in ${appLabel(c.app)}, but saving it to ${where} failed: ${reason}`;
  const removeBy = `remove it in the Azure portal (App registrations > ${c.app.displayName} > Certificates & secrets > '${c.plan.displayName}') or with \`az ad app credential delete --id ${c.app.appId} --key-id ${made.keyId}\``;
  const c2 = paint(io);

  const rollBack = async (): Promise<boolean> => {
    try {
      await removePassword(c.graph, c.app.id, made.keyId);
      return true;
    } catch (e) {
      line(io.err, `Could not remove it again: ${redact((e as Error)?.message ?? String(e), [made.value])}`);
      return false;
    }
  };

  if (c.interactive && ctx.prompter) {
    line(io.err, c2.yellow(`⚠ ${what}`));
    io.err.write(secretPanel(io, made.value));
    line(io.err, `Save the value by hand now (a password manager, or: entra-auth-cli config edit -p NAME --client-secret-stdin).`);
    line(io.err, `If you keep it and no longer need it later, ${removeBy}.`);
    const undo = await ctx.prompter.confirm({ message: 'Remove the new secret from the app again (roll back)?', default: false });
    if (undo && (await rollBack())) {
      journal.finish(entry);
      return new SecretCreationError('store', `${what}. It was removed from the app again (rolled back).`);
    }
    journal.finish(entry);
    return new SecretCreationError('store', `${what}. The secret was kept; its value was shown above.`, `To remove it: ${removeBy}.`);
  }

  if (c.options.keepOnStoreFailure) {
    io.out.write(secretPanel(io, made.value));
    line(io.err, `${what}. Kept (--keep-on-store-failure): its value is printed above on stdout, once; save it by hand now.`);
    journal.finish(entry);
    return new SecretCreationError('store', `${what}. The secret was kept and its value printed once.`, `To remove it: ${removeBy}.`);
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
