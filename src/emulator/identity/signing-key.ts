// The key the emulator signs tokens with, published in JWKS. Entra's kid equals x5t (base64url SHA-1 of
// the key's certificate), so ours does too. Persisted in the state dir so tokens survive a restart.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSelfSigned, thumbprints } from '../tls/certificates.ts';
import { ensurePrivateDir, writeFileAtomic } from '../../shared/files.ts';

export interface SigningKey {
  kid: string;
  x5t: string;
  privateKey: KeyObject;
  /** Public JWK with x5c, as JWKS publishes it. */
  jwk: { kty: string; use: string; kid: string; x5t: string; n: string; e: string; x5c: string[] };
}

export function loadOrCreateSigningKey(stateDir: string | undefined): SigningKey {
  let certPem: string;
  let keyPem: string;
  const certPath = stateDir ? join(stateDir, 'signing-cert.pem') : undefined;
  const keyPath = stateDir ? join(stateDir, 'signing-key.pem') : undefined;
  if (certPath && keyPath && existsSync(certPath) && existsSync(keyPath)) {
    certPem = readFileSync(certPath, 'utf8');
    keyPem = readFileSync(keyPath, 'utf8');
  } else {
    ({ certPem, keyPem } = createSelfSigned('accounts.emulator.local', 3650));
    if (stateDir && certPath && keyPath) {
      ensurePrivateDir(stateDir);
      writeFileAtomic(keyPath, keyPem, 0o600);
      writeFileAtomic(certPath, certPem, 0o600);
    }
  }
  const { der, sha1 } = thumbprints(certPem);
  const x5t = sha1.toString('base64url');
  const pub = createPublicKey(certPem).export({ format: 'jwk' }) as { n: string; e: string };
  return {
    kid: x5t, x5t, privateKey: createPrivateKey(keyPem),
    jwk: { kty: 'RSA', use: 'sig', kid: x5t, x5t, n: pub.n, e: pub.e, x5c: [der.toString('base64')] },
  };
}
