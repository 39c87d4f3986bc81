// One Graph request through Microsoft's client (its auth handler, our HTTP layer and retry policy) with the
// status and headers kept: the inventory reads Graph's throttle headers (x-ms-resource-unit,
// x-ms-throttle-limit-percentage) and decides itself what a 404 or an exhausted 429 means.
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';

export interface RawGraphResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body (or the text when it is not JSON); undefined when empty. */
  body: T;
}

export async function graphRaw<T = unknown>(graph: Client, req: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; body?: unknown }): Promise<RawGraphResponse<T>> {
  let r = graph.api(req.url).responseType(ResponseType.RAW);
  if (req.headers) r = r.headers(req.headers);
  const res = (req.method === 'GET' ? await r.get() : await r.post(req.body)) as Response;
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => { headers[k.toLowerCase()] = v; });
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try { body = JSON.parse(text); } catch { body = text; }
  }
  return { status: res.status, headers, body: body as T };
}
