// Microsoft Graph through Microsoft's own client (@microsoft/microsoft-graph-client): its auth, redirect and
// telemetry handlers, with the last hop swapped for our HTTP layer so the emulator's CA, our timeouts and the
// one retry policy apply (entra/retry.ts; the client's own RetryHandler is left out so there is one).
// Tokens come from a TokenCredential. Errors become GraphApiError with Graph's code and request id.
import type { TokenCredential } from '@azure/core-auth';
import {
  AuthenticationHandler, Client, RedirectHandler, TelemetryHandler, type Context, type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { HttpClient } from '../http.ts';

export class GraphApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly requestId: string | undefined) {
    super(message);
  }
}

/** The final middleware: sends the request with our HttpClient (and its retry policy) instead of global fetch. */
class HttpClientHandler implements Middleware {
  constructor(private readonly http: HttpClient) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const headers: Record<string, string> = {};
    new Headers(options.headers as ConstructorParameters<typeof Headers>[0]).forEach((v, k) => { headers[k] = v; });
    const body = typeof options.body === 'string' ? options.body : options.body === undefined || options.body === null ? undefined : JSON.stringify(options.body);
    const res = await this.http.request({ method: (options.method ?? 'GET').toUpperCase() as 'GET', url, headers, body });
    const noBody = res.status === 204 || res.status === 304;
    context.response = new Response(noBody ? null : res.body, { status: res.status, headers: res.headers });
  }

  setNext(): void { /* always last */ }
}

export interface GraphClientOptions {
  http: HttpClient;
  /** e.g. https://graph.microsoft.com, or a running emulator's base URL. */
  graphUrl: string;
  credential: TokenCredential;
  /** The scopes to ask the credential for (e.g. https://graph.microsoft.com/.default). */
  scopes: string[];
}

export function createGraphClient(opts: GraphClientOptions): Client {
  const getAccessToken = async () => {
    const t = await opts.credential.getToken(opts.scopes);
    if (!t) throw new Error('no Graph token');
    return t.token;
  };
  const chain: Middleware[] = [
    new AuthenticationHandler({ getAccessToken }), new RedirectHandler(), new TelemetryHandler(), new HttpClientHandler(opts.http),
  ];
  for (let i = 0; i < chain.length - 1; i++) chain[i]!.setNext?.(chain[i + 1]!);
  const host = new URL(opts.graphUrl).hostname;
  return Client.initWithMiddleware({
    middleware: chain,
    baseUrl: opts.graphUrl.replace(/\/?$/, '/'),
    // Graph's auth handler only sends the token to known Graph hosts; ours (the emulator) is one too.
    customHosts: host === 'graph.microsoft.com' ? undefined : new Set([host]),
  });
}

/** Graph SDK errors -> GraphApiError (status, Graph's code, message, request id). */
export function toGraphApiError(err: unknown): GraphApiError | undefined {
  const e = err as { statusCode?: number; code?: string; message?: string; requestId?: string; body?: string };
  if (typeof e?.statusCode !== 'number' || e.statusCode <= 0) return undefined;
  return new GraphApiError(e.statusCode, e.code ?? 'Unknown', e.message ?? 'Graph request failed', e.requestId ?? undefined);
}

/** Runs a Graph call, its SDK errors as GraphApiError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toGraphApiError(err) ?? err;
  }
}
