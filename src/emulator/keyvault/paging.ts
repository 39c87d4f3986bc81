// Key Vault paging: ?maxresults=N (1-25, default 25) and an absolute nextLink carrying an opaque $skiptoken
// (docs/protocol-notes.md, "Key Vault: operations, headers and paging"), or nextLink null on the last page. The token holds the sort key of the last item
// served, so a page boundary stays correct when items are added or removed between pages.
import type { RequestContext } from '../http/context.ts';
import { KV } from './errors.ts';

export const MAX_RESULTS = 25;

export interface Page<T> {
  value: T[];
  nextLink: string | null;
}

function maxResults(ctx: RequestContext): number {
  const raw = ctx.url.searchParams.get('maxresults');
  if (raw === null || raw === '') return MAX_RESULTS;
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_RESULTS)) throw KV.badParameter(`Invalid maxresults value '${raw}': it must be an integer between 1 and ${MAX_RESULTS}.`);
  return n;
}

function marker(ctx: RequestContext): string | undefined {
  const raw = ctx.url.searchParams.get('$skiptoken');
  if (raw === null || raw === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { NextMarker?: unknown };
    if (typeof parsed.NextMarker === 'string') return parsed.NextMarker;
  } catch { /* fall through */ }
  throw KV.badParameter('The $skiptoken parameter is invalid.');
}

/** One page of `items` (any order); `keyOf` gives the unique sort key. */
export function paginate<T, R>(ctx: RequestContext, items: T[], keyOf: (t: T) => string, render: (t: T) => R): Page<R> {
  const size = maxResults(ctx);
  const after = marker(ctx);
  const sorted = items.map((t) => ({ t, k: keyOf(t) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter((e) => e.k > after);
  const pageItems = rest.slice(0, size);
  let nextLink: string | null = null;
  if (rest.length > size) {
    const token = Buffer.from(JSON.stringify({ NextMarker: pageItems.at(-1)!.k, TargetLocation: 0 })).toString('base64url');
    const q = new URLSearchParams({ 'api-version': ctx.url.searchParams.get('api-version') ?? '' });
    // Key Vault writes $skiptoken with a literal "$"; URLSearchParams would encode it as %24.
    nextLink = `${ctx.baseUrl}${ctx.url.pathname}?${q.toString()}&$skiptoken=${token}&maxresults=${size}`;
  }
  return { value: pageItems.map((e) => render(e.t)), nextLink };
}
