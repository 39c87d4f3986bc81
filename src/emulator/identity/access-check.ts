// How a resource of the emulator (Graph, Key Vault, ARM) accepts a bearer token, as the real ones do
// (docs/protocol-notes.md, "Who a resource accepts"): RS256 signed by our key, within its lifetime, for
// one of that resource's own audiences, and issued by the emulator's issuer of the tenant the token names.
// Nothing about the request (its Host header) widens what is accepted.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, errors as joseErrors } from 'jose';
import type { OwnNames } from '../http/own-names.ts';
import type { EmulatorStore } from '../state/store.ts';
import type { Tenant } from '../state/tenant.ts';
import type { SigningKey } from './signing-key.ts';

export interface AccessCheckDeps {
  key: SigningKey;
  own: OwnNames;
  store: EmulatorStore;
}

/** The resource's audiences: exact identifiers (compared without a trailing slash, case-insensitively), and whether the emulator's own origins count. */
export interface Audiences {
  ids: string[];
  ownOrigins?: boolean;
}

export type TokenCheck =
  | { ok: true; claims: Record<string, unknown>; tenant: Tenant }
  | { ok: false; reason: 'malformed' | 'unsigned' | 'signature' | 'expired' | 'audience' | 'issuer'; detail: string };

const CLOCK_SKEW_SECONDS = 300;
const norm = (s: string) => s.replace(/\/$/, '').toLowerCase();

export async function checkAccessToken(token: string, audiences: Audiences, deps: AccessCheckDeps, nowMs: number): Promise<TokenCheck> {
  let claims: Record<string, unknown>;
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    claims = decodeJwt(token) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed', detail: 'JWT is not well formed' };
  }
  if (alg !== 'RS256') return { ok: false, reason: 'unsigned', detail: `alg ${String(alg)}` };
  if (!verifiedSignatures(deps.key).has(token)) {
    try {
      await compactVerify(token, publicKeyOf(deps.key), { algorithms: ['RS256'] });
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) return { ok: false, reason: 'signature', detail: 'signature verification failed' };
      throw err;
    }
    rememberSignature(deps.key, token);
  }
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now || (typeof claims.nbf === 'number' && claims.nbf > now + CLOCK_SKEW_SECONDS)) {
    return { ok: false, reason: 'expired', detail: 'Lifetime validation failed, the token is expired.' };
  }
  const aud = typeof claims.aud === 'string' ? claims.aud : '';
  const audOk = aud !== '' && (audiences.ids.some((a) => norm(a) === norm(aud)) || (audiences.ownOrigins === true && deps.own.isOwnOrigin(aud)));
  if (!audOk) return { ok: false, reason: 'audience', detail: typeof claims.aud === 'string' ? claims.aud : JSON.stringify(claims.aud) ?? '(none)' };
  const tenant = issuingTenant(claims, deps);
  if (!tenant) return { ok: false, reason: 'issuer', detail: String(claims.iss ?? '') };
  return { ok: true, claims, tenant };
}

/** The tenant whose emulator issuer (https://OWN-HOST/{tid}/ or https://OWN-HOST/{tid}/v2.0) issued the token, when iss and tid agree on one we hold. */
function issuingTenant(claims: Record<string, unknown>, deps: AccessCheckDeps): Tenant | undefined {
  if (typeof claims.iss !== 'string' || typeof claims.tid !== 'string') return undefined;
  const [, origin, tid] = /^(https:\/\/[^/]+)\/([0-9a-f-]{36})\/(?:v2\.0)?$/.exec(claims.iss) ?? [];
  if (!origin || !tid || tid !== claims.tid.toLowerCase() || !deps.own.isOwnOrigin(origin)) return undefined;
  return deps.store.find(tid);
}

/**
 * Tokens whose RS256 signature already verified under a key. Verifying costs more than serving a small Graph
 * request, and a client sends the same token thousands of times (an inventory's $batch calls), so the
 * signature of exactly these bytes is checked once; lifetime, audience and issuer are checked every time.
 */
const MAX_VERIFIED = 1024;
const verified = new WeakMap<SigningKey, Set<string>>();
function verifiedSignatures(key: SigningKey): Set<string> {
  let set = verified.get(key);
  if (!set) verified.set(key, (set = new Set()));
  return set;
}
function rememberSignature(key: SigningKey, token: string): void {
  const set = verifiedSignatures(key);
  if (set.size >= MAX_VERIFIED) set.delete(set.values().next().value!); // the oldest first
  set.add(token);
}

const publicKeys = new WeakMap<SigningKey, KeyObject>();
function publicKeyOf(key: SigningKey): KeyObject {
  let pub = publicKeys.get(key);
  if (!pub) { pub = createPublicKey(key.privateKey); publicKeys.set(key, pub); }
  return pub;
}
