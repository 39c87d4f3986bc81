// Secret backup blobs. Key Vault's are opaque and encrypted, restorable only where they were made; ours are
// AES-256-GCM under a key derived from the emulator's signing key, so a blob restores into any vault of the
// same emulator state (the signing key persists with it) and into nothing else, and never shows the value.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SigningKey } from '../identity/signing-key.ts';
import type { SecretRecord } from '../state/model.ts';
import { KV } from './errors.ts';

const MAGIC = 'eac-kv-secret-backup-1';

const keys = new WeakMap<SigningKey, Buffer>();
function keyOf(signingKey: SigningKey): Buffer {
  let k = keys.get(signingKey);
  if (!k) {
    const der = signingKey.privateKey.export({ format: 'der', type: 'pkcs8' });
    k = createHash('sha256').update(MAGIC).update(der).digest();
    keys.set(signingKey, k);
  }
  return k;
}

export function backupBlob(secret: SecretRecord, signingKey: SigningKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(signingKey), iv);
  cipher.setAAD(Buffer.from(MAGIC));
  const ct = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
}

export function restoreBlob(blob: string, signingKey: SigningKey): SecretRecord {
  const raw = Buffer.from(blob, 'base64url');
  try {
    if (raw.length < 29) throw new Error('short');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(signingKey), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(MAGIC));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const secret = JSON.parse(plain) as SecretRecord;
    if (typeof secret.name !== 'string' || !Array.isArray(secret.versions) || secret.versions.length === 0) throw new Error('shape');
    return secret;
  } catch {
    throw KV.badParameter('The backup blob is invalid, corrupt, or was made by another emulator.');
  }
}
