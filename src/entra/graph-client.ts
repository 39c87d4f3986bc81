// Microsoft Graph through Microsoft's own client (@microsoft/microsoft-graph-client): its retry handler
// (429/503/504 with Retry-After), redirects and paging, with the last hop swapped for our HTTP layer so the
// emulator's CA and our timeouts apply. Errors become GraphApiError with Graph's code and request id.
import { Client, MiddlewareFactory, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { HttpClient } from './http.ts';

export class GraphApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly requestId: string | undefined) {
    super(message);
  }
}

/** The final middleware: sends the request with our HttpClient instead of global fetch. */
class HttpClientHandler implements Middleware {
  constructor(private readonly http: HttpClient) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const headers: Record<string, string> = {};
    new Headers(options.headers as ConstructorParameters<typeof Headers>[0]).forEach((v, k) => { headers[k] = v; });
    const body = typeof options.body === 'string' ? options.body : options.body === undefined || options.body === null ? undefined : JSON.stringify(options.body);
    const res = await this.http.send({ method: (options.method ?? 'GET').toUpperCase() as 'GET', url, headers, body });
    const noBody = res.status === 204 || res.status === 304;
    context.response = new Response(noBody ? null : res.body, { status: res.status, headers: res.headers });
  }

  setNext(): void { /* always last */ }
}

export interface GraphClientOptions {
  http: HttpClient;
  /** e.g. https://graph.microsoft.com, or a running emulator's base URL. */
  graphUrl: string;
  getAccessToken: () => Promise<string>;
}

export function createGraphClient(opts: GraphClientOptions): Client {
  const chain = MiddlewareFactory.getDefaultMiddlewareChain({ getAccessToken: opts.getAccessToken });
  chain[chain.length - 1] = new HttpClientHandler(opts.http);
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
