// The per-profile token cache on disk: <cache dir>/tokens/<profile>.cache, mode 0600 in a 0700 dir, written
// atomically, encrypted with AES-256-GCM under a random 32-byte key kept in the secret store (never next to
// the file). GCM authenticates too: a file that was altered, or written under another key, does not decrypt
// at all. The profile name is bound in as associated data, so one profile's file cannot stand in for another's.
// Small and dependency-free on purpose: the get-token fast path reads it without loading MSAL.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../shared/files.ts';
import { readIfPresent } from '../shared/json-document.ts';
import { tokenCacheDir } from './token-cache-files.ts';
import { ActionableError } from '../core/actionable-error.ts';

export const TOKEN_CACHE_FORMAT = 'entra-auth-cli token cache';
export const TOKEN_CACHE_VERSION = 1;

/** What is encrypted: MSAL's serialized cache plus the authority metadata it fetched (so a hit needs no network). */
export interface TokenCacheDocument {
  msal: string;
  /** openid-configuration JSON by authority URL (lower case). Public data, kept here to stay one file. */
  authorityMetadata: Record<string, string>;
}

/** The file as stored. `keyStore` says which secret backend holds the key, so readers know where to look. */
export interface TokenCacheEnvelope {
  format: typeof TOKEN_CACHE_FORMAT;
  version: number;
  keyStore: 'file' | 'keychain';
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

export function tokenCachePath(cacheDir: string, profile: string): string {
  return join(tokenCacheDir(cacheDir), `${profile}.cache`);
}

/** A new random key, base64, as kept in the secret store. */
export function newTokenCacheKey(): string {
  return randomBytes(32).toString('base64');
}

function keyBytes(key: string): Buffer {
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== 32) throw new TokenCacheError('the token cache key is not 32 bytes');
  return bytes;
}

function aad(profile: string): Buffer {
  return Buffer.from(`${TOKEN_CACHE_FORMAT} v${TOKEN_CACHE_VERSION} profile=${profile}`, 'utf8');
}

/** The cache does not decrypt (key lost, file altered): the cache is ours and disposable, so it is started over. */
export class TokenCacheError extends ActionableError {}

/**
 * The file is not a token cache this version understands (not JSON, another format, a newer version): it is
 * refused with its path and never overwritten — it may be a newer version's cache, or not a cache at all.
 */
export class TokenCacheFileError extends ActionableError {
  constructor(readonly path: string, reason: string) {
    super(`The token cache ${path} cannot be used: ${reason}. It was left untouched; move it away (the next run starts a new cache) and try again.`);
  }
}

export function encryptTokenCache(doc: TokenCacheDocument, key: string, profile: string, keyStore: 'file' | 'keychain'): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), iv);
  cipher.setAAD(aad(profile));
  const data = Buffer.concat([cipher.update(JSON.stringify(doc), 'utf8'), cipher.final()]);
  const envelope: TokenCacheEnvelope = {
    format: TOKEN_CACHE_FORMAT, version: TOKEN_CACHE_VERSION, keyStore, cipher: 'aes-256-gcm',
    iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'),
  };
  return `${JSON.stringify(envelope)}\n`;
}

/** Parses the file's envelope; undefined when there is no file, TokenCacheFileError when it is not one this version reads. */
export function readTokenCacheEnvelope(path: string): TokenCacheEnvelope | undefined {
  let text: string | undefined;
  try {
    text = readIfPresent(path);
  } catch (err) {
    throw new TokenCacheFileError(path, `it cannot be read (${(err as Error).message})`);
  }
  if (text === undefined) return undefined;
  let env: Partial<TokenCacheEnvelope> | null;
  try {
    env = JSON.parse(text) as Partial<TokenCacheEnvelope> | null;
  } catch (err) {
    throw new TokenCacheFileError(path, `it is not valid JSON (${(err as Error).message})`);
  }
  if (typeof env !== 'object' || env === null || env.format !== TOKEN_CACHE_FORMAT) throw new TokenCacheFileError(path, 'it is not an entra-auth-cli token cache');
  if (typeof env.version === 'number' && env.version > TOKEN_CACHE_VERSION) throw new TokenCacheFileError(path, `it was written by a newer entra-auth-cli (version ${env.version}); upgrade to use it`);
  const fields = [env.iv, env.tag, env.data].every((v) => typeof v === 'string');
  if (env.version !== TOKEN_CACHE_VERSION || env.cipher !== 'aes-256-gcm' || (env.keyStore !== 'file' && env.keyStore !== 'keychain') || !fields) {
    throw new TokenCacheFileError(path, 'it is not a token cache this version understands');
  }
  return env as TokenCacheEnvelope;
}

/** Decrypts and authenticates; TokenCacheError when the key is wrong or the file was altered. */
export function decryptTokenCache(env: TokenCacheEnvelope, key: string, profile: string): TokenCacheDocument {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes(key), Buffer.from(env.iv, 'base64'));
    decipher.setAAD(aad(profile));
    decipher.setAuthTag(Buffer.from(env.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(env.data, 'base64')), decipher.final()]).toString('utf8');
    const doc = JSON.parse(plain) as TokenCacheDocument;
    return { msal: typeof doc.msal === 'string' ? doc.msal : '', authorityMetadata: doc.authorityMetadata ?? {} };
  } catch (err) {
    if (err instanceof TokenCacheError) throw err;
    throw new TokenCacheError('the token cache does not decrypt with its key (written under another key, or altered)');
  }
}

export function writeTokenCacheFile(path: string, contents: string): void {
  ensurePrivateDir(dirname(path));
  writeFileAtomic(path, contents, 0o600);
}
