// Verifies a certificate-signed client assertion (private_key_jwt) the way Entra does: the thumbprint in
// x5t / x5t#S256 picks one of the app's keyCredentials, the signature (RS256 or PS256) must verify with it,
// iss = sub = client_id, aud = this token endpoint, and now within nbf..exp (5 minutes of skew).
// An assertion may be presented again while it is valid: MSAL caches and reuses its assertion for 10 minutes,
// so Entra cannot treat reuse as an attack; a replay after exp fails on time, a replay elsewhere on aud.
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';
import type { KeyCredentialRecord } from '../state/model.ts';
import { E } from './errors.ts';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SKEW_SECONDS = 300;

export interface VerifiedAssertion {
  keyCredential: KeyCredentialRecord;
  /** Upper-case hex SHA-1 thumbprint, as the sign-in log shows it. */
  thumbprint: string;
}

/**
 * `keyCredentials`: the app's and its service principal's certificates. `onKey` learns the certificate the
 * assertion names as soon as it is found, so a later failure (expired, bad signature) is logged with its key id.
 */
export async function verifyClientAssertion(
  assertion: string, keyCredentials: KeyCredentialRecord[], clientId: string, acceptedAudiences: string[], nowMs: number,
  onKey: (found: VerifiedAssertion) => void = () => {},
): Promise<VerifiedAssertion> {
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(assertion) as Record<string, unknown>;
    claims = decodeJwt(assertion) as Record<string, unknown>;
  } catch {
    throw E.malformedAssertion();
  }
  if (claims.iss !== clientId || claims.sub !== clientId) throw E.assertionSubjectMismatch();

  const now = Math.floor(nowMs / 1000);
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : undefined;
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  if (exp === undefined || exp + SKEW_SECONDS < now || (nbf !== undefined && nbf - SKEW_SECONDS > now)) throw E.assertionTime(now, nbf, exp);

  const auds = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud ?? '')];
  const accepted = new Set(acceptedAudiences.map(normalizeUrl));
  if (!auds.some((a) => accepted.has(normalizeUrl(a)))) throw E.assertionAudience(auds.join(','), acceptedAudiences[0] ?? '');

  const x5t256 = typeof header['x5t#S256'] === 'string' ? Buffer.from(header['x5t#S256'], 'base64url') : undefined;
  const x5t = typeof header.x5t === 'string' ? Buffer.from(header.x5t, 'base64url') : undefined;
  if (!x5t256 && !x5t) throw E.malformedAssertion();
  const presented = (x5t ?? x5t256)!.toString('hex').toUpperCase();

  const match = keyCredentials.find((k) => {
    if (k.usage !== 'Verify' || k.type !== 'AsymmetricX509Cert') return false;
    const der = Buffer.from(k.key, 'base64');
    if (x5t256) return createHash('sha256').update(der).digest().equals(x5t256);
    return createHash('sha1').update(der).digest().equals(x5t!);
  });
  if (!match) throw E.assertionKeyNotFound(presented, clientId);
  const thumbprint = createHash('sha1').update(Buffer.from(match.key, 'base64')).digest('hex').toUpperCase();
  onKey({ keyCredential: match, thumbprint });
  if (Date.parse(match.endDateTime) < nowMs) throw E.assertionKeyExpired(thumbprint);

  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') throw E.assertionBadSignature();
  try {
    const cert = new X509Certificate(Buffer.from(match.key, 'base64'));
    await compactVerify(assertion, createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' })), { algorithms: ['RS256', 'PS256'] });
  } catch {
    throw E.assertionBadSignature();
  }
  return { keyCredential: match, thumbprint };
}

function normalizeUrl(u: string): string {
  return u.trim().replace(/\/$/, '').toLowerCase();
}
