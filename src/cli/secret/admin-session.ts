// The admin session behind secret management: find the cached one for a cloud + tenant, sign an
// administrator in when there is none (browser with PKCE, or device code when asked or when no browser can
// open), or sign in a service principal for pipelines. Hands out Microsoft Graph tokens and a Key Vault
// TokenCredential from the same session. Everything said to the user goes to stderr.
import { rmSync } from 'node:fs';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { AuthError, type INetworkModule, type NetworkRequestOptions } from '@azure/msal-node';
import { ActionableError } from '../../core/actionable-error.ts';
import { adminSignInAdvice } from '../../core/admin-sign-in-advice.ts';
import { cacheEnvironments, isMicrosoftAuthorityHost } from '../../core/authority-aliases.ts';
import { resolveCloud, type ResolvedCloud } from '../../core/cloud.ts';
import { CLOUD_ENDPOINTS, isGuid, type CloudName, type CustomCloud } from '../../core/profile.ts';
import { redact } from '../../core/redact.ts';
import { AdminSignInTimeout, servicePrincipalToken, signInUser, silentUser, type AdminSignInUi } from '../../entra/admin-auth.ts';
import { HttpClient, NetworkError } from '../../entra/http.ts';
import type { AcquiredToken, ConfidentialCredential, MsalSetup } from '../../entra/msal-app.ts';
import { MsalNetwork } from '../../entra/msal-network.ts';
import { appPaths } from '../../store/paths.ts';
import {
  adminCacheDir, adminCacheName, adminSecretKey, AdminSessionsFileError, AdminSessionStore, DEFAULT_ADMIN_CLIENT_ID, readSettings,
  sessionId, settingsPath, type AdminSession,
} from '../../store/admin-sessions.ts';
import { EmulatorNotRunningError, readEmulatorConnection } from '../../store/emulator-connection.ts';
import { openSecretStore, secretKey, type SecretBackend } from '../../store/secret-store.ts';
import { TokenCachePlugin } from '../../store/token-cache-plugin.ts';
import { tokenCachePath } from '../../store/token-cache-file.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { line, type Io } from '../io.ts';
import { openUrl } from '../open-url.ts';

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

/** public | usgov | china | local | custom:<host>: which sign-in service a session belongs to. */
export function cloudKeyOf(target: Pick<AdminTarget, 'cloud' | 'cloudName'>): string {
  if (target.cloudName && target.cloudName !== 'custom') return target.cloudName;
  for (const [name, e] of Object.entries(CLOUD_ENDPOINTS)) if (e.authorityHost === target.cloud.authorityHost) return name;
  // Only the local emulator brings its own CA.
  if (target.cloud.caCertPath) return 'local';
  return `custom:${new URL(target.cloud.authorityHost).host.toLowerCase()}`;
}

/** The resource (audience) of Microsoft Graph in this cloud, as scopes name it. */
export function graphResource(target: Pick<AdminTarget, 'cloud' | 'cloudName'>): string {
  return cloudKeyOf(target) === 'local' ? CLOUD_ENDPOINTS.public.graphUrl : target.cloud.graphUrl.replace(/\/+$/, '');
}

/** The Key Vault resource of this cloud (https://vault.azure.net for the public cloud and the emulator). */
export function keyVaultResource(target: Pick<AdminTarget, 'cloud' | 'cloudName'>): string {
  if (cloudKeyOf(target) === 'local') return 'https://vault.azure.net';
  const host = new URL(target.cloud.keyVaultUrl('vault')).host;
  return `https://${host.slice(host.indexOf('.') + 1)}`;
}

function customOf(target: AdminTarget): CustomCloud | undefined {
  if (!cloudKeyOf(target).startsWith('custom:')) return undefined;
  const host = new URL(target.cloud.keyVaultUrl('vault')).host;
  return { authorityHost: target.cloud.authorityHost, graphUrl: target.cloud.graphUrl, keyVaultSuffix: host.slice(host.indexOf('.')) };
}

/** The endpoints of a saved session now (a local one follows the running emulator to its current port). */
export function sessionCloud(s: AdminSession, env: NodeJS.ProcessEnv): ResolvedCloud {
  if (s.cloudKey === 'local') return resolveCloud({ cloud: 'local' }, readEmulatorConnection(env));
  if (s.cloudKey === 'public' || s.cloudKey === 'usgov' || s.cloudKey === 'china') return resolveCloud({ cloud: s.cloudKey });
  if (s.custom) return resolveCloud({ cloud: 'custom', custom: s.custom });
  return resolveCloud({ cloud: 'custom', custom: { authorityHost: s.authorityHost, graphUrl: s.graphUrl, keyVaultSuffix: '.vault.azure.net' } });
}

/** The admin client for a new user sign-in: the flag, EAC_ADMIN_CLIENT_ID, settings.json, or Graph PowerShell. */
export function adminClientIdFor(io: Io, flag: string | undefined): string {
  const chosen = flag ?? io.env.EAC_ADMIN_CLIENT_ID ?? readSettings(appPaths(io.env).config).adminClientId ?? DEFAULT_ADMIN_CLIENT_ID;
  if (!isGuid(chosen)) throw new UsageError(`invalid --admin-client-id '${chosen}': it must be an application (client) ID, a GUID.`);
  return chosen.toLowerCase();
}

/**
 * MSAL's network module that also remembers Entra's last error text: for a failed device-code request
 * MSAL reports only "post_request_failed: invalid_grant", dropping the AADSTS sentence that says why.
 */
class AdminMsalNetwork extends MsalNetwork {
  /** The first Entra error text since the last successful request. */
  lastEntraError: string | undefined;

  override module(): INetworkModule {
    const inner = super.module();
    return {
      sendGetRequestAsync: (url, options, timeout) => inner.sendGetRequestAsync(url, options, timeout),
      sendPostRequestAsync: async <T>(url: string, options?: NetworkRequestOptions) => {
        let res;
        try {
          res = await inner.sendPostRequestAsync<T>(url, options);
        } catch (err) {
          this.lastEntraError = undefined;
          throw err;
        }
        const body = res.body as { error?: unknown; error_description?: unknown } | undefined;
        // Polling answers (authorization_pending, slow_down) are not the failure.
        // The first error since the last success is the cause: when the device-code request itself is refused,
        // MSAL still polls the token endpoint with no code, and that answer says nothing useful.
        if (res.status < 400) this.lastEntraError = undefined;
        else if (typeof body?.error_description === 'string' && body.error !== 'authorization_pending' && body.error !== 'slow_down') this.lastEntraError ??= body.error_description;
        return res;
      },
    };
  }
}

/** A signed-in admin, ready to hand out tokens. Call close() when done (it holds an HTTPS agent). */
export class AdminSessionHandle {
  constructor(
    readonly session: AdminSession,
    readonly target: AdminTarget,
    private readonly ctx: SessionContext,
    private readonly io: Io,
    private readonly signIn: SignInOptions | undefined,
  ) {}

  get http(): HttpClient { return this.ctx.http; }

  /** Who, for messages: "admin@contoso.com" or "service principal <appId>". */
  get who(): string {
    return this.session.kind === 'user' ? this.session.name ?? 'the signed-in user' : `service principal ${this.session.name ? `'${this.session.name}' ` : ''}(${this.session.clientId})`;
  }

  graphToken(): Promise<AcquiredToken> {
    const g = graphResource(this.target);
    return this.tokenFor(this.session.kind === 'user' ? [`${g}/Application.ReadWrite.All`] : [`${g}/.default`]);
  }

  /**
   * A token for `scopes` from this session: a service principal asks for RESOURCE/.default; a user's token
   * comes from the cache or its refresh token, else (when signing in is allowed) a new sign-in of the same
   * account, e.g. to consent to Key Vault.
   */
  async tokenFor(scopes: string[]): Promise<AcquiredToken> {
    const { setup } = this.ctx;
    try {
      if (this.session.kind === 'service-principal') {
        const resource = scopes[0]!.replace(/\/[^/]*$/, '');
        return await servicePrincipalToken(setup, [`${resource}/.default`], () => spCredential(this.session, this.ctx.secrets));
      }
      const silent = await silentUser(setup, scopes, this.session.homeAccountId);
      if (silent) return silent.token;
      if (!this.signIn) {
        throw new CliError(`The admin sign-in of ${this.who} for tenant '${this.session.tenant}' has expired or needs consent for ${scopes.join(' ')}.`, EXIT.needsUserAction,
          `Sign in again: entra-auth-cli login --tenant ${this.session.tenant}`);
      }
      line(this.io.err, `Signing ${this.session.name ?? 'you'} in again for ${scopes.join(' ')} (consent or a new sign-in is needed for it).`);
      const ui = signInUi(this.io, this.signIn);
      const again = await signInUser(setup, scopes, ui, this.session.name);
      return again.token;
    } catch (err) {
      throw adminAuthError(err, this.ctx, this.session.kind, this.session.tenant);
    }
  }

  /** A TokenCredential for Microsoft's SDKs (Key Vault): tokens for the scopes they ask, from this session. */
  credential(): TokenCredential {
    return {
      getToken: async (scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> => {
        const list = Array.isArray(scopes) ? scopes : [scopes];
        const resource = list[0]!.replace(/\/\.default$/, '');
        const t = await this.tokenFor(this.session.kind === 'user' ? [`${resource}/user_impersonation`] : [`${resource}/.default`]);
        return { token: t.accessToken, expiresOnTimestamp: t.expiresOn.getTime() };
      },
    };
  }

  close(): void {
    this.ctx.http.close();
  }
}

interface SessionContext {
  http: HttpClient;
  net: AdminMsalNetwork;
  secrets: SecretBackend;
  setup: MsalSetup;
  store: AdminSessionStore;
  settingsPath: string;
  clientId: string;
  defaultClient: boolean;
}

async function sessionContext(io: Io, target: AdminTarget, id: string, clientId: string, tenant: string): Promise<SessionContext> {
  const paths = appPaths(io.env);
  const http = new HttpClient({ extraCaFiles: target.cloud.caCertPath ? [target.cloud.caCertPath] : [] });
  const net = new AdminMsalNetwork(http);
  const warn = (m: string) => line(io.err, m);
  try {
    const secrets = await openSecretStore(paths.config, io.env, warn);
    const cache = await TokenCachePlugin.open(adminCacheName(id), { config: paths.config, cache: adminCacheDir(paths.cache) }, secrets, warn);
    cache.learnAuthorityMetadataFrom(() => net.metadata);
    const host = new URL(target.cloud.authorityHost).host;
    const setup: MsalSetup = {
      clientId, authority: `${target.cloud.authorityHost}/${tenant}`,
      knownAuthorities: isMicrosoftAuthorityHost(host) ? [] : [host],
      environments: cacheEnvironments(host),
      cache, net,
      debug: io.env.EAC_DEBUG ? (m) => line(io.err, redact(m)) : undefined,
    };
    return { http, net, secrets, setup, store: new AdminSessionStore(paths.config), settingsPath: settingsPath(paths.config), clientId, defaultClient: clientId === DEFAULT_ADMIN_CLIENT_ID };
  } catch (err) {
    http.close();
    throw err;
  }
}

function sessionStore(io: Io): AdminSessionStore {
  return new AdminSessionStore(appPaths(io.env).config);
}

/** The saved session for this target, if any (no network). */
/**
 * No admin session and no way to start one here (no terminal): the one error for every command that needs
 * a session. With no tenant named ('organizations'), the hint shows a placeholder rather than the alias.
 */
export function notSignedInError(target: Pick<AdminTarget, 'tenant' | 'cloudName'>, purpose: string): CliError {
  const named = target.tenant !== 'organizations';
  const t = named ? target.tenant : '<TENANT-ID-OR-DOMAIN>';
  const cloud = target.cloudName && target.cloudName !== 'public' && target.cloudName !== 'custom' ? ` --cloud ${target.cloudName}` : '';
  return new CliError(`Not signed in${named ? ` to tenant '${target.tenant}'` : ''} ${purpose} (and no terminal to sign in on).`, EXIT.needsUserAction,
    `Sign in first: entra-auth-cli login --tenant ${t}${cloud}   (a person; add --device-code on a machine without a browser)\n`
    + `  or, in a pipeline: printf %s "$SP_SECRET" | entra-auth-cli login --service-principal --tenant ${t}${cloud} --client-id "$SP_CLIENT_ID" --client-secret-stdin`);
}

export function findSession(io: Io, target: AdminTarget): AdminSession | undefined {
  try {
    return sessionStore(io).find(cloudKeyOf(target), target.tenant);
  } catch (err) {
    if (err instanceof AdminSessionsFileError) throw new CliError(err.message);
    throw err;
  }
}

/**
 * The admin session for `target`: the saved one (its token checked now), else a new user sign-in when
 * `signIn` allows it. `signIn` undefined means never sign in (recovery, whoami): then undefined is
 * returned when there is no usable session.
 */
export async function openAdminSession(io: Io, target: AdminTarget, signIn: SignInOptions | undefined): Promise<AdminSessionHandle | undefined> {
  const saved = findSession(io, target);
  const wantedClient = signIn?.adminClientId ? adminClientIdFor(io, signIn.adminClientId) : undefined;
  if (saved && (!wantedClient || saved.clientId === wantedClient || saved.kind === 'service-principal')) {
    const ctx = await sessionContext(io, target, saved.id, saved.clientId, saved.tenantId ?? saved.tenant);
    const handle = new AdminSessionHandle(saved, target, ctx, io, signIn);
    if (saved.kind === 'service-principal') return handle;
    try {
      const g = graphResource(target);
      if (await silentUser(ctx.setup, [`${g}/Application.ReadWrite.All`], saved.homeAccountId)) return handle;
    } catch (err) {
      ctx.http.close();
      throw adminAuthError(err, ctx, 'user', saved.tenant);
    }
    ctx.http.close();
    if (!signIn) return undefined;
    line(io.err, `The admin sign-in of ${saved.name ?? 'the saved account'} has expired; signing in again.`);
  }
  if (!signIn) return undefined;
  // A new sign-in replaces the saved session of this cloud and tenant (found by tenant ID or domain too).
  return loginUser(io, target, signIn, saved?.kind === 'user' ? saved.id : undefined);
}

/** A new interactive sign-in of a user; the session is saved (replacing this cloud + tenant's) and made current. */
export async function loginUser(io: Io, target: AdminTarget, opts: SignInOptions, replaceId?: string): Promise<AdminSessionHandle> {
  const clientId = adminClientIdFor(io, opts.adminClientId);
  const key = cloudKeyOf(target);
  const id = replaceId ?? findSession(io, target)?.id ?? sessionId(key, target.tenant);
  const ctx = await sessionContext(io, target, id, clientId, target.tenant);
  try {
    if (opts.notice !== false) line(io.err, PERMISSION_NOTICE);
    const ui = signInUi(io, opts);
    const g = graphResource(target);
    const { account } = await signInUser(ctx.setup, [`${g}/Application.ReadWrite.All`], ui);
    const session: AdminSession = {
      id, cloudKey: key, authorityHost: target.cloud.authorityHost, graphUrl: target.cloud.graphUrl,
      tenant: target.tenant, tenantId: account.tenantId, ...localDomain(io, key, target.tenant), ...customField(target),
      kind: 'user', clientId, name: account.username, homeAccountId: account.homeAccountId, signedInAt: new Date().toISOString(),
    };
    await saveSession(ctx, session);
    return new AdminSessionHandle(session, target, ctx, io, opts);
  } catch (err) {
    ctx.http.close();
    throw adminAuthError(err, ctx, 'user', target.tenant);
  }
}

export type ServicePrincipalCredentialInput =
  | { kind: 'secret'; secret: string }
  | { kind: 'certificate'; path: string; format: 'pem' | 'pfx'; password?: string };

/** `login --service-principal`: proves the credential with a Graph token, then saves it (secret store) and the session. */
export async function loginServicePrincipal(io: Io, target: AdminTarget, clientId: string, input: ServicePrincipalCredentialInput): Promise<AdminSessionHandle> {
  const key = cloudKeyOf(target);
  const id = findSession(io, target)?.id ?? sessionId(key, target.tenant);
  const ctx = await sessionContext(io, target, id, clientId.toLowerCase(), target.tenant);
  try {
    const credential = async (): Promise<ConfidentialCredential> => {
      if (input.kind === 'secret') return { clientSecret: input.secret };
      return certificateCredential(clientId, input.path, input.format, input.password);
    };
    const g = graphResource(target);
    const token = await servicePrincipalToken(ctx.setup, [`${g}/.default`], credential, true);
    const claims = jwtClaims(token.accessToken);
    // Only now, with the credential proven, does it go to the secret store.
    if (input.kind === 'secret') await ctx.secrets.set(adminSecretKey.clientSecret(id), input.secret);
    else if (input.password !== undefined) await ctx.secrets.set(adminSecretKey.certificatePassword(id), input.password);
    const session: AdminSession = {
      id, cloudKey: key, authorityHost: target.cloud.authorityHost, graphUrl: target.cloud.graphUrl,
      tenant: target.tenant, ...(typeof claims.tid === 'string' ? { tenantId: claims.tid } : {}), ...localDomain(io, key, target.tenant), ...customField(target),
      kind: 'service-principal', clientId: clientId.toLowerCase(),
      ...(typeof claims.app_displayname === 'string' ? { name: claims.app_displayname } : {}),
      credential: input.kind === 'secret' ? { kind: 'secret' } : { kind: 'certificate', path: input.path, format: input.format, hasPassword: input.password !== undefined },
      signedInAt: new Date().toISOString(),
    };
    await saveSession(ctx, session);
    return new AdminSessionHandle(session, target, ctx, io, undefined);
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
  // A service principal's secret that the new session no longer uses.
  if (previous?.kind === 'service-principal' && previous.credential?.kind === 'secret' && session.credential?.kind !== 'secret') {
    await ctx.secrets.delete(adminSecretKey.clientSecret(session.id));
  }
  if (previous?.credential?.kind === 'certificate' && previous.credential.hasPassword && !(session.credential?.kind === 'certificate' && session.credential.hasPassword)) {
    await ctx.secrets.delete(adminSecretKey.certificatePassword(session.id));
  }
}

/** Removes a session: its record, its token cache and its secrets. */
export async function removeSession(io: Io, session: AdminSession): Promise<void> {
  const paths = appPaths(io.env);
  const secrets = await openSecretStore(paths.config, io.env, (m) => line(io.err, m));
  const cacheFile = tokenCachePath(adminCacheDir(paths.cache), adminCacheName(session.id));
  rmSync(cacheFile, { force: true });
  rmSync(`${cacheFile}.lock`, { force: true, recursive: true });
  await secrets.deleteMany([adminSecretKey.clientSecret(session.id), adminSecretKey.certificatePassword(session.id), secretKey.tokenCacheKey(adminCacheName(session.id))]);
  await sessionStore(io).update((doc) => {
    delete doc.sessions[session.id];
    if (doc.current === session.id) doc.current = Object.keys(doc.sessions)[0] ?? null;
  });
}

function localDomain(io: Io, key: string, tenant: string): { tenantDomain?: string } {
  if (key !== 'local') return {};
  try {
    const emu = readEmulatorConnection(io.env);
    return emu.tenantDomain ? { tenantDomain: emu.tenantDomain } : { tenantDomain: tenant };
  } catch {
    return {};
  }
}

function customField(target: AdminTarget): { custom?: CustomCloud } {
  const c = customOf(target);
  return c ? { custom: c } : {};
}

async function spCredential(session: AdminSession, secrets: SecretBackend): Promise<ConfidentialCredential> {
  const relogin = `entra-auth-cli login --service-principal --tenant ${session.tenant} --client-id ${session.clientId} ...`;
  if (session.credential?.kind === 'certificate') {
    const password = session.credential.hasPassword ? await secrets.get(adminSecretKey.certificatePassword(session.id)) : undefined;
    if (session.credential.hasPassword && password === undefined) throw new CliError(`The certificate password of the admin service principal ${session.clientId} is not in ${secrets.location}.`, EXIT.needsUserAction, `Sign in again: ${relogin}`);
    return certificateCredential(session.clientId, session.credential.path, session.credential.format, password);
  }
  const secret = await secrets.get(adminSecretKey.clientSecret(session.id));
  if (!secret) throw new CliError(`The secret of the admin service principal ${session.clientId} is not in ${secrets.location}.`, EXIT.needsUserAction, `Sign in again: ${relogin}`);
  return { clientSecret: secret };
}

async function certificateCredential(clientId: string, path: string, format: 'pem' | 'pfx', password: string | undefined): Promise<ConfidentialCredential> {
  const { loadClientCertificate } = await import('../../entra/client-certificate.ts');
  const c = await loadClientCertificate(`service principal ${clientId}`, path, format, password, new Date());
  return { clientCertificate: { thumbprintSha256: c.thumbprintSha256, privateKey: c.privateKeyPem } };
}

/** How to sign a user in: device code when asked or when no browser can open here, else the browser. */
export function signInUi(io: Io, opts: SignInOptions): AdminSignInUi {
  const noDisplay = process.platform === 'linux' && !io.env.DISPLAY && !io.env.WAYLAND_DISPLAY;
  const mode = opts.deviceCode || (noDisplay && opts.browser !== false) ? 'device-code' : 'browser';
  if (mode === 'device-code' && !opts.deviceCode) line(io.err, 'No browser can be opened here (no DISPLAY or WAYLAND_DISPLAY): signing in with a device code instead.');
  return {
    mode,
    timeoutSeconds: opts.timeoutSeconds ?? 300,
    deviceCode: (message) => line(io.err, message),
    openUrl: async (url) => {
      if (opts.browser !== false && (await openUrl(url))) {
        line(io.err, 'Opening browser for authentication...');
        line(io.err, 'Sign in with an account that has permission to modify the app registration.');
        line(io.err, `If the browser did not open, visit: ${url}`);
      } else {
        line(io.err, 'Open this URL in a browser and sign in with an account that has permission to modify the app registration:');
        line(io.err, url);
      }
    },
  };
}

/** MSAL and network failures of the admin sign-in as messages that say what to do. */
function adminAuthError(err: unknown, ctx: SessionContext, kind: 'user' | 'service-principal', tenant: string): unknown {
  if (err instanceof CliError) return err;
  if (err instanceof AdminSignInTimeout) {
    setTimeout(() => process.exit(), 200).unref();
    return new CliError(err.message, err.exitCode, err.hint);
  }
  if (err instanceof ActionableError) return new CliError(redact(err.message), err.exitCode, err.hint && redact(err.hint));
  if (err instanceof EmulatorNotRunningError) return new CliError(err.message);
  if (err instanceof AuthError) {
    const text = /AADSTS\d+/.test(err.errorMessage) ? err.errorMessage : ctx.net.lastEntraError ?? err.errorMessage;
    const advice = adminSignInAdvice(err.errorCode, text, { tenant, clientId: ctx.clientId, defaultClient: ctx.defaultClient && kind === 'user', kind, settingsPath: ctx.settingsPath });
    if (advice) return new CliError(redact(advice.message), advice.exitCode, redact(advice.hint));
    const net = ctx.net.lastNetworkError;
    if (net) return new CliError(`Could not reach the sign-in service: ${redact(net.message)}${net.causeCode ? ` (${net.causeCode})` : ''}.`, EXIT.failure, 'Check the network, proxy or firewall, and --cloud; for the local emulator, that it is running.');
    return new CliError(`The admin sign-in failed (${err.errorCode}: ${redact(err.errorMessage.split(/\r?\n/)[0] ?? '')}).`, EXIT.failure, 'Run again with EAC_DEBUG=1 for details.');
  }
  if (err instanceof NetworkError) return new CliError(`Could not reach the sign-in service: ${redact(err.message)}.`, EXIT.failure, 'Check the network, proxy or firewall.');
  return err;
}

function jwtClaims(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export { jwtClaims };
