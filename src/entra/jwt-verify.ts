// Checking a token against the issuer it names: that issuer's discovery document must name it exactly, the
// keys come from that document's jwks_uri on the same host, the signature must match one of them, and the
// token must be within its lifetime, for one audience (docs/protocol-notes.md, "Verifying a token's
// issuer"). Where to look is decided by core/jwks-location.ts; the answer is VALID or INVALID with the reason.
import { compactVerify, createLocalJWKSet, errors as joseErrors, type JSONWebKeySet } from 'jose';
import { isMicrosoftAuthorityHost } from '../core/authority-aliases.ts';
import { formatTime } from '../core/claims.ts';
import type { JwksLocation } from '../core/jwks-location.ts';
import type { HttpClient } from './http.ts';

export interface Verification {
  valid: boolean;
  reason: string;
  jwksUrl?: string;
}

type Found = Extract<JwksLocation, { ok: true }>;

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$/;
const CLOCK_SKEW_SECONDS = 300;

export async function verifyJwt(token: string, header: Record<string, unknown>, claims: Record<string, unknown>, where: Found, http: HttpClient, now: Date): Promise<Verification> {
  const early = (reason: string): Verification => ({ valid: false, reason });
  if (typeof header.alg !== 'string' || !ASYMMETRIC.test(header.alg)) return early(`the algorithm '${String(header.alg)}' is not one Entra signs with; such a token proves nothing`);
  if (claims.tid !== undefined && String(claims.tid).toLowerCase() !== where.tenantId) return early(`the token's tenant (tid ${String(claims.tid)}) is not the one its issuer names (${where.tenantId})`);
  if (typeof claims.aud !== 'string' || !claims.aud) return early(`the token's audience (aud) is ${JSON.stringify(claims.aud) ?? 'missing'}; Entra issues every token for exactly one audience, a string`);

  const keys = await issuerKeys(String(claims.iss), where, http);
  if ('reason' in keys) return { valid: false, reason: keys.reason, ...(keys.jwksUrl ? { jwksUrl: keys.jwksUrl } : {}) };
  const { jwksUrl, jwks } = keys;
  const invalid = (reason: string): Verification => ({ valid: false, reason, jwksUrl });
  try {
    await compactVerify(token, createLocalJWKSet(jwks), { algorithms: [header.alg] });
  } catch (err) {
    if (err instanceof joseErrors.JWKSNoMatchingKey) return invalid(`no key with kid '${String(header.kid)}' is published at ${jwksUrl}: the issuer ${String(claims.iss)} did not sign this token (or the key was rotated out)`);
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) return invalid('the signature does not match: the token was altered after it was signed, or signed with another key');
    if (err instanceof joseErrors.JOSEError) return invalid(`the signature cannot be checked: ${err.message}`);
    throw err;
  }
  const t = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp !== 'number') return invalid('the signature is good, but the token has no expiry (exp)');
  if (claims.exp <= t) return invalid(`the signature is good, but the token expired at ${formatTime(new Date(claims.exp * 1000), 'UTC')}`);
  if (typeof claims.nbf === 'number' && claims.nbf > t + CLOCK_SKEW_SECONDS) return invalid(`the signature is good, but the token is not valid before ${formatTime(new Date(claims.nbf * 1000), 'UTC')}`);
  return { valid: true, reason: `signed with key '${String(header.kid)}' of the issuer ${String(claims.iss)}, published at ${jwksUrl} (${where.via}); within its lifetime`, jwksUrl };
}

/** The issuer's discovery document, checked to name `iss`, then its key set (same host, or Microsoft's). */
async function issuerKeys(iss: string, where: Found, http: HttpClient): Promise<{ jwksUrl: string; jwks: JSONWebKeySet } | { reason: string; jwksUrl?: string }> {
  const doc = await getJson(http, where.discoveryUrl);
  if ('error' in doc) return { reason: `the issuer's discovery document could not be read from ${where.discoveryUrl}: ${doc.error}` };
  const named = typeof doc.value.issuer === 'string' ? doc.value.issuer.replace('{tenantid}', where.tenantId) : undefined;
  if (named !== iss) return { reason: `the discovery document at ${where.discoveryUrl} names the issuer ${named ?? '(none)'}, not ${iss}: the token was not issued there` };
  const jwksUrl = typeof doc.value.jwks_uri === 'string' ? doc.value.jwks_uri : '';
  if (!sameAuthority(jwksUrl, where.discoveryUrl)) return { reason: `the discovery document at ${where.discoveryUrl} sends for keys to ${jwksUrl || '(nowhere)'}, which is not the issuer's host` };
  const set = await getJson(http, jwksUrl);
  if ('error' in set) return { reason: `the keys could not be fetched from ${jwksUrl}: ${set.error}`, jwksUrl };
  if (!Array.isArray(set.value.keys)) return { reason: `${jwksUrl} does not answer a key set (no keys array)`, jwksUrl };
  return { jwksUrl, jwks: set.value as unknown as JSONWebKeySet };
}

/** Keys on the issuer's own origin, or (Microsoft's discovery) on another Microsoft sign-in host. */
function sameAuthority(jwksUrl: string, discoveryUrl: string): boolean {
  let u: URL;
  try { u = new URL(jwksUrl); } catch { return false; }
  if (u.protocol !== 'https:') return false;
  const d = new URL(discoveryUrl);
  return u.origin === d.origin || (isMicrosoftAuthorityHost(d.host) && isMicrosoftAuthorityHost(u.host));
}

async function getJson(http: HttpClient, url: string): Promise<{ value: Record<string, unknown> } | { error: string }> {
  try {
    const res = await http.send({ method: 'GET', url, timeoutMs: 15_000 });
    if (res.status !== 200) return { error: `HTTP ${res.status}` };
    const value: unknown = JSON.parse(res.body);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'the answer is not a JSON object' };
    return { value: value as Record<string, unknown> };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
