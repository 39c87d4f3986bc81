// Checking a token's signature against its issuer's published keys (JWKS, fetched through the one HTTP
// layer, so the emulator's CA is trusted) and its lifetime. The answer is VALID or INVALID with the reason.
import { compactVerify, createLocalJWKSet, errors as joseErrors, type JSONWebKeySet } from 'jose';
import { formatTime } from '../core/claims.ts';
import type { HttpClient } from './http.ts';

export interface Verification {
  valid: boolean;
  reason: string;
  jwksUrl?: string;
}

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$/;
const CLOCK_SKEW_SECONDS = 300;

export async function verifyJwt(token: string, header: Record<string, unknown>, claims: Record<string, unknown>, jwksUrl: string, http: HttpClient, now: Date): Promise<Verification> {
  const invalid = (reason: string): Verification => ({ valid: false, reason, jwksUrl });
  if (typeof header.alg !== 'string' || !ASYMMETRIC.test(header.alg)) return invalid(`the algorithm '${String(header.alg)}' is not one Entra signs with; such a token proves nothing`);
  let jwks: JSONWebKeySet;
  try {
    const res = await http.send({ method: 'GET', url: jwksUrl, timeoutMs: 15_000 });
    if (res.status !== 200) return invalid(`the keys could not be fetched from ${jwksUrl} (HTTP ${res.status})`);
    jwks = JSON.parse(res.body) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new Error('no keys array');
  } catch (err) {
    return invalid(`the keys could not be fetched from ${jwksUrl}: ${(err as Error).message}`);
  }
  try {
    await compactVerify(token, createLocalJWKSet(jwks));
  } catch (err) {
    if (err instanceof joseErrors.JWKSNoMatchingKey) return invalid(`no key with kid '${String(header.kid)}' is published at ${jwksUrl} (signed by another issuer, or the key was rotated out)`);
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) return invalid('the signature does not match: the token was altered after it was signed, or signed with another key');
    if (err instanceof joseErrors.JOSEError) return invalid(`the signature cannot be checked: ${err.message}`);
    throw err;
  }
  const t = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp !== 'number') return invalid('the signature is good, but the token has no expiry (exp)');
  if (claims.exp <= t) return invalid(`the signature is good, but the token expired at ${formatTime(new Date(claims.exp * 1000), 'UTC')}`);
  if (typeof claims.nbf === 'number' && claims.nbf > t + CLOCK_SKEW_SECONDS) return invalid(`the signature is good, but the token is not valid before ${formatTime(new Date(claims.nbf * 1000), 'UTC')}`);
  return { valid: true, reason: `signed with key '${String(header.kid)}' published at ${jwksUrl}; within its lifetime`, jwksUrl };
}
