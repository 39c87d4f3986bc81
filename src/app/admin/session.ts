// The admin session behind secret management: find the cached one for a cloud + tenant, sign an
// administrator in when there is none (browser with PKCE, or device code when asked or when no browser can
// open), or sign in a service principal for pipelines. Hands out Microsoft Graph tokens and a Key Vault
// TokenCredential from the same session. What is said to the person goes through the Interaction port.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Client } from '@microsoft/microsoft-graph-client';
import { AuthError } from '@azure/msal-node';
import { ActionableError } from '../../core/actionable-error.ts';
import { adminSignInAdvice } from '../../core/admin-sign-in-advice.ts';
import { cloudFromKey, type ResolvedCloud } from '../../core/cloud.ts';
import { jwtClaims } from '../../core/jwt.ts';
import { isGuid, type CloudName, type CustomCloud } from '../../core/profile.ts';
import { redact } from '../../core/redact.ts';
import { AdminCredential, graphScopes, SignInNeeded } from '../../entra/credentials/admin-credential.ts';
import { NetworkError, type HttpClient } from '../../entra/http.ts';
import { msalSetup, type AcquiredToken, type ConfidentialCredential, type MsalSetup } from '../../entra/msal/setup.ts';
import { SignInTimeout } from '../../entra/msal/user-sign-in.ts';
import { loadClientCertificate, msalCertificate } from '../../store/certificate-file.ts';
import {
  adminCacheDir, adminCacheName, adminCredentialKey, adminSecretKey, DEFAULT_ADMIN_CLIENT_ID, readSettings, sessionId, settingsPath, type AdminSession, type AdminSessionStore,
} from '../../store/admin-sessions.ts';
import { secretKey, type SecretBackend } from '../../store/secret-store.ts';
import { TokenCachePlugin } from '../../store/token-cache-plugin.ts';
import { tokenCachePath } from '../../store/token-cache-file.ts';
import { EXIT_FAILURE, EXIT_NEEDS_USER_ACTION, InvalidRequestError } from '../secret/errors.ts';
import type { AdminDeps } from './deps.ts';

export const PERMISSION_NOTICE = 'Creating a new secret requires signing in with an account that has\nApplication.ReadWrite.All or Application.ReadWrite.OwnedBy permission.';

/** Where secret management signs in: a tenant in a cloud. */
export interface AdminTarget {
  tenant: string;
  cloud: ResolvedCloud;
  /** The cloud's name when the caller knows it (a profile's cloud); derived from the endpoints otherwise. */
  cloudName?: CloudName;
}

export interface SignInOptions {
  /** --device-code */
  deviceCode?: boolean;
  /** false with --no-browser: print the sign-in URL instead of opening a browser. */
  browser?: boolean;
  /** --admin-client-id */
  adminClientId?: string;
  timeoutSeconds?: number;
  /** Print the permission notice before signing in (secret creation does; login does too). */
  notice?: boolean;
}

/**
 * The `login` flags that reach a cloud again, for hints: none for the public cloud, --cloud NAME for the
 * others, and a profile of that cloud for a custom one (a hint must never send a local session to the public cloud).
 */
export function cloudFlags(cloudKey: string): string {
  if (cloudKey === 'public') return '';
  if (cloudKey.startsWith('custom:')) return ' --profile <A-PROFILE-OF-THAT-CLOUD>';
  return ` --cloud ${cloudKey}`;
}

/** `entra-auth-cli login ...` for a tenant of a cloud, as hints show it. */
export function loginCommand(s: { tenant: string; cloudKey: string }, extra = ''): string {
  return `entra-auth-cli login${extra} --tenant ${s.tenant}${cloudFlags(s.cloudKey)}`;
}

/** The endpoints of a saved session now (a local one follows the running emulator to its current port). */
export function sessionCloud(s: AdminSession, deps: Pick<AdminDeps, 'emulator'>): ResolvedCloud {
  return cloudFromKey(s.cloudKey, s, () => deps.emulator())!;
}

/** The admin client for a new user sign-in: the flag, EAC_ADMIN_CLIENT_ID, settings.json, or Graph PowerShell. */
export function adminClientIdFor(deps: Pick<AdminDeps, 'adminClientId' | 'paths'>, flag: string | undefined): string {
  const chosen = flag ?? deps.adminClientId ?? readSettings(deps.paths.config).adminClientId ?? DEFAULT_ADMIN_CLIENT_ID;
  if (!isGuid(chosen)) throw new InvalidRequestError(`invalid --admin-client-id '${chosen}': it must be an application (client) ID, a GUID.`);
  return chosen.toLowerCase();
}

/** A signed-in admin, ready to hand out tokens. Call close() when done (it holds an HTTPS agent). */
export class AdminSessionHandle {
  /** The session's TokenCredential, for Graph and Key Vault. */
  readonly credential: AdminCredential;

  constructor(
    readonly session: AdminSession,
    readonly target: AdminTarget,
    private readonly ctx: SessionContext,
    deps: AdminDeps,
    signIn: SignInOptions | undefined,
  ) {
    const identity = session.kind === 'user'
      ? { kind: 'user' as const, ...(session.homeAccountId ? { homeAccountId: session.homeAccountId } : {}), ...(session.name ? { username: session.name } : {}) }
      : { kind: 'service-principal' as const, credential: () => spCredential(session, ctx.secrets, () => deps.clock()) };
    const again = signIn && ((scopes: string[]) => {
      deps.interaction.notice(`Signing ${session.name ?? 'you'} in again for ${scopes.join(' ')} (consent or a new sign-in is needed for it).`);
      return adminSignInUi(deps, signIn);
    });
    this.credential = new AdminCredential(ctx.setup, identity, again || undefined);
  }

  get http(): HttpClient { return this.ctx.http; }

  /** Who, for messages: "admin@contoso.com" or "service principal <appId>". */
  get who(): string {
    return this.session.kind === 'user' ? this.session.name ?? 'the signed-in user' : `service principal ${this.session.name ? `'${this.session.name}' ` : ''}(${this.session.clientId})`;
  }

  /** The scopes secret management asks Graph for. */
  get graphScopes(): string[] {
    return graphScopes(this.target.cloud.graphResource, this.session.kind);
  }

  graphToken(): Promise<AcquiredToken> {
    return this.tokenFor(this.graphScopes);
  }

  /** Microsoft Graph with this session's token (entra/graph). */
  async graph(): Promise<Client> {
    const { createGraphClient } = await import('../../entra/graph/client.ts');
    return createGraphClient({ http: this.ctx.http, graphUrl: this.target.cloud.graphUrl, credential: this.credential, scopes: this.graphScopes });
  }

  /**
   * A token for `scopes` from this session: a service principal asks for RESOURCE/.default; a user's token
   * comes from the cache or its refresh token, else (when signing in is allowed) a new sign-in of the same
   * account, e.g. to consent to Key Vault.
   */
  async tokenFor(scopes: string[]): Promise<AcquiredToken> {
    try {
      return await this.credential.acquire(scopes);
    } catch (err) {
      if (err instanceof SignInNeeded) {
        throw new ActionableError(`The admin sign-in of ${this.who} for tenant '${this.session.tenant}' has expired or needs consent for ${scopes.join(' ')}.`,
          `Sign in again: ${loginCommand(this.session)}`, EXIT_NEEDS_USER_ACTION);
      }
      throw adminAuthError(err, this.ctx, this.session.kind, this.session.tenant);
    }
  }

  close(): void {
    this.ctx.http.close();
  }
}

interface SessionContext {
  http: HttpClient;
  secrets: SecretBackend;
  setup: MsalSetup;
  store: AdminSessionStore;
  settingsPath: string;
  clientId: string;
  defaultClient: boolean;
}

async function sessionContext(deps: AdminDeps, target: AdminTarget, id: string, clientId: string, tenant: string): Promise<SessionContext> {
  const { paths } = deps;
  const http = deps.newHttp(target.cloud);
  const warn = (m: string) => deps.interaction.warn(m);
  try {
    const secrets = await deps.secrets();
    const cache = await TokenCachePlugin.open(adminCacheName(id), { config: paths.config, cache: adminCacheDir(paths.cache) }, secrets, warn);
    const setup = msalSetup({ cloud: target.cloud, tenant, clientId, cache, http, ...(deps.debug ? { debug: (m: string) => deps.debug!(redact(m)) } : {}) });
    return { http, secrets, setup, store: deps.sessions, settingsPath: settingsPath(paths.config), clientId, defaultClient: clientId === DEFAULT_ADMIN_CLIENT_ID };
  } catch (err) {
    http.close();
    throw err;
  }
}

/**
 * No admin session and no way to start one here (no terminal): the one error for every command that needs
 * a session. With no tenant named ('organizations'), the hint shows a placeholder rather than the alias.
 */
export function notSignedInError(target: Pick<AdminTarget, 'tenant' | 'cloudName'>, purpose: string): ActionableError {
  const named = target.tenant !== 'organizations';
  const t = named ? target.tenant : '<TENANT-ID-OR-DOMAIN>';
  const cloud = target.cloudName && target.cloudName !== 'public' && target.cloudName !== 'custom' ? ` --cloud ${target.cloudName}` : '';
  return new ActionableError(`Not signed in${named ? ` to tenant '${target.tenant}'` : ''} ${purpose} (and no terminal to sign in on).`,
    `Sign in first: entra-auth-cli login --tenant ${t}${cloud}   (a person; add --device-code on a machine without a browser)\n`
    + `  or, in a pipeline: printf %s "$SP_SECRET" | entra-auth-cli login --service-principal --tenant ${t}${cloud} --client-id "$SP_CLIENT_ID" --client-secret-stdin`, EXIT_NEEDS_USER_ACTION);
}

/** The saved session for this target, if any (no network). */
export function findSession(deps: Pick<AdminDeps, 'sessions'>, target: AdminTarget): AdminSession | undefined {
  return deps.sessions.find(target.cloud.key, target.tenant);
}

/**
 * The admin session for `target`: the saved one (its token checked now), else a new user sign-in when
 * `signIn` allows it. `signIn` undefined means never sign in (recovery, whoami): then undefined is
 * returned when there is no usable session.
 */
export async function openAdminSession(deps: AdminDeps, target: AdminTarget, signIn: SignInOptions | undefined): Promise<AdminSessionHandle | undefined> {
  const saved = findSession(deps, target);
  const wantedClient = signIn?.adminClientId ? adminClientIdFor(deps, signIn.adminClientId) : undefined;
  if (saved && (!wantedClient || saved.clientId === wantedClient || saved.kind === 'service-principal')) {
    const ctx = await sessionContext(deps, target, saved.id, saved.clientId, saved.tenantId ?? saved.tenant);
    const handle = new AdminSessionHandle(saved, target, ctx, deps, signIn);
    if (saved.kind === 'service-principal') return handle;
    try {
      if (await handle.credential.silent(handle.graphScopes)) return handle;
    } catch (err) {
      ctx.http.close();
      throw adminAuthError(err, ctx, 'user', saved.tenant);
    }
    ctx.http.close();
    if (!signIn) return undefined;
    deps.interaction.notice(`The admin sign-in of ${saved.name ?? 'the saved account'} has expired; signing in again.`);
  }
  if (!signIn) return undefined;
  // A new sign-in replaces the saved session of this cloud and tenant (found by tenant ID or domain too).
  return loginUser(deps, target, signIn, saved?.kind === 'user' ? saved.id : undefined);
}

/** A new interactive sign-in of a user; the session is saved (replacing this cloud + tenant's) and made current. */
export async function loginUser(deps: AdminDeps, target: AdminTarget, opts: SignInOptions, replaceId?: string): Promise<AdminSessionHandle> {
  const clientId = adminClientIdFor(deps, opts.adminClientId);
  const key = target.cloud.key;
  const id = replaceId ?? findSession(deps, target)?.id ?? sessionId(key, target.tenant);
  const ctx = await sessionContext(deps, target, id, clientId, target.tenant);
  try {
    if (opts.notice !== false) deps.interaction.notice(PERMISSION_NOTICE);
    const { account } = await AdminCredential.signIn(ctx.setup, graphScopes(target.cloud.graphResource, 'user'), adminSignInUi(deps, opts));
    const session: AdminSession = {
      id, cloudKey: key, authorityHost: target.cloud.authorityHost, graphUrl: target.cloud.graphUrl,
      tenant: target.tenant, tenantId: account.tenantId, ...localDomain(deps, key, target.tenant), ...(target.cloud.custom ? { custom: target.cloud.custom } : {}),
      kind: 'user', clientId, name: account.username, homeAccountId: account.homeAccountId, signedInAt: deps.clock().toISOString(),
    };
    await saveSession(ctx, session);
    return new AdminSessionHandle(session, target, ctx, deps, opts);
  } catch (err) {
    ctx.http.close();
    throw adminAuthError(err, ctx, 'user', target.tenant);
  }
}

export type ServicePrincipalCredentialInput =
  | { kind: 'secret'; secret: string }
  | { kind: 'certificate'; path: string; format: 'pem' | 'pfx'; password?: string };

/** `login --service-principal`: proves the credential with a Graph token, then saves it (secret store) and the session. */
export async function loginServicePrincipal(deps: AdminDeps, target: AdminTarget, clientId: string, input: ServicePrincipalCredentialInput): Promise<AdminSessionHandle> {
  const key = target.cloud.key;
  const id = findSession(deps, target)?.id ?? sessionId(key, target.tenant);
  const ctx = await sessionContext(deps, target, id, clientId.toLowerCase(), target.tenant);
  try {
    const credential = async (): Promise<ConfidentialCredential> => {
      if (input.kind === 'secret') return { clientSecret: input.secret };
      return certificateCredential(clientId, input.path, input.format, input.password, deps.clock());
    };
    const sp = new AdminCredential(ctx.setup, { kind: 'service-principal', credential });
    const token = await sp.acquire(graphScopes(target.cloud.graphResource, 'service-principal'), { forceRefresh: true });
    const claims = jwtClaims(token.accessToken);
    // Only now, with the credential proven, does it go to the secret store: under a fresh key the saved session
    // does not read, so a kill before the session is saved leaves the old session with its old value (the same
    // order as saving a profile, app/profile/save-profile.ts).
    const value = input.kind === 'secret' ? input.secret : input.password;
    const valueKey = value === undefined ? undefined
      : adminSecretKey.fresh(id, input.kind === 'secret' ? 'client-secret' : 'certificate-password', randomBytes(6).toString('hex'));
    if (valueKey !== undefined) await ctx.secrets.set(valueKey, value!);
    const session: AdminSession = {
      id, cloudKey: key, authorityHost: target.cloud.authorityHost, graphUrl: target.cloud.graphUrl,
      tenant: target.tenant, ...(typeof claims.tid === 'string' ? { tenantId: claims.tid } : {}), ...localDomain(deps, key, target.tenant), ...(target.cloud.custom ? { custom: target.cloud.custom } : {}),
      kind: 'service-principal', clientId: clientId.toLowerCase(),
      ...(typeof claims.app_displayname === 'string' ? { name: claims.app_displayname } : {}),
      credential: input.kind === 'secret' ? { kind: 'secret', key: valueKey! }
        : { kind: 'certificate', path: input.path, format: input.format, hasPassword: valueKey !== undefined, ...(valueKey ? { key: valueKey } : {}) },
      signedInAt: deps.clock().toISOString(),
    };
    try {
      await saveSession(ctx, session);
    } catch (err) {
      if (valueKey !== undefined) await ctx.secrets.delete(valueKey).catch(() => undefined);
      throw err;
    }
    return new AdminSessionHandle(session, target, ctx, deps, undefined);
  } catch (err) {
    ctx.http.close();
    throw adminAuthError(err, ctx, 'service-principal', target.tenant);
  }
}

async function saveSession(ctx: SessionContext, session: AdminSession): Promise<void> {
  const previous = await ctx.store.update((doc) => {
    const before = doc.sessions[session.id];
    doc.sessions[session.id] = session;
    doc.current = session.id;
    return before;
  });
  // Read back before anyone is told "Signed in": a write that did not take (another process, a file that
  // changed under us) must not look like a session that exists.
  const back = ctx.store.readBack(session.id);
  if (!back || JSON.stringify(back) !== JSON.stringify(session)) {
    throw new ActionableError(`The admin session was not saved: ${ctx.store.path} does not hold it after writing.`,
      'Check that nothing else writes that file, then sign in again.', EXIT_FAILURE);
  }
  // The value the previous session read, now that nothing reads it.
  const before = previous ? adminCredentialKey(previous) : undefined;
  if (before !== undefined && before !== adminCredentialKey(session)) await ctx.secrets.delete(before);
}

/** Removes a session: its record, its token cache and its secrets. */
export async function removeSession(deps: Pick<AdminDeps, 'paths' | 'secrets' | 'sessions'>, session: AdminSession): Promise<void> {
  const { paths } = deps;
  const secrets = await deps.secrets();
  const cacheFile = tokenCachePath(adminCacheDir(paths.cache), adminCacheName(session.id));
  rmSync(cacheFile, { force: true });
  rmSync(`${cacheFile}.lock`, { force: true, recursive: true });
  const recorded = adminCredentialKey(session);
  await secrets.deleteMany([adminSecretKey.clientSecret(session.id), adminSecretKey.certificatePassword(session.id), ...(recorded ? [recorded] : []), secretKey.tokenCacheKey(adminCacheName(session.id))]);
  await deps.sessions.update((doc) => {
    delete doc.sessions[session.id];
    if (doc.current === session.id) doc.current = Object.keys(doc.sessions)[0] ?? null;
  });
}

function localDomain(deps: Pick<AdminDeps, 'emulator'>, key: string, tenant: string): { tenantDomain?: string } {
  if (key !== 'local') return {};
  try {
    const emu = deps.emulator();
    return emu.tenantDomain ? { tenantDomain: emu.tenantDomain } : { tenantDomain: tenant };
  } catch {
    return {};
  }
}

async function spCredential(session: AdminSession, secrets: SecretBackend, now: () => Date): Promise<ConfidentialCredential> {
  const relogin = `${loginCommand(session, ' --service-principal')} --client-id ${session.clientId} ...`;
  if (session.credential?.kind === 'certificate') {
    const password = session.credential.hasPassword ? await secrets.get(adminCredentialKey(session)!) : undefined;
    if (session.credential.hasPassword && password === undefined) throw new ActionableError(`The certificate password of the admin service principal ${session.clientId} is not in ${secrets.location}.`, `Sign in again: ${relogin}`, EXIT_NEEDS_USER_ACTION);
    return certificateCredential(session.clientId, session.credential.path, session.credential.format, password, now());
  }
  const secret = await secrets.get(adminCredentialKey(session) ?? adminSecretKey.clientSecret(session.id));
  if (!secret) throw new ActionableError(`The secret of the admin service principal ${session.clientId} is not in ${secrets.location}.`, `Sign in again: ${relogin}`, EXIT_NEEDS_USER_ACTION);
  return { clientSecret: secret };
}

async function certificateCredential(clientId: string, path: string, format: 'pem' | 'pfx', password: string | undefined, now: Date): Promise<ConfidentialCredential> {
  return msalCertificate(await loadClientCertificate(`service principal ${clientId}`, path, format, password, now));
}

/** How to sign an admin in: the front end's (device code when asked or when no browser can open there). */
function adminSignInUi(deps: AdminDeps, opts: SignInOptions) {
  return deps.signInUi({ deviceCode: Boolean(opts.deviceCode), browser: opts.browser, timeoutSeconds: opts.timeoutSeconds ?? 300 });
}

/** MSAL and network failures of the admin sign-in as messages that say what to do. */
function adminAuthError(err: unknown, ctx: SessionContext, kind: 'user' | 'service-principal', tenant: string): unknown {
  if (err instanceof SignInTimeout) {
    // The loopback listener of an abandoned browser sign-in may keep the process alive: let it end.
    setTimeout(() => process.exit(), 200).unref();
    return err;
  }
  if (err instanceof ActionableError) return new ActionableError(redact(err.message), err.hint && redact(err.hint), err.exitCode);
  if (err instanceof AuthError) {
    const text = /AADSTS\d+/.test(err.errorMessage) ? err.errorMessage : ctx.setup.net.lastEntraError ?? err.errorMessage;
    const advice = adminSignInAdvice(err.errorCode, text, { tenant, clientId: ctx.clientId, defaultClient: ctx.defaultClient && kind === 'user', kind, settingsPath: ctx.settingsPath });
    if (advice) return new ActionableError(redact(advice.message), redact(advice.hint), advice.exitCode);
    const net = ctx.setup.net.lastNetworkError;
    if (net) return new ActionableError(`Could not reach the sign-in service: ${redact(net.message)}${net.causeCode ? ` (${net.causeCode})` : ''}.`, 'Check the network, proxy or firewall, and --cloud; for the local emulator, that it is running.', EXIT_FAILURE);
    return new ActionableError(`The admin sign-in failed (${err.errorCode}: ${redact(err.errorMessage.split(/\r?\n/)[0] ?? '')}).`, 'Run again with EAC_DEBUG=1 for details.', EXIT_FAILURE);
  }
  if (err instanceof NetworkError) return new ActionableError(`Could not reach the sign-in service: ${redact(err.message)}.`, 'Check the network, proxy or firewall.', EXIT_FAILURE);
  return err;
}
