// MSAL's network module for get-token, over the one HTTP layer (http.ts), with three jobs MSAL cannot do:
// - remember the last network failure, because MSAL replaces it with a bare "network_error" and the advice
//   needs the real cause (ECONNREFUSED, an untrusted certificate, ...);
// - capture the openid-configuration MSAL fetches, so the next run can hand it back (authorityMetadata)
//   and a cached token needs no network at all;
// - in "cache only" mode, refuse to send token requests, so MSAL can be asked "is it in the cache?" before
//   the credential is resolved (reading a Key Vault reference or a PFX is only worth it on a miss).
import type { INetworkModule, NetworkRequestOptions } from '@azure/msal-node';
import { msalNetworkClient, NetworkError, type HttpClient } from './http.ts';

/** Thrown instead of sending a token request in cache-only mode. */
export class CacheOnlyMiss extends Error {
  constructor() {
    super('the token is not in the cache');
  }
}

export class MsalNetwork {
  lastNetworkError: NetworkError | undefined;
  /** A token request was refused in cache-only mode. */
  missed = false;
  cacheOnly = false;
  readonly metadata = new Map<string, string>();
  private readonly inner: INetworkModule;

  constructor(http: HttpClient) {
    this.inner = msalNetworkClient(http);
  }

  module(): INetworkModule {
    return {
      sendGetRequestAsync: async <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => {
        const res = await this.guard(url, () => this.inner.sendGetRequestAsync<T>(url, options, timeout));
        const m = /^(.*)\/v2\.0\/\.well-known\/openid-configuration$/i.exec(url.split('?')[0]!);
        if (m && res.status === 200 && res.body && typeof res.body === 'object') this.metadata.set(m[1]!.toLowerCase(), JSON.stringify(res.body));
        return res;
      },
      sendPostRequestAsync: async <T>(url: string, options?: NetworkRequestOptions) => {
        if (this.cacheOnly) {
          this.missed = true;
          throw new CacheOnlyMiss();
        }
        return this.guard(url, () => this.inner.sendPostRequestAsync<T>(url, options));
      },
    };
  }

  private async guard<T>(url: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      if (err instanceof NetworkError) this.lastNetworkError = err;
      else this.lastNetworkError = new NetworkError(url, (err as NodeJS.ErrnoException)?.code, String((err as Error)?.message ?? err));
      throw err;
    }
  }
}
