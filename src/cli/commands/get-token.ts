// `get-token`: a token for a profile through MSAL — client credentials (secret or certificate), a browser
// sign-in, or device code — from the profile's encrypted token cache when it holds a good one. Data (the
// token) on stdout in the asked format; sign-in instructions, warnings and errors on stderr.
// The common case, a cached token, is usually answered before this file loads: see cli/get-token-fast.ts.
import type { AdviceContext } from '../../core/aadsts-advice.ts';
import { resolveCloud, type ResolvedCloud } from '../../core/cloud.ts';
import { planTokenRequest, type TokenFlags, type TokenPlan } from '../../core/token-request.ts';
import { redact } from '../../core/redact.ts';
import { expiryWarning, renderRaw, tenantOfToken, tokenJson, type TokenView } from '../../core/token-output.ts';
import { ProfileCredential } from '../../entra/credentials/profile-credential.ts';
import { HttpClient } from '../../entra/http.ts';
import type { MsalNetwork } from '../../entra/msal/network.ts';
import { msalSetup, type ConfidentialCredential } from '../../entra/msal/setup.ts';
import { SignInTimeout } from '../../entra/msal/user-sign-in.ts';
import { appPaths } from '../../store/paths.ts';
import { loadClientCertificate, msalCertificate } from '../../store/certificate-file.ts';
import { resolveClientSecret } from '../../store/client-secret.ts';
import { EmulatorNotRunningError, readEmulatorConnection, type EmulatorConnection } from '../../store/emulator-connection.ts';
import { ConfigFileError, ProfileStore } from '../../store/profile-store.ts';
import { openSecretStore, secretKey, type SecretBackend } from '../../store/secret-store.ts';
import { TokenCachePlugin } from '../../store/token-cache-plugin.ts';
import { copyToClipboard } from '../clipboard.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { line, type Io } from '../io.ts';
import { stdoutColor } from '../output/output.ts';
import { compileQuery, type Query } from '../output/query.ts';
import { writeRecord } from '../output/record.ts';
import { tokenCliError } from '../token-errors.ts';
import { signInUi } from '../ui/sign-in-ui.ts';
import { renderTokenPanel } from '../ui/token-panel.ts';

export interface GetTokenOptions extends TokenFlags {
  /** --query: JMESPath on the -o json form. (The cache fast path does not take it: the full command runs.) */
  query?: string;
  forceRefresh?: boolean;
  copy?: boolean;
  /** Commander's --no-browser: false when given. */
  browser?: boolean;
}

export interface GetTokenDeps {
  now?: () => Date;
}

export async function getToken(opts: GetTokenOptions, io: Io, deps: GetTokenDeps = {}): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const query = await compileQuery(opts.query);
  const paths = appPaths(io.env);
  let doc;
  try {
    doc = new ProfileStore(paths.config).read();
  } catch (err) {
    if (err instanceof ConfigFileError) throw new CliError(err.message);
    throw err;
  }
  const planned = planTokenRequest(doc, opts, io.stdoutIsTty);
  if ('problem' in planned) {
    const p = planned.problem;
    throw p.kind === 'usage' ? new UsageError(p.message, p.hint) : new CliError(p.message, EXIT.failure, p.hint);
  }
  const plan = planned.plan;
  const { profile } = plan;

  let emulator: EmulatorConnection | undefined;
  try {
    if (profile.cloud === 'local') emulator = readEmulatorConnection(io.env);
  } catch (err) {
    if (err instanceof EmulatorNotRunningError) throw new CliError(err.message, EXIT.failure, `Profile '${profile.name}' uses --cloud local, which follows the running emulator.`);
    throw err;
  }
  let cloud: ResolvedCloud;
  try {
    cloud = resolveCloud(profile, emulator);
  } catch (err) {
    throw new CliError(`Profile '${profile.name}': ${(err as Error).message}`, EXIT.failure, `Fix it with \`entra-auth-cli config edit -p ${profile.name}\`.`);
  }
  const http = new HttpClient({ extraCaFiles: cloud.caCertPath ? [cloud.caCertPath] : [] });
  let net: MsalNetwork | undefined;
  const secretsSeen: string[] = [];
  const warn = (m: string) => line(io.err, m);
  const ctx = adviceContext(plan, cloud, emulator);
  try {
    const secrets = await openSecretStore(paths.config, io.env, warn).catch((err: Error) => { throw new CliError(err.message); });
    const cache = await TokenCachePlugin.open(profile.name, paths, secrets, warn);
    const setup = msalSetup({
      cloud, tenant: profile.tenant, clientId: profile.clientId, cache, http,
      ...(io.env.EAC_DEBUG ? { debug: (m: string) => line(io.err, redact(m, secretsSeen)) } : {}),
    });
    net = setup.net;
    const credential = new ProfileCredential({
      setup, flow: plan.flow,
      ...(confidential(profile.authMethod) ? { credential: () => resolveCredential(plan, secrets, cloud, io, now(), secretsSeen) } : {}),
      signIn: signInUi(io, { purpose: 'profile', deviceCode: plan.flow === 'device-code', browser: opts.browser, timeoutSeconds: plan.timeoutSeconds }),
    });
    const result = await credential.acquire(plan.scopes, { forceRefresh: Boolean(opts.forceRefresh) });
    const view: TokenView = { ...result, tenant: tenantOfToken(result.accessToken, profile.tenant) };
    if (opts.copy) line(io.err, `Copied the token to the clipboard (${await copyToClipboard(view.accessToken)}).`);
    await writeToken(view, plan, io, now(), query);
  } catch (err) {
    if (err instanceof SignInTimeout) exitWhenDone();
    throw tokenCliError(err, ctx, net?.lastNetworkError, secretsSeen);
  } finally {
    http.close();
  }
}

/**
 * Prints the token in the planned format and the expiry warning. raw and json are the bytes the fast path
 * prints (core/token-output.ts: renderRaw, and tokenJson through core/json-text.ts).
 */
export async function writeToken(view: TokenView, plan: Pick<TokenPlan, 'format' | 'warnMinutes' | 'profile' | 'flow'>, io: Io, now: Date, query?: Query): Promise<void> {
  await writeRecord(io.out, { format: plan.format, query, color: stdoutColor(io) }, {
    json: tokenJson(view),
    panel: () => renderTokenPanel(view, `Access token · profile ${plan.profile.name} (${plan.flow})`, now, io),
    extra: { raw: () => renderRaw(view) },
  });
  const warning = expiryWarning(view, now, plan.warnMinutes);
  if (warning) line(io.err, warning);
}

function confidential(method: string): boolean {
  return method === 'ClientSecret' || method === 'Certificate';
}

async function resolveCredential(plan: TokenPlan, secrets: SecretBackend, cloud: ResolvedCloud, io: Io, now: Date, seen: string[]): Promise<ConfidentialCredential> {
  const { env } = io;
  const { profile } = plan;
  if (profile.authMethod === 'ClientSecret') {
    const readKeyVault = async (vault: string, name: string) => {
      const { readKeyVaultReference } = await import('../keyvault-reference-reader.ts');
      return readKeyVaultReference(io, profile, cloud, vault, name);
    };
    const clientSecret = await resolveClientSecret(profile, async () => secrets, env, readKeyVault);
    seen.push(clientSecret);
    return { clientSecret };
  }
  const cert = profile.certificate;
  if (!cert) throw new CliError(`Profile '${profile.name}' has no certificate.`, EXIT.failure, `Add one with \`entra-auth-cli config edit -p ${profile.name} --certificate PATH\`.`);
  const password = cert.hasPassword ? await secrets.get(cert.passwordKey ?? secretKey.certificatePassword(profile.name)) : undefined;
  if (cert.hasPassword && password === undefined) {
    throw new CliError(`The certificate password of profile '${profile.name}' is not in ${secrets.location}.`, EXIT.failure, `Store it with \`entra-auth-cli config edit -p ${profile.name} --certificate-password-stdin\`.`);
  }
  if (password) seen.push(password);
  return msalCertificate(await loadClientCertificate(profile.name, cert.path, cert.format, password, now));
}

function adviceContext(plan: TokenPlan, cloud: ResolvedCloud, emulator: EmulatorConnection | undefined): AdviceContext {
  return {
    profile: plan.profile.name, clientId: plan.profile.clientId, tenant: plan.profile.tenant, cloud: plan.profile.cloud,
    authorityHost: cloud.authorityHost, scopes: plan.scopes, flow: plan.flow, emulatorTenantId: emulator?.tenantId,
  };
}

/**
 * MSAL's loopback listener keeps waiting after a sign-in timed out and cannot be closed from outside; exit
 * once the error is printed. (An unref'd timer fires only if something else still holds the process open.)
 */
function exitWhenDone(): void {
  setTimeout(() => process.exit(), 200).unref();
}
