// MSAL's cache plugin over the encrypted per-profile file (token-cache-file.ts): MSAL reads the file before
// each cache access and writes it after a change. The key lives in the secret store under
// secretKey.tokenCacheKey(profile) and is made on the first write — created only if absent, under the store's
// lock, so concurrent first runs all end up with the one key that won (issue 9, item 9). A file that cannot
// be decrypted (key lost, file altered) is treated as empty with one warning, and replaced on the next write:
// a cache is disposable. A file that is not a cache this version reads is refused, never replaced.
// The file names the backend holding its key, and the key is read from there.
import { statSync } from 'node:fs';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretBackend } from './secret-store.ts';
import { secretKey } from './secret-keys.ts';
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
    await plugin.load();
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
    await this.load();
    if (this.doc.msal) ctx.tokenCache.deserialize(this.doc.msal);
  }

  async afterCacheAccess(ctx: TokenCacheContext): Promise<void> {
    this.rememberAuthorityMetadata();
    if (!ctx.cacheHasChanged && !this.metadataChanged) return;
    if (ctx.cacheHasChanged) this.doc.msal = ctx.tokenCache.serialize();
    // The key of a concurrent first run may have won meanwhile: take whichever is stored.
    this.key ??= await this.secrets.setIfAbsent(secretKey.tokenCacheKey(this.profile), newTokenCacheKey());
    writeTokenCacheFile(this.path, encryptTokenCache(this.doc, this.key, this.profile, this.secrets.kind));
    this.metadataChanged = false;
    this.seen = fileStamp(this.path);
  }

  private async load(): Promise<void> {
    // MSAL opens the cache several times per command: re-read and decrypt only when the file changed.
    const stamp = fileStamp(this.path);
    if (stamp !== undefined && stamp === this.seen) return;
    // A file that is not a cache this version reads throws TokenCacheFileError: refused, not replaced.
    const envelope = readTokenCacheEnvelope(this.path);
    this.seen = stamp;
    if (!envelope) return;
    try {
      const tokenKey = secretKey.tokenCacheKey(this.profile);
      // Asked again while we have none: another run may have made it since.
      const key = envelope.keyStore === this.secrets.kind
        ? (this.key ??= await this.secrets.get({ key: tokenKey, store: envelope.keyStore }))
        // Another backend's key (written before this dir's choice): unreachable means the cache is lost, not the command.
        : await this.secrets.get({ key: tokenKey, store: envelope.keyStore }).catch(() => undefined);
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
