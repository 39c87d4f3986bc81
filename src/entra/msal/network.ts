// MSAL's network module over the one HTTP layer (entra/http.ts), with the jobs MSAL cannot do:
// - remember the last network failure, because MSAL replaces it with a bare "network_error" and the advice
//   needs the real cause (ECONNREFUSED, an untrusted certificate, ...);
// - remember Entra's first error text since the last success: for a refused device-code request MSAL
//   reports only "post_request_failed: invalid_grant", dropping the AADSTS sentence that says why;
// - capture the openid-configuration MSAL fetches, so the next run can hand it back (authorityMetadata)
//   and a cached token needs no network at all;
// - in "cache only" mode, refuse to send token requests, so MSAL can be asked "is it in the cache?" before
//   the credential is resolved (reading a Key Vault reference or a PFX is only worth it on a miss).
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { NetworkError, type HttpClient } from '../http.ts';

/** Thrown instead of sending a token request in cache-only mode. */
export class CacheOnlyMiss extends Error {
  constructor() {
    super('the token is not in the cache');
  }
}

export class MsalNetwork {
  lastNetworkError: NetworkError | undefined;
  /** The first Entra error text since the last successful request. */
  lastEntraError: string | undefined;
  /** A token request was refused in cache-only mode. */
  missed = false;
  cacheOnly = false;
  readonly metadata = new Map<string, string>();

  constructor(private readonly http: HttpClient) {}

  module(): INetworkModule {
    return {
      sendGetRequestAsync: async <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => {
        const res = await this.send<T>('GET', url, options, timeout);
        const m = /^(.*)\/v2\.0\/\.well-known\/openid-configuration$/i.exec(url.split('?')[0]!);
        if (m && res.status === 200 && res.body && typeof res.body === 'object') this.metadata.set(m[1]!.toLowerCase(), JSON.stringify(res.body));
        return res;
      },
      sendPostRequestAsync: async <T>(url: string, options?: NetworkRequestOptions) => {
        if (this.cacheOnly) {
          this.missed = true;
          throw new CacheOnlyMiss();
        }
        let res: NetworkResponse<T>;
        try {
          res = await this.send<T>('POST', url, options);
        } catch (err) {
          this.lastEntraError = undefined;
          throw err;
        }
        const body = res.body as { error?: unknown; error_description?: unknown } | undefined;
        // Polling answers (authorization_pending, slow_down) are not the failure. The first error since the
        // last success is the cause: when the device-code request itself is refused, MSAL still polls the
        // token endpoint with no code, and that answer says nothing useful.
        if (res.status < 400) this.lastEntraError = undefined;
        else if (typeof body?.error_description === 'string' && body.error !== 'authorization_pending' && body.error !== 'slow_down') this.lastEntraError ??= body.error_description;
        return res;
      },
    };
  }

  private async send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeoutMs?: number): Promise<NetworkResponse<T>> {
    try {
      const res = await this.http.send({ method, url, headers: options?.headers, body: options?.body, timeoutMs });
      let body: unknown;
      try { body = JSON.parse(res.body); } catch { body = {}; }
      return { status: res.status, headers: res.headers, body: body as T };
    } catch (err) {
      this.lastNetworkError = err instanceof NetworkError ? err : new NetworkError(url, (err as NodeJS.ErrnoException)?.code, String((err as Error)?.message ?? err));
      throw err;
    }
  }
}
