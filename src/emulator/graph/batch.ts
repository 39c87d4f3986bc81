// JSON batching (POST /$batch): up to 20 requests, unique ids, dependsOn (a failed dependency gives 424),
// each sub-request authorised, throttled and answered on its own, exactly as if sent alone.
import { GE, GraphError } from './errors.ts';
import { readJson } from './body.ts';
import { normalizePath } from './alternate-key.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

const MAX_REQUESTS = 20;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
const CANONICAL_HEADERS: Record<string, string> = {
  'content-type': 'Content-Type', 'retry-after': 'Retry-After', location: 'Location', 'cache-control': 'Cache-Control', 'odata-version': 'OData-Version',
};

interface BatchItem { id: string; method: string; url: string; headers: Record<string, string>; body: unknown; dependsOn: string[] }

/** What a batch runs its sub-requests on (GraphService; an interface so batch.ts and index.ts form no cycle). */
export interface GraphExecutor { execute(req: GraphRequest): Promise<GraphResponse> }

export async function runBatch(graph: GraphExecutor, req: GraphRequest): Promise<GraphResponse> {
  const items = parseBatch(readJson(req)!);
  const results = new Map<string, GraphResponse>();
  const pending = [...items];
  // Run in dependency order; everything left when no progress can be made has a cycle or a failed dependency.
  while (pending.length) {
    const ready = pending.findIndex((it) => it.dependsOn.every((d) => results.has(d)));
    if (ready < 0) throw GE.badRequest('The batch contains a dependency cycle.');
    const it = pending.splice(ready, 1)[0]!;
    const failed = it.dependsOn.find((d) => (results.get(d)?.status ?? 500) >= 400);
    if (failed) {
      results.set(it.id, { status: 424, body: { error: { code: 'FailedDependency', message: `The request depends on request '${failed}', which failed.` } } });
      continue;
    }
    results.set(it.id, await graph.execute(subRequest(req, it)));
  }
  const responses = items.map((it) => {
    const r = results.get(it.id)!;
    // Graph writes sub-response header names in their usual casing ("Content-Type", "Retry-After"), and
    // clients depend on it: the JS SDK's BatchResponseContent looks up headers["Content-Type"] exactly.
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[CANONICAL_HEADERS[k.toLowerCase()] ?? k] = v;
    const entry: Record<string, unknown> = { id: it.id, status: r.status, headers };
    if (r.status !== 204 && r.body !== undefined) {
      headers['Content-Type'] ??= typeof r.body === 'string' ? 'text/plain' : 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
      entry.body = r.body;
    }
    return entry;
  });
  return { status: 200, body: { responses } };
}

function parseBatch(body: Record<string, unknown>): BatchItem[] {
  const raw = body.requests;
  if (!Array.isArray(raw) || raw.length === 0) throw GE.badRequest("The batch must contain a non-empty 'requests' array.");
  if (raw.length > MAX_REQUESTS) throw new GraphError(400, 'BadRequest', `The number of requests in a batch cannot exceed ${MAX_REQUESTS}.`);
  const ids = new Set<string>();
  const items = raw.map((r: unknown, i: number): BatchItem => {
    const o = (r ?? {}) as Record<string, unknown>;
    const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : '';
    if (!id) throw GE.badRequest(`Request ${i} of the batch has no 'id'.`);
    if (ids.has(id)) throw new GraphError(400, 'BadRequest', `Request id '${id}' appears more than once in the batch.`);
    ids.add(id);
    const method = typeof o.method === 'string' ? o.method.toUpperCase() : '';
    if (!METHODS.has(method)) throw GE.badRequest(`Request '${id}' has an invalid method.`);
    if (typeof o.url !== 'string' || /^https?:/i.test(o.url)) throw GE.badRequest(`Request '${id}' needs a relative 'url'.`);
    try { new URL(o.url.startsWith('/') ? o.url : `/${o.url}`, 'https://batch.invalid'); } catch { throw GE.badRequest(`Request '${id}' has a 'url' that is not a valid relative URL.`); }
    const headers: Record<string, string> = {};
    if (o.headers !== undefined) {
      if (!o.headers || typeof o.headers !== 'object') throw GE.badRequest(`Request '${id}' has invalid headers.`);
      for (const [k, v] of Object.entries(o.headers)) headers[k.toLowerCase()] = String(v);
    }
    if (o.body !== undefined && !headers['content-type']) throw GE.badRequest(`Request '${id}' has a body but no Content-Type header.`);
    const dependsOn = o.dependsOn === undefined ? [] : Array.isArray(o.dependsOn) ? o.dependsOn.map(String) : [];
    return { id, method, url: o.url, headers, body: o.body, dependsOn };
  });
  for (const it of items) for (const d of it.dependsOn) if (!ids.has(d)) throw GE.badRequest(`Request '${it.id}' depends on unknown request '${d}'.`);
  return items;
}

function subRequest(parent: GraphRequest, it: BatchItem): GraphRequest {
  const url = new URL(it.url.startsWith('/') ? it.url : `/${it.url}`, 'https://batch.invalid');
  return {
    ...parent,
    method: it.method,
    path: normalizePath(url.pathname),
    query: url.searchParams,
    headers: { ...it.headers, 'content-type': it.headers['content-type'] ?? 'application/json' },
    body: it.body === undefined ? '' : typeof it.body === 'string' ? it.body : JSON.stringify(it.body),
  };
}
