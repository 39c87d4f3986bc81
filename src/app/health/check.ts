// health: proves a profile's app credential works now — a real token request (never an answer from the token
// cache: a deployment smoke test must prove the credential, not a token from an hour ago) — and reports which
// credential it is, how long it has left, and the roles the token grants. A failure is sorted into one cause
// with its own exit code and advice (docs/lifecycle.md "health"). Never the value, never the token.
import { AuthError } from '@azure/msal-node';
import { adviceFor, aadstsCode, type AdviceContext, type AuthFailure } from '../../core/aadsts-advice.ts';
import { ActionableError } from '../../core/actionable-error.ts';
import type { ResolvedCloud } from '../../core/cloud.ts';
import { healthCauseOf, worstCause, type HealthCause } from '../../core/health-cause.ts';
import { jwtClaims } from '../../core/jwt.ts';
import type { AuthMethod, CloudName, Profile } from '../../core/profile.ts';
import { redact } from '../../core/redact.ts';
import { NetworkError } from '../../entra/http.ts';
import { EmulatorNotRunningError } from '../../store/emulator-connection.ts';
import { EXIT_FAILURE, HEALTH_EXIT } from '../exit-codes.ts';
import { certificateFacts, secretFacts, type CredentialFacts } from './credential-facts.ts';
import type { HealthDeps, ProfileTokenSource } from './deps.ts';

/** A cause, or 'skipped' for a profile that signs a user in (health checks app credentials). */
export type HealthResult = HealthCause | 'skipped';

export interface HealthReport {
  profile: string;
  result: HealthResult;
  /** A token was acquired and it has every expected role. */
  ok: boolean;
  tokenAcquired: boolean;
  exitCode: number;
  cloud: CloudName;
  /** The profile's tenant, and the tenant ID the token names. */
  tenant: string;
  tenantId: string | null;
  clientId: string;
  authMethod: AuthMethod;
  credential: CredentialFacts | null;
  /** The token's `roles` (application permissions) and `scp` (delegated) claims. */
  roles: string[];
  scopes: string[];
  expectedRoles: string[];
  missingRoles: string[];
  tokenExpiresOn: string | null;
  /** What went wrong and what to do; null when ok. */
  message: string | null;
  hint: string | null;
  aadsts: number | null;
  checkedAt: string;
}

export interface HealthOptions {
  /** --expect-role: roles the token must carry (compared without regard to case). */
  expectRoles?: string[];
}

const EXIT_OF: Record<HealthResult, number> = {
  'ok': 0, 'skipped': 0,
  'expired-secret': HEALTH_EXIT.expiredSecret, 'invalid-secret': HEALTH_EXIT.invalidSecret, 'wrong-tenant': HEALTH_EXIT.wrongTenant,
  'unknown-or-disabled-app': HEALTH_EXIT.unknownOrDisabledApp, 'missing-permission': HEALTH_EXIT.missingPermission, 'network': HEALTH_EXIT.network,
  'credential-unreadable': EXIT_FAILURE, 'failed': EXIT_FAILURE,
};

export function healthExitCode(result: HealthResult): number {
  return EXIT_OF[result];
}

/** Every profile, by name: one report each. The exit code of the lot is `worstExitCode`. */
export async function checkAllProfiles(deps: HealthDeps, opts: HealthOptions = {}): Promise<HealthReport[]> {
  const profiles = Object.values(deps.admin.profiles.read().profiles).sort((a, b) => a.name.localeCompare(b.name));
  const reports: HealthReport[] = [];
  for (const p of profiles) reports.push(await checkProfileHealth(deps, p, opts));
  return reports;
}

/** The exit code of several reports: the worst cause's (core/health-cause.ts HEALTH_CAUSE_ORDER). */
export function worstExitCode(reports: readonly HealthReport[]): number {
  return healthExitCode(worstCause(reports.map((r) => (r.result === 'skipped' ? 'ok' : r.result))));
}

export async function checkProfileHealth(deps: HealthDeps, profile: Profile, opts: HealthOptions = {}): Promise<HealthReport> {
  const now = deps.admin.clock();
  const expectedRoles = opts.expectRoles ?? [];
  const report: HealthReport = {
    profile: profile.name, result: 'ok', ok: false, tokenAcquired: false, exitCode: 0, cloud: profile.cloud,
    tenant: profile.tenant, tenantId: null, clientId: profile.clientId, authMethod: profile.authMethod, credential: null,
    roles: [], scopes: [], expectedRoles, missingRoles: [], tokenExpiresOn: null, message: null, hint: null, aadsts: null, checkedAt: now.toISOString(),
  };
  const end = (result: HealthResult, message: string | null, hint: string | null, aadsts?: number): HealthReport =>
    Object.assign(report, { result, ok: result === 'ok', exitCode: healthExitCode(result), message, hint, aadsts: aadsts ?? null });

  if (profile.authMethod !== 'ClientSecret' && profile.authMethod !== 'Certificate') {
    return end('skipped', `Profile '${profile.name}' signs a user in (${profile.authMethod}); health checks app credentials (secrets and certificates).`,
      `Check a user's sign-in with \`entra-auth-cli get-token -p ${profile.name} --force-refresh\`.`);
  }

  let cloud: ResolvedCloud;
  try {
    cloud = deps.cloud(profile);
  } catch (err) {
    if (err instanceof EmulatorNotRunningError) return end('network', err.message, `Profile '${profile.name}' uses --cloud local, which follows the running emulator.`);
    if (err instanceof Error) return end('failed', `Profile '${profile.name}': ${err.message}`, `Fix it with \`entra-auth-cli config edit -p ${profile.name}\`.`);
    throw err;
  }

  if (profile.authMethod === 'Certificate') {
    try {
      report.credential = (await certificateFacts(deps.admin, profile, now)) ?? null;
    } catch (err) {
      if (err instanceof ActionableError) return end('credential-unreadable', err.message, err.hint ?? null);
      throw err;
    }
    if (!report.credential) return end('credential-unreadable', `Profile '${profile.name}' has no certificate.`, `Add one with \`entra-auth-cli config edit -p ${profile.name} --certificate PATH\`.`);
    if (report.credential.status === 'expired') {
      return end('expired-secret', `The certificate of profile '${profile.name}' (thumbprint ${report.credential.thumbprint}) expired on ${report.credential.notAfter}.`,
        `Create a new certificate, upload its public part to the app registration (App registrations > ${profile.clientId} > Certificates & secrets), and point the profile at it with \`entra-auth-cli config edit -p ${profile.name} --certificate PATH\`.`);
    }
  }

  const seen: string[] = [];
  const scopes = appScopes(profile.scopes, cloud);
  let source: ProfileTokenSource | undefined;
  let failure: { result: HealthResult; message: string; hint: string | null; aadsts?: number } | undefined;
  try {
    source = await deps.openCredential(profile, cloud, seen);
    const token = await source.acquire(scopes, { forceRefresh: true });
    const claims = jwtClaims(token.accessToken);
    report.tokenAcquired = true;
    report.tenantId = typeof claims.tid === 'string' ? claims.tid : null;
    report.roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
    report.scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
    report.tokenExpiresOn = token.expiresOn.toISOString();
  } catch (err) {
    failure = classify(err, source, adviceContext(deps, profile, cloud, scopes), seen);
  } finally {
    source?.close();
  }
  // Unreachable sign-in service: Graph is too, so the app is not read for the secret's end.
  if (profile.authMethod === 'ClientSecret') report.credential = await secretFacts(deps.admin, profile, failure?.result === 'network' ? undefined : cloud, seen[0], now);
  if (failure) return end(failure.result, failure.message, failure.hint, failure.aadsts);

  const have = new Set(report.roles.map((r) => r.toLowerCase()));
  report.missingRoles = expectedRoles.filter((r) => !have.has(r.toLowerCase()));
  if (report.missingRoles.length) {
    return end('missing-permission',
      `The token of profile '${profile.name}' for ${scopes.join(' ')} lacks the expected role${report.missingRoles.length > 1 ? 's' : ''} ${report.missingRoles.join(', ')} (it has: ${report.roles.join(', ') || 'none'}).`,
      `Grant the application permission to app ${profile.clientId} (App registrations > ${profile.clientId} > API permissions > Add a permission > Application permissions), then "Grant admin consent".`);
  }
  return end('ok', null, null);
}

/**
 * Client credentials take RESOURCE/.default: a profile's delegated scopes (https://graph.microsoft.com/User.Read)
 * become their resource's .default; no scope at all is Microsoft Graph's.
 */
function appScopes(scopes: readonly string[], cloud: ResolvedCloud): string[] {
  const resources = scopes.filter((s) => s.includes('/')).map((s) => `${s.slice(0, s.lastIndexOf('/'))}/.default`);
  return resources.length ? [...new Set(resources)] : [`${cloud.graphResource}/.default`];
}

function adviceContext(deps: HealthDeps, profile: Profile, cloud: ResolvedCloud, scopes: string[]): AdviceContext {
  let emulatorTenantId: string | undefined;
  if (profile.cloud === 'local') {
    try { emulatorTenantId = deps.admin.emulator().tenantId; } catch { /* no emulator: the advice goes without its tenant */ }
  }
  return {
    profile: profile.name, clientId: profile.clientId, tenant: profile.tenant, cloud: profile.cloud, authorityHost: cloud.authorityHost,
    scopes, flow: 'client-credentials', ...(emulatorTenantId ? { emulatorTenantId } : {}),
  };
}

/** A failed token request as one cause, Entra's words and the fix (core/aadsts-advice.ts), redacted. */
function classify(err: unknown, source: ProfileTokenSource | undefined, ctx: AdviceContext, seen: string[]): { result: HealthResult; message: string; hint: string | null; aadsts?: number } {
  const clean = (s: string) => redact(s, seen);
  if (err instanceof AuthError || err instanceof NetworkError) {
    const net = err instanceof NetworkError ? err : source?.lastNetworkError();
    // A server answer (AADSTS...) is the cause itself; otherwise the network failure MSAL swallowed is.
    const serverSaid = err instanceof AuthError && /AADSTS\d+/.test(err.errorMessage);
    const failure: AuthFailure = {
      errorCode: err instanceof AuthError ? err.errorCode : undefined,
      errorMessage: err instanceof AuthError ? err.errorMessage : err.message,
      ...(!serverSaid && net?.causeCode ? { networkCode: net.causeCode, networkUrl: new URL(net.url).origin } : {}),
    };
    const advice = adviceFor(failure, ctx);
    return { result: healthCauseOf(failure), message: clean(advice.message), hint: clean(advice.hint), ...(advice.code ? { aadsts: advice.code } : {}) };
  }
  // The secret or certificate could not be read (store/client-secret.ts, store/certificate-file.ts say where).
  if (err instanceof ActionableError) return { result: 'credential-unreadable', message: clean(err.message), hint: err.hint ? clean(err.hint) : null };
  const message = (err as Error)?.message ?? String(err);
  const code = aadstsCode(message);
  return { result: 'failed', message: clean(`Could not get a token for profile '${ctx.profile}': ${message}`), hint: 'Run again with EAC_DEBUG=1 for details.', ...(code ? { aadsts: code } : {}) };
}
