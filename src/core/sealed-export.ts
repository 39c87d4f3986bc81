// The export file: a versioned JSON envelope around a payload sealed with a passphrase. scrypt stretches
// the passphrase (N=2^17, r=8: ~128 MiB and a fraction of a second, so guessing is slow), AES-256-GCM
// encrypts and authenticates. The clear header is bound in as additional data, so changing any byte of
// the file (including the KDF parameters) makes opening fail rather than decrypt something else.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

export const EXPORT_FORMAT = 'entra-auth-cli/profile-export';
export const EXPORT_VERSION = 1;

const KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Accepted when opening: never below our minimum, and bounded so a crafted file cannot exhaust memory. */
const KDF_LIMITS = { minLogN: 15, maxLogN: 20, maxR: 16, maxP: 4, maxMemory: 2 ** 30 } as const;

export interface ExportEnvelope {
  format: typeof EXPORT_FORMAT;
  version: number;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  /** Whether the payload holds secret values (told in clear so a reader knows what the file is). */
  includesSecrets: boolean;
  ciphertext: string;
}

export class EnvelopeFormatError extends Error {}
export class WrongPassphraseError extends Error {
  constructor() {
    super('The passphrase is wrong, or the file was changed after it was exported.');
  }
}

function deriveKey(passphrase: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // NFC so the same passphrase typed on another keyboard/OS gives the same key.
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** The header fields that are authenticated, in a fixed order. */
function aad(e: Pick<ExportEnvelope, 'format' | 'version' | 'kdf' | 'includesSecrets'> & { iv: string }): Buffer {
  return Buffer.from(JSON.stringify([e.format, e.version, e.kdf.name, e.kdf.N, e.kdf.r, e.kdf.p, e.kdf.salt, 'aes-256-gcm', e.iv, e.includesSecrets]), 'utf8');
}

export async function seal(payload: unknown, passphrase: string, includesSecrets: boolean): Promise<ExportEnvelope> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kdf = { name: 'scrypt' as const, ...KDF, salt: salt.toString('base64') };
  const key = await deriveKey(passphrase, salt, KDF.N, KDF.r, KDF.p);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad({ format: EXPORT_FORMAT, version: EXPORT_VERSION, kdf, includesSecrets, iv: iv.toString('base64') }));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return {
    format: EXPORT_FORMAT, version: EXPORT_VERSION, kdf,
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    includesSecrets, ciphertext: ciphertext.toString('base64'),
  };
}

/** Checks the envelope's shape and version; throws EnvelopeFormatError saying what is wrong. */
export function parseEnvelope(text: string): ExportEnvelope {
  let e: ExportEnvelope;
  try {
    e = JSON.parse(text) as ExportEnvelope;
  } catch {
    throw new EnvelopeFormatError('it is not JSON');
  }
  if (!e || typeof e !== 'object' || e.format !== EXPORT_FORMAT) throw new EnvelopeFormatError('it is not an entra-auth-cli profile export');
  if (typeof e.version !== 'number' || e.version > EXPORT_VERSION) throw new EnvelopeFormatError(`it was written by a newer entra-auth-cli (format version ${String(e.version)}); upgrade to import it`);
  if (e.version !== EXPORT_VERSION) throw new EnvelopeFormatError(`unknown format version ${String(e.version)}`);
  const k = e.kdf;
  const b64 = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v);
  if (!k || k.name !== 'scrypt' || !b64(k.salt) || ![k.N, k.r, k.p].every(Number.isInteger)) throw new EnvelopeFormatError('its key-derivation parameters are missing');
  const logN = Math.log2(k.N);
  if (!Number.isInteger(logN) || logN < KDF_LIMITS.minLogN || logN > KDF_LIMITS.maxLogN || k.r < 1 || k.r > KDF_LIMITS.maxR || k.p < 1 || k.p > KDF_LIMITS.maxP || 128 * k.N * k.r > KDF_LIMITS.maxMemory) {
    throw new EnvelopeFormatError(`its key-derivation parameters are out of range (N=${k.N}, r=${k.r}, p=${k.p})`);
  }
  if (!e.cipher || e.cipher.name !== 'aes-256-gcm' || !b64(e.cipher.iv) || !b64(e.cipher.tag) || !b64(e.ciphertext)) throw new EnvelopeFormatError('its cipher fields are missing');
  if (typeof e.includesSecrets !== 'boolean') throw new EnvelopeFormatError('it does not say whether it includes secrets');
  return e;
}

/** The payload; throws WrongPassphraseError when the passphrase (or the file) is not the one sealed. */
export async function open(e: ExportEnvelope, passphrase: string): Promise<unknown> {
  const key = await deriveKey(passphrase, Buffer.from(e.kdf.salt, 'base64'), e.kdf.N, e.kdf.r, e.kdf.p);
  const iv = Buffer.from(e.cipher.iv, 'base64');
  const tag = Buffer.from(e.cipher.tag, 'base64');
  if (iv.length !== 12 || tag.length !== 16) throw new EnvelopeFormatError('its IV or tag has the wrong length');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad({ format: e.format, version: e.version, kdf: e.kdf, includesSecrets: e.includesSecrets, iv: e.cipher.iv }));
  decipher.setAuthTag(tag);
  let clear: Buffer;
  try {
    clear = Buffer.concat([decipher.update(Buffer.from(e.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new WrongPassphraseError();
  }
  try {
    return JSON.parse(clear.toString('utf8'));
  } catch {
    throw new EnvelopeFormatError('its sealed content is not JSON');
  }
}
