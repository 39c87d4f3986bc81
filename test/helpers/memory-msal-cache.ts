// An in-memory MsalCache (the port store/token-cache-plugin.ts implements with an encrypted file), for tests
// of the Entra layer that need MSAL's cache to persist between credential instances of one test.
import type { TokenCacheContext } from '@azure/msal-node';
import type { MsalCache } from '../../src/entra/msal/setup.ts';

export class MemoryMsalCache implements MsalCache {
  serialized = '';
  private readonly metadata = new Map<string, string>();
  private source: (() => Map<string, string>) | undefined;

  authorityMetadata(authority: string): string | undefined {
    return this.metadata.get(authority.toLowerCase());
  }

  learnAuthorityMetadataFrom(source: () => Map<string, string>): void {
    this.source = source;
  }

  async beforeCacheAccess(ctx: TokenCacheContext): Promise<void> {
    if (this.serialized) ctx.tokenCache.deserialize(this.serialized);
  }

  async afterCacheAccess(ctx: TokenCacheContext): Promise<void> {
    for (const [k, v] of this.source?.() ?? []) this.metadata.set(k, v);
    if (ctx.cacheHasChanged) this.serialized = ctx.tokenCache.serialize();
  }
}
