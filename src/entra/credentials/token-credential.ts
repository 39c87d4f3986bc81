// What our credentials share: Azure's TokenCredential shape (so Microsoft's SDKs take them directly) over a
// richer acquire() that also says whether the token came from the cache and which scopes it carries.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { AcquiredToken } from '../msal/setup.ts';

export type { AcquiredToken } from '../msal/setup.ts';

export abstract class EntraCredential implements TokenCredential {
  abstract acquire(scopes: string[], options?: { forceRefresh?: boolean }): Promise<AcquiredToken>;

  /** The scopes an SDK asks for (RESOURCE/.default) as this credential must request them. */
  protected scopesFor(scopes: string[]): string[] {
    return scopes;
  }

  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    const t = await this.acquire(this.scopesFor(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: t.accessToken, expiresOnTimestamp: t.expiresOn.getTime(), tokenType: 'Bearer' };
  }
}

/** A credential resolved at most once per run (a Key Vault reference or a PFX is read once). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}
