// What comes before a new client secret is created, shared by secret creation (create.ts) and rotation
// (rotate.ts): reading the app, the lifetime its app management policy allows (offered as the maximum, or
// refused), the Key Vault sign-in checked before anything exists, and the one translation of Graph and
// network failures into the errors users expect (issue 5, item 3).
import type { Client } from '@microsoft/microsoft-graph-client';
import { ActionableError } from '../../core/actionable-error.ts';
import type { ResolvedCloud } from '../../core/cloud.ts';
import { redact } from '../../core/redact.ts';
import { secretAllowance, type SecretAllowance } from '../../core/secret-policy.ts';
import { findApplication, type AppRegistration } from '../../entra/graph/applications.ts';
import { GraphApiError } from '../../entra/graph/client.ts';
import { passwordRestrictions } from '../../entra/graph/policies.ts';
import type { AdminDeps } from '../admin/deps.ts';
import type { AdminSessionHandle } from '../admin/session.ts';
import { appLabel, networkError, networkFailureText, notFoundError, permissionError, SecretCreationError } from './errors.ts';

export async function readApplication(graph: Client, target: { appId: string; tenant: string }, session: AdminSessionHandle): Promise<AppRegistration> {
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

/** The lifetime to create with: `requested`, or the policy's maximum when the person (or --yes) accepts it. */
export async function chooseLifetime(deps: AdminDeps, graph: Client, app: AppRegistration, requested: number, options: { assumeYes?: boolean }): Promise<number> {
  const allowance = await readAllowance(graph, app);
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
export async function preflightKeyVault(session: AdminSessionHandle, cloud: ResolvedCloud, app: AppRegistration): Promise<void> {
  try {
    // What the Key Vault SDK will ask the session's credential for.
    await session.credential.getToken(`${cloud.keyVaultResource}/.default`);
  } catch (err) {
    const e = err as ActionableError;
    throw new SecretCreationError('store', `Cannot sign in to Key Vault as ${session.who}: ${redact(e.message ?? String(err))} Nothing was created in ${appLabel(app)}.`, e.hint);
  }
}

/** Graph and network failures as the errors users expect (issue 5, item 3). */
export function graphFailure(err: unknown, app: { appId: string; displayName?: string }, session: AdminSessionHandle, doing: string): unknown {
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
