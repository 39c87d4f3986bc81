// MSAL's cache plugin over the encrypted per-profile file (token-cache-file.ts): MSAL reads the file before
// each cache access and writes it after a change. The key lives in the secret store under
// secretKey.tokenCacheKey(profile) and is made on the first write. A file that cannot be decrypted (key lost,
// file altered) is treated as empty with one warning, and replaced on the next write: a cache is disposable.
// The file names the backend holding its key; a file written under the file backend stays readable after a
// keychain appears (the fast path reads it the same way), and is re-keyed into the keychain on the next write.
import { statSync } from 'node:fs';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretBackend } from './secret-store.ts';
import { readFileSecretSync, secretKey } from './secret-keys.ts';
import {
  decryptTokenCache, encryptTokenCache, newTokenCacheKey, readTokenCacheEnvelope, tokenCachePath, writeTokenCacheFile,
  TokenCacheError, type TokenCacheDocument,
} from './token-cache-file.ts';

export class TokenCachePlugin implements ICachePlugin {
  readonly path: string;
  private doc: TokenCacheDocument = { msal: '', authorityMetadata: {} };
  private key: string | undefined;
  private warned = false;
  /** The stamp of the file content this.doc reflects. */
  private seen: string | undefined;
  private metadataChanged = false;
  private metadataSource: (() => Map<string, string>) | undefined;

  private constructor(
    private readonly profile: string,
    private readonly paths: { config: string; cache: string },
    private readonly secrets: SecretBackend,
    private readonly warn: (m: string) => void,
  ) {
    this.path = tokenCachePath(paths.cache, profile);
  }

  static async open(profile: string, paths: { config: string; cache: string }, secrets: SecretBackend, warn: (m: string) => void): Promise<TokenCachePlugin> {
    const plugin = new TokenCachePlugin(profile, paths, secrets, warn);
    plugin.key = await secrets.get(secretKey.tokenCacheKey(profile));
    plugin.load();
    return plugin;
  }

  /** The openid-configuration saved for `authority`, so MSAL need not fetch it again. */
  authorityMetadata(authority: string): string | undefined {
    return this.doc.authorityMetadata[authority.toLowerCase()];
  }

  /** Where to learn the openid-configuration MSAL fetched in this run (authority URL -> JSON); saved with the cache. */
  learnAuthorityMetadataFrom(source: () => Map<string, string>): void {
    this.metadataSource = source;
  }

  private rememberAuthorityMetadata(): void {
    for (const [authority, json] of this.metadataSource?.() ?? []) {
      if (this.doc.authorityMetadata[authority.toLowerCase()] === json) continue;
      this.doc.authorityMetadata[authority.toLowerCase()] = json;
      this.metadataChanged = true;
    }
  }

  async beforeCacheAccess(ctx: TokenCacheContext): Promise<void> {
    // Re-read: another run may have written the file since we opened it.
    this.load();
    if (this.doc.msal) ctx.tokenCache.deserialize(this.doc.msal);
  }

  async afterCacheAccess(ctx: TokenCacheContext): Promise<void> {
    this.rememberAuthorityMetadata();
    if (!ctx.cacheHasChanged && !this.metadataChanged) return;
    if (ctx.cacheHasChanged) this.doc.msal = ctx.tokenCache.serialize();
    if (!this.key) {
      this.key = newTokenCacheKey();
      await this.secrets.set(secretKey.tokenCacheKey(this.profile), this.key);
    }
    writeTokenCacheFile(this.path, encryptTokenCache(this.doc, this.key, this.profile, this.secrets.kind));
    this.metadataChanged = false;
    this.seen = fileStamp(this.path);
  }

  private load(): void {
    // MSAL opens the cache several times per command: re-read and decrypt only when the file changed.
    const stamp = fileStamp(this.path);
    if (stamp !== undefined && stamp === this.seen) return;
    this.seen = stamp;
    let envelope;
    try {
      envelope = readTokenCacheEnvelope(this.path);
      if (!envelope) return;
      const key = envelope.keyStore === this.secrets.kind ? this.key
        : envelope.keyStore === 'file' ? readFileSecretSync(this.paths.config, secretKey.tokenCacheKey(this.profile)) : undefined;
      if (!key) throw new TokenCacheError(`its key is not in the ${envelope.keyStore === 'file' ? 'secret file' : 'keychain'}`);
      const fresh = decryptTokenCache(envelope, key, this.profile);
      this.doc = { msal: fresh.msal, authorityMetadata: { ...fresh.authorityMetadata, ...this.pendingMetadata() } };
    } catch (err) {
      if (!(err instanceof TokenCacheError)) throw err;
      if (!this.warned) this.warn(`warning: the token cache ${this.path} cannot be read (${err.message}); starting a new one.`);
      this.warned = true;
    }
  }

  /** Metadata learned in this run and not yet written survives a re-read. */
  private pendingMetadata(): Record<string, string> {
    return this.metadataChanged ? this.doc.authorityMetadata : {};
  }
}

/** Identity of the file's current content for change detection (atomic writes replace the inode). */
function fileStamp(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}
