// The one JWT decoder: header and payload of a compact JWS, without verifying anything (entra/jwt-verify.ts
// checks signatures). Pure. Decoding by hand: it is two base64url-JSON parts, and the cached get-token path
// must not load a JOSE library to read one claim.

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export class TokenFormatError extends Error {}

export function decodeJwt(token: string): DecodedJwt {
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new TokenFormatError('This is not a JWT: expected three dot-separated parts.');
  const part = (s: string): Record<string, unknown> => {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Record<string, unknown>;
  };
  try {
    return { header: part(parts[0]!), claims: part(parts[1]!) };
  } catch {
    throw new TokenFormatError('This is not a JWT: its header or payload is not base64url-encoded JSON.');
  }
}

/** The claims of a token that may not be a JWT at all (opaque tokens): {} then. */
export function jwtClaims(token: string): Record<string, unknown> {
  try {
    return decodeJwt(token).claims;
  } catch {
    return {};
  }
}
