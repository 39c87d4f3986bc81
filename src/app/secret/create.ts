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
import { type ResolvedCloud } from '../../core/cloud.ts';
import { validate, type CloudName } from '../../core/profile.ts';
import { DEFAULT_SECRET_DAYS, planSecret } from '../../core/secret-naming.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { notSignedInError, openAdminSession } from '../admin/session.ts';
import { addAndStore } from './add-and-store.ts';
import { InvalidRequestError } from './errors.ts';
import { chooseLifetime, preflightKeyVault, readApplication } from './new-secret-plan.ts';
import type { CreationStep } from './steps.ts';
import type { CreatedSecret, SecretDestination } from './types.ts';

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
    const days = await chooseLifetime(deps, graph, app, requested, options);
    if (options.destination.kind === 'keyvault') await preflightKeyVault(session, target.cloud, app);
    step('planned');
    const { created, journal, entry } = await addAndStore(deps, {
      graph, session, target, app, plan: planSecret(deps.clock(), days), destination: options.destination, interactive,
      keepOnStoreFailure: options.keepOnStoreFailure, step,
    });
    journal.finish(entry);
    step('done');
    return created;
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
