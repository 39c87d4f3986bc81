// `leak respond`: the playbook for a leaked client secret (docs/lifecycle.md "Leaked secrets").
//
//   respondToLeak(deps, { target, appId, keyId, since, replacement?, assumeYes?, ... }) -> LeakResponse
//
// 0. Confirm first (a terminal, or --yes): the credential is revoked whatever else happens, and whatever
//    still uses it stops working. Nothing is changed before the answer.
// 1. Replace. Every local profile that uses the credential is rotated to a new secret, proven, with the
//    leaked one removed at once (app/secret/rotate.ts replaceAppCredential, --remove-old now: its journal
//    makes it kill-safe, and the next command finishes a rotation a kill interrupted). No local profile uses
//    it: a new secret goes where `replacement` says (Key Vault, a profile) and is proven, or none is made.
// 2. Revoke. If the credential is still there (the rotation keeps an old credential it cannot prove
//    replaceable, or there was no rotation), removePassword — even when the replacement failed or could not
//    be verified: a leaked secret must die; a production outage is the lesser harm, and the person was told
//    before confirming. A re-run finds it gone and goes on.
// 3. List the sign-ins that used the key since `since` (beta auditLogs/signIns: time, IP, resource, status),
//    each flagged when its IP or resource was never seen with the app's other keys in the same window.
// Each step is reported through the port's progress (RESPOND_STEPS, plus the rotation's and creation's own).
import { ActionableError } from '../../core/actionable-error.ts';
import { assembleProfile, defaultScopes } from '../../core/profile-draft.ts';
import type { Profile } from '../../core/profile.ts';
import { redact } from '../../core/redact.ts';
import { findApplication, removePassword, type AppRegistration, type PasswordCredential } from '../../entra/graph/applications.ts';
import { isReportUnavailable, listServicePrincipalSignIns, type ServicePrincipalSignIn } from '../../entra/graph/reports.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { notSignedInError, openAdminSession, type AdminSessionHandle, type AdminTarget } from '../admin/session.ts';
import { createClientSecret, type SecretDestination, type StoredIn } from '../secret/create.ts';
import { appLabel, EXIT_FAILURE, InvalidRequestError, notFoundError } from '../secret/errors.ts';
import { replaceAppCredential, type RotationResult } from '../secret/rotate.ts';
import { DEFAULT_VERIFY_TIMEOUT_MS, verifyNewSecret } from '../secret/rotate-verify.ts';

export const RESPOND_STEPS = [
  /** The person said yes (or --yes); nothing changed before. */
  'confirmed',
  /** The replacement is in place (or none was asked for, or it failed: the result says which). */
  'replaced',
  /** The leaked credential is gone from the app. */
  'revoked',
  /** Its sign-ins are read. */
  'sign-ins-listed',
] as const;
export type RespondStep = (typeof RESPOND_STEPS)[number];

/** Where a replacement goes when no local profile uses the leaked credential. */
export type ReplacementTarget = { kind: 'keyvault'; vault: string; name: string } | { kind: 'profile'; profile: string } | { kind: 'none' };

export interface RespondOptions {
  target: AdminTarget;
  appId: string;
  keyId: string;
  since: Date;
  /** Used only when no local profile uses the credential; undefined: asked on a terminal. */
  replacement?: ReplacementTarget;
  assumeYes?: boolean;
  days?: number;
  verifyTimeoutMs?: number;
  deviceCode?: boolean;
  browser?: boolean;
  adminClientId?: string;
}

export type ReplacementOutcome =
  | { kind: 'rotated'; profiles: Pick<RotationResult, 'profile' | 'new' | 'verifiedAfterSeconds'>[] }
  | { kind: 'created'; keyId: string; displayName: string; endDateTime: string; storedIn: StoredIn; verifiedAfterSeconds: number | null }
  | { kind: 'none' }
  | { kind: 'failed'; reason: string };

export interface LeakSignIn {
  createdDateTime: string;
  ipAddress: string | null;
  resource: string | null;
  resourceId: string | null;
  status: string;
  /** The IP / resource was never seen with the app's other keys in the window (null: no other key signed in). */
  newIp: boolean | null;
  newResource: boolean | null;
}

export interface LeakResponse {
  app: { appId: string; displayName: string; id: string };
  keyId: string;
  credential: { displayName: string | null; hint: string | null; endDateTime: string } | null;
  replacement: ReplacementOutcome;
  revoked: 'revoked' | 'already-gone';
  since: string;
  /** null: the sign-in logs cannot be read here (AuditLog.Read.All, a P1 licence). */
  signIns: LeakSignIn[] | null;
}

export async function respondToLeak(deps: AdminDeps, o: RespondOptions): Promise<LeakResponse> {
  const step = (s: RespondStep) => deps.interaction.progress?.(s);
  const allowSignIn = deps.interaction.interactive || Boolean(o.deviceCode);
  const session = await openAdminSession(deps, o.target, allowSignIn
    ? { deviceCode: o.deviceCode, browser: o.browser, adminClientId: o.adminClientId, notice: true }
    : undefined);
  if (!session) throw notSignedInError(o.target, 'to answer a leak');
  try {
    const graph = await session.graph();
    const app = await findApplication(graph, o.appId);
    if (!app) throw notFoundError(o.appId, o.target.tenant);
    const leaked = app.passwordCredentials.find((c) => c.keyId.toLowerCase() === o.keyId.toLowerCase());
    if (leaked) await confirmRevocation(deps, app, leaked, o);
    else deps.interaction.notice(`The credential ${o.keyId} is no longer in ${appLabel(app)}: nothing to replace or revoke; listing its sign-ins.`);
    step('confirmed');

    const replacement = leaked ? await replace(deps, session, o, app) : ({ kind: 'none' } as const);
    step('replaced');
    const revoked = leaked ? await revoke(deps, session, app, o.keyId) : 'already-gone';
    step('revoked');
    const signIns = await leakedKeySignIns(deps, session, app, o);
    step('sign-ins-listed');
    return {
      app: { appId: app.appId, displayName: app.displayName, id: app.id }, keyId: leaked?.keyId ?? o.keyId,
      credential: leaked ? { displayName: leaked.displayName, hint: leaked.hint, endDateTime: leaked.endDateTime } : null,
      replacement, revoked, since: o.since.toISOString(), signIns,
    };
  } finally {
    session.close();
  }
}

async function confirmRevocation(deps: AdminDeps, app: AppRegistration, c: PasswordCredential, o: RespondOptions): Promise<void> {
  const what = `credential ${c.keyId}${c.displayName ? ` '${c.displayName}'` : ''}${c.hint ? ` (hint ${c.hint})` : ''} of ${appLabel(app)}`;
  const why = `A leaked secret must die: ${what} is revoked even if its replacement fails or cannot be verified, and whatever still uses it stops working at once.`;
  if (o.assumeYes) {
    deps.interaction.notice(`${why} (--yes)`);
    return;
  }
  deps.interaction.notice(why);
  if (!(await deps.interaction.confirm({ flag: '--yes', message: `Replace and revoke ${what}?`, default: false, why: `revoking ${what} needs a confirmation` }))) {
    throw new ActionableError(`Nothing was changed: ${what} still works.`, `When ready: entra-auth-cli leak respond --app ${app.appId} --key-id ${c.keyId}`, EXIT_FAILURE);
  }
}

/**
 * Step 1: rotate the local profiles that use it, or make a replacement where asked. A failed replacement is
 * reported, not thrown (the revocation follows); not knowing where a replacement goes is thrown before
 * anything changed (no profile used the key, so no rotation ran).
 */
async function replace(deps: AdminDeps, session: AdminSessionHandle, o: RespondOptions, app: AppRegistration): Promise<ReplacementOutcome> {
  const { interaction } = deps;
  const failed = (err: unknown): ReplacementOutcome => {
    if (err instanceof InvalidRequestError) throw err;
    const reason = redact((err as Error)?.message ?? String(err));
    interaction.warn(`The replacement failed: ${reason}. The leaked credential is revoked anyway.`);
    return { kind: 'failed', reason };
  };
  const users = Object.values(deps.profiles.read().profiles).some((p) => p.authMethod === 'ClientSecret' && p.clientId.toLowerCase() === app.appId.toLowerCase());
  if (users) {
    try {
      const done = await replaceAppCredential(deps, {
        appId: app.appId, keyId: o.keyId, removeOld: 'now', assumeYes: true,
        ...(o.days !== undefined ? { days: o.days } : {}), ...(o.verifyTimeoutMs !== undefined ? { verifyTimeoutMs: o.verifyTimeoutMs } : {}),
      });
      if (done.rotated.length) {
        if (o.replacement) interaction.notice(`Local profile${done.rotated.length === 1 ? '' : 's'} ${done.rotated.map((r) => `'${r.profile}'`).join(', ')} used the leaked credential and now use${done.rotated.length === 1 ? 's' : ''} a new one; the replacement flags were not needed.`);
        return { kind: 'rotated', profiles: done.rotated.map((r) => ({ profile: r.profile, new: r.new, verifiedAfterSeconds: r.verifiedAfterSeconds })) };
      }
    } catch (err) {
      return failed(err);
    }
  }
  const where = o.replacement ?? (await askWhere(deps, app));
  if (where.kind === 'none') {
    interaction.notice('No replacement was made (--no-replacement): whatever used the leaked secret needs a new one.');
    return { kind: 'none' };
  }
  try {
    return await createReplacement(deps, session, o, app, where);
  } catch (err) {
    return failed(err);
  }
}

async function askWhere(deps: AdminDeps, app: AppRegistration): Promise<ReplacementTarget> {
  const flag = '--to-keyvault VAULT/NAME, --profile NAME or --no-replacement';
  const why = `no local profile uses the leaked credential of ${appLabel(app)}, so where its replacement goes must be said`;
  const kind = await deps.interaction.choose<'keyvault' | 'profile' | 'none'>({
    flag, why, message: 'No local profile uses the leaked secret. Where should its replacement go?',
    choices: [
      { value: 'keyvault', name: 'A Key Vault secret (VAULT/NAME)' },
      { value: 'profile', name: 'A profile of entra-auth-cli' },
      { value: 'none', name: 'Nowhere: revoke only (the service that used it gets a new secret another way)' },
    ],
  });
  if (kind === 'none') return { kind };
  if (kind === 'profile') return { kind, profile: await deps.interaction.ask({ flag: '--profile NAME', message: 'Profile name' }) };
  const ref = await deps.interaction.ask({ flag: '--to-keyvault VAULT/NAME', message: 'Key Vault secret (VAULT/NAME)', validate: (v) => (/^[^/\s]+\/[^/\s]+$/.test(v) ? undefined : 'VAULT/NAME') });
  const [vault, name] = ref.split('/') as [string, string];
  return { kind, vault, name };
}

async function createReplacement(deps: AdminDeps, session: AdminSessionHandle, o: RespondOptions, app: AppRegistration, where: Exclude<ReplacementTarget, { kind: 'none' }>): Promise<ReplacementOutcome> {
  const tenant = session.session.tenantId ?? o.target.tenant;
  const destination: SecretDestination = where.kind === 'keyvault'
    ? { kind: 'keyvault', vault: where.vault, name: where.name }
    : { kind: 'profile', profile: where.profile, ...(deps.profiles.get(where.profile) ? {} : { create: newProfile(deps, where.profile, o, app.appId, tenant) }) };
  if (where.kind === 'profile') {
    const existing = deps.profiles.get(where.profile);
    if (existing && (existing.authMethod !== 'ClientSecret' || existing.clientId.toLowerCase() !== app.appId.toLowerCase())) {
      throw new InvalidRequestError(`Profile '${where.profile}' is not a ClientSecret profile of ${appLabel(app)}: name another (a new one is created), or use --to-keyvault.`);
    }
  }
  const created = await createClientSecret(deps, { appId: app.appId, tenant, cloud: o.target.cloud, ...(o.target.cloudName ? { cloudName: o.target.cloudName } : {}) }, {
    destination, assumeYes: true, ...(o.days !== undefined ? { days: o.days } : {}),
  });
  let verifiedAfterSeconds: number | null = null;
  try {
    verifiedAfterSeconds = await verifyNewSecret({
      cloud: o.target.cloud, tenant, clientId: app.appId, scopes: [], value: created.secretText, http: session.http, timeoutMs: o.verifyTimeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS,
    });
  } catch (err) {
    deps.interaction.warn(`The replacement '${created.displayName}' (keyId ${created.keyId}) was saved but did not get a token yet (${redact((err as Error)?.message ?? String(err), [created.secretText])}); check it with entra-auth-cli health.`);
  }
  return { kind: 'created', keyId: created.keyId, displayName: created.displayName, endDateTime: created.endDateTime, storedIn: created.storedIn, verifiedAfterSeconds };
}

function newProfile(deps: AdminDeps, name: string, o: RespondOptions, appId: string, tenant: string): Profile {
  const cloud = o.target.cloudName ?? o.target.cloud.name;
  if (cloud === 'custom') throw new InvalidRequestError(`--profile ${name}: a new profile of a custom cloud is made with entra-auth-cli config create; or use --to-keyvault.`);
  return assembleProfile({
    name, cloud, tenant, clientId: appId, authMethod: 'ClientSecret', scopes: defaultScopes(cloud), defaultFlow: 'client-credentials', secret: { kind: 'stored' },
  }, deps.clock());
}

/** Step 2: removePassword unless it is gone already (the rotation removed it, or a run before this one). */
async function revoke(deps: AdminDeps, session: AdminSessionHandle, app: AppRegistration, keyId: string): Promise<'revoked' | 'already-gone'> {
  const graph = await session.graph();
  const now = await findApplication(graph, app.appId);
  if (!now?.passwordCredentials.some((c) => c.keyId.toLowerCase() === keyId.toLowerCase())) return 'revoked';
  try {
    await removePassword(graph, app.id, keyId);
  } catch (err) {
    throw new ActionableError(`Revoking the leaked credential ${keyId} of ${appLabel(app)} failed: ${redact((err as Error)?.message ?? String(err))}. It still works.`,
      `Run the same command again, or remove it in the Azure portal (App registrations > ${app.displayName} > Certificates & secrets), or: az ad app credential delete --id ${app.appId} --key-id ${keyId}`, EXIT_FAILURE);
  }
  return 'revoked';
}

/** Sign-ins of the app's other keys read for the IP / resource flags, at most. */
const BASELINE = 1000;

/** Step 3: the key's sign-ins since `since`, each flagged against what the app's other keys did in the window. */
async function leakedKeySignIns(deps: AdminDeps, session: AdminSessionHandle, app: AppRegistration, o: RespondOptions): Promise<LeakSignIn[] | null> {
  const graph = await session.graph();
  const mine: ServicePrincipalSignIn[] = [];
  const ips = new Set<string>();
  const resources = new Set<string>();
  let others = 0;
  try {
    for await (const s of listServicePrincipalSignIns(graph, { appId: app.appId, keyId: o.keyId, since: o.since })) mine.push(s);
    // The baseline: the app's successful sign-ins with its other keys in the same window (at most BASELINE).
    for await (const s of listServicePrincipalSignIns(graph, { appId: app.appId, since: o.since })) {
      if (s.status.errorCode !== 0 || s.servicePrincipalCredentialKeyId?.toLowerCase() === o.keyId.toLowerCase()) continue;
      if (s.ipAddress) ips.add(s.ipAddress);
      if (s.resourceId) resources.add(s.resourceId);
      if (++others >= BASELINE) break;
    }
  } catch (err) {
    if (!isReportUnavailable(err)) throw err;
    deps.interaction.warn(`The sign-in logs cannot be read as ${session.who} (they need AuditLog.Read.All and a Microsoft Entra ID P1 licence): look in the Azure portal (Enterprise applications > ${app.displayName} > Sign-in logs > Service principal sign-ins, filtered by the credential key ID ${o.keyId}).`);
    return null;
  }
  return mine.map((s) => ({
    createdDateTime: s.createdDateTime, ipAddress: s.ipAddress, resource: s.resourceDisplayName, resourceId: s.resourceId,
    status: s.status.errorCode === 0 ? 'success' : `failure (AADSTS${s.status.errorCode})`,
    newIp: others && s.ipAddress ? !ips.has(s.ipAddress) : null,
    newResource: others && s.resourceId ? !resources.has(s.resourceId) : null,
  }));
}
