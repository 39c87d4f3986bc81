// Client authentication at the token endpoint: client_secret in the body or HTTP Basic, a certificate
// client assertion, or nothing for public clients. Fills in the sign-in event as it learns who is calling,
// so failures are logged with the app and credential involved.
import type { RequestContext } from '../http/context.ts';
import type { Tenant } from '../state/tenant.ts';
import type { ApplicationRecord, PasswordCredentialRecord, ServicePrincipalRecord, SignInEvent } from '../state/model.ts';
import { secretMatches } from '../state/secrets.ts';
import { E } from './errors.ts';
import { JWT_BEARER, verifyClientAssertion, type VerifiedAssertion } from './assertion.ts';

export interface AuthenticatedClient {
  appId: string;
  displayName: string;
  app?: ApplicationRecord;
  sp: ServicePrincipalRecord;
  /** appidacr: 0 public, 1 secret, 2 certificate. */
  auth: 0 | 1 | 2;
}

export type SignInDraft = Omit<SignInEvent, 'id'>;

function basicCredentials(ctx: RequestContext): { id: string; secret: string } | undefined {
  const h = ctx.header('authorization');
  if (!h || !/^basic\s+/i.test(h)) return undefined;
  const decoded = Buffer.from(h.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const dec = (s: string) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
  return { id: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)) };
}

/** The clock skew allowed on a secret's start, as on an assertion's nbf (assertion.ts). */
const START_SKEW_MS = 5 * 60_000;

/**
 * A new secret is not valid before its start, nor, when the emulator emulates replication, before the
 * propagation delay since Graph added it: Entra answers both as an invalid secret (docs/emulator.md).
 */
function yetValid(c: PasswordCredentialRecord, nowMs: number, delayMs: number): boolean {
  if (Date.parse(c.startDateTime) > nowMs + START_SKEW_MS) return false;
  return !c.addedDateTime || Date.parse(c.addedDateTime) + delayMs <= nowMs;
}

export async function authenticateClient(
  ctx: RequestContext, tenant: Tenant, form: URLSearchParams,
  opts: { requireConfidential: boolean; tokenEndpoints: string[]; nowMs: number; draft: SignInDraft; propagationDelayMs?: number },
): Promise<AuthenticatedClient> {
  const basic = basicCredentials(ctx);
  const clientId = (form.get('client_id') ?? basic?.id ?? '').trim().toLowerCase();
  if (!clientId) throw E.missingParameter('client_id');
  opts.draft.appId = clientId;

  const registration = tenant.clientRegistration(clientId);
  const sp = tenant.servicePrincipalByAppId(clientId);
  if (!registration) throw E.appNotFound(clientId, tenant.domain);
  opts.draft.appDisplayName = registration.displayName;
  if (!sp) throw E.spMissing(clientId);
  opts.draft.servicePrincipalId = sp.id;
  opts.draft.servicePrincipalName = sp.displayName;
  if (!sp.accountEnabled) throw E.appDisabled(clientId, registration.displayName);

  const secret = form.get('client_secret') ?? basic?.secret ?? undefined;
  const assertion = form.get('client_assertion') ?? undefined;
  const base = { appId: clientId, displayName: registration.displayName, app: registration.app, sp };

  if (secret !== undefined) {
    opts.draft.clientCredentialType = 'clientSecret';
    if (!registration.app) throw E.publicClientWithSecret();
    // Entra accepts a secret added to the application or to its service principal; the log says which.
    const onApp = registration.app.passwordCredentials.find((c) => secretMatches(secret, { salt: c.secretSalt, hash: c.secretHash }));
    const match = onApp ?? sp.passwordCredentials.find((c) => secretMatches(secret, { salt: c.secretSalt, hash: c.secretHash }));
    if (!match) throw E.invalidSecret(clientId);
    opts.draft.servicePrincipalCredentialKeyId = match.keyId;
    opts.draft.credentialOrigin = onApp ? 'application' : 'servicePrincipal';
    if (!yetValid(match, opts.nowMs, opts.propagationDelayMs ?? 0)) throw E.invalidSecret(clientId);
    if (Date.parse(match.endDateTime) < opts.nowMs) throw E.expiredSecret(clientId);
    return { ...base, auth: 1 };
  }
  if (assertion !== undefined) {
    opts.draft.clientCredentialType = 'clientAssertion';
    if (form.get('client_assertion_type') !== JWT_BEARER) throw E.badAssertionType();
    if (!registration.app) throw E.publicClientWithSecret();
    const app = registration.app;
    const noteKey = (found: VerifiedAssertion) => {
      opts.draft.clientCredentialType = 'certificate';
      opts.draft.servicePrincipalCredentialKeyId = found.keyCredential.keyId;
      opts.draft.servicePrincipalCredentialThumbprint = found.thumbprint;
      opts.draft.credentialOrigin = app.keyCredentials.includes(found.keyCredential) ? 'application' : 'servicePrincipal';
    };
    await verifyClientAssertion(assertion, [...app.keyCredentials, ...sp.keyCredentials], clientId, opts.tokenEndpoints, opts.nowMs, noteKey);
    return { ...base, auth: 2 };
  }
  if (opts.requireConfidential || !registration.isPublic) throw E.missingCredential();
  return { ...base, auth: 0 };
}
