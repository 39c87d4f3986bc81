// Listing a collection with Graph's query options: $filter, $search, $orderby, $select, $top, $count and
// opaque $skiptoken paging with an absolute @odata.nextLink. Advanced queries (endswith, ne, not, $count,
// $search, $filter with $orderby) require `ConsistencyLevel: eventual`, as in Graph.
import { GE } from './errors.ts';
import { evaluate, filterProperties, needsAdvancedQuery, parseFilter, type FilterNode } from './odata-filter.ts';
import type { GraphRequest, GraphResponse } from './types.ts';
import { addExpanded, EXPAND_PAGE_CAP, parseExpand, type Expanders } from './expand.ts';

export interface CollectionSpec<T> {
  /** Path segment used in @odata.context and nextLink, e.g. "applications". */
  resource: string;
  /** Type name for error messages, e.g. "microsoft.graph.application". */
  type: string;
  items: readonly T[];
  toJson: (item: T, opts: { selected: Set<string> | undefined }) => Record<string, unknown>;
  /** Top-level properties $filter may use. */
  filterable: Set<string>;
  /** Properties $search may use. */
  searchable: string[];
  /** Properties $orderby may use. */
  sortable: string[];
  visible?: (item: T) => boolean;
  /** Index lookups by property (e.g. appId, id): `$filter=appId eq '…'` then reads one item, not the whole tenant. */
  lookup?: Record<string, (value: string) => T | undefined>;
  defaultTop?: number;
  maxTop?: number;
  /** @odata.context names this instead of `resource` (e.g. owners: "directoryObjects"). */
  contextResource?: string;
  /** Navigation properties $expand may name (expand.ts); a page with $expand holds 100 items at most. */
  expand?: Expanders<T>;
}

export function isEventual(req: GraphRequest): boolean {
  return (req.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
}

export function parseSelect(req: GraphRequest, known: Set<string>, type: string): Set<string> | undefined {
  const raw = req.query.get('$select');
  if (!raw) return undefined;
  const fields = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of fields) if (!known.has(f)) throw GE.badRequest(`Could not find a property named '${f}' on type '${type}'.`);
  return new Set(fields);
}

export function project(obj: Record<string, unknown>, selected: Set<string> | undefined): Record<string, unknown> {
  if (!selected) return obj;
  const out: Record<string, unknown> = {};
  for (const k of selected) out[k] = obj[k] ?? null;
  return out;
}

export function contextUrl(req: GraphRequest, resource: string, selected?: Set<string>, entity = false): string {
  return `${req.baseUrl}/${req.version}/$metadata#${resource}${selected ? `(${[...selected].join(',')})` : ''}${entity ? '/$entity' : ''}`;
}

interface Cursor { i: number; q: string }

export function listCollection<T>(req: GraphRequest, spec: CollectionSpec<T>, knownProperties: Set<string>): GraphResponse {
  const eventual = isEventual(req);
  const q = req.query;
  const maxTop = spec.maxTop ?? 999;
  const topRaw = q.get('$top');
  let top = spec.defaultTop ?? 100;
  if (topRaw !== null) {
    top = Number(topRaw);
    if (!/^\d+$/.test(topRaw) || top < 1 || top > maxTop) throw GE.badRequest(`Invalid page size specified: '${topRaw}'. Must be between 1 and ${maxTop} inclusive.`);
  }
  const selected = parseSelect(req, knownProperties, spec.type);
  const expanded = spec.expand ? parseExpand(req, spec.expand, spec.type) : undefined;
  if (expanded) top = Math.min(top, EXPAND_PAGE_CAP);

  let filter: FilterNode | undefined;
  const filterRaw = q.get('$filter');
  if (filterRaw) {
    filter = parseFilter(filterRaw);
    for (const p of filterProperties(filter)) {
      if (!spec.filterable.has(p)) throw GE.unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${p}' of resource '${spec.type.replace('microsoft.graph.', '')}'.`);
    }
    if (needsAdvancedQuery(filter) && !eventual) {
      throw GE.unsupportedQuery("This query needs advanced query capabilities: add the 'ConsistencyLevel: eventual' header and $count=true. Refer to https://aka.ms/graph-docs/advanced-queries for more information.");
    }
  }
  const search = q.get('$search');
  if (search !== null && !eventual) {
    throw GE.unsupportedQuery("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
  }
  const searchClauses = search !== null ? parseSearch(search, spec.searchable) : undefined;
  const orderby = q.get('$orderby');
  let sortKey: { prop: string; desc: boolean } | undefined;
  if (orderby) {
    const [prop, dir] = orderby.trim().split(/\s+/);
    if (!prop || !spec.sortable.includes(prop) || (dir && !/^(asc|desc)$/i.test(dir))) throw GE.unsupportedQuery(`Sorting by '${orderby}' is not supported for this resource.`);
    if ((filter || searchClauses) && !eventual) throw GE.unsupportedQuery('Sorting not supported for current query.');
    sortKey = { prop, desc: /^desc$/i.test(dir ?? '') };
  }
  const countRaw = q.get('$count');
  if (countRaw !== null && countRaw !== 'true' && countRaw !== 'false') throw GE.badRequest(`Invalid value '${countRaw}' for $count.`);
  const wantCount = countRaw === 'true';
  if (wantCount && !eventual) throw GE.unsupportedQuery("$count is only supported with the 'ConsistencyLevel: eventual' header.");

  // A cursor is an index into the (sorted) item list plus a fingerprint of the query it belongs to.
  const fingerprint = [filterRaw, search, orderby].join('\u0000');
  let start = 0;
  const skip = q.get('$skiptoken');
  if (skip !== null) {
    const cursor = decodeCursor(skip);
    if (!cursor || cursor.q !== fingerprint) throw GE.badRequest('The $skiptoken is invalid or does not belong to this query.');
    start = cursor.i;
  }

  const matches = (item: T): boolean => {
    if (spec.visible && !spec.visible(item)) return false;
    if (!filter && !searchClauses) return true;
    const json = spec.toJson(item, { selected: undefined });
    return (!filter || evaluate(filter, json)) && (!searchClauses || searchMatches(searchClauses, json));
  };

  let items: readonly T[] = narrowByIndex(filter, spec) ?? spec.items;
  if (sortKey) {
    const { prop, desc } = sortKey;
    // Each key is computed once, not twice per comparison.
    const keyed = items.map((t) => ({ t, k: String(spec.toJson(t, { selected: undefined })[prop] ?? '').toLowerCase() }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0) * (desc ? -1 : 1));
    items = keyed.map((x) => x.t);
  }

  const page: Record<string, unknown>[] = [];
  let i = start;
  for (; i < items.length && page.length < top; i++) {
    const item = items[i]!;
    if (matches(item)) page.push(addExpanded(project(spec.toJson(item, { selected }), selected), item, expanded, spec.expand ?? {}));
  }
  let more = false;
  for (let j = i; j < items.length; j++) if (matches(items[j]!)) { more = true; break; }

  const body: Record<string, unknown> = { '@odata.context': contextUrl(req, spec.resource, selected) };
  if (spec.contextResource) body['@odata.context'] = contextUrl(req, spec.contextResource, selected);
  if (wantCount) body['@odata.count'] = items.reduce((n, t) => n + (matches(t) ? 1 : 0), 0);
  if (more) {
    const next = new URLSearchParams(q);
    next.delete('$skiptoken');
    next.delete('$count'); // @odata.count is on the first page only, as in Graph
    next.set('$skiptoken', encodeCursor({ i, q: fingerprint }));
    // Each value stays percent-encoded (a decoded '&', '#' or '+' in a filter would break the link); '$' in
    // the option names is left readable, as Graph writes them.
    const qs = [...next].map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(v)}`).join('&');
    body['@odata.nextLink'] = `${req.baseUrl}/${req.version}/${spec.resource}?${qs}`;
  }
  body.value = page;
  return { status: 200, body };
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(s: string): Cursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    return Number.isInteger(c.i) && c.i >= 0 && typeof c.q === 'string' ? c : undefined;
  } catch {
    return undefined;
  }
}

type SearchClause = { prop: string; term: string; op: 'AND' | 'OR' };

/** $search="displayName:web" [AND|OR "description:x"]: tokenized prefix matching, as Graph does. */
function parseSearch(raw: string, searchable: string[]): SearchClause[] {
  const clauses: SearchClause[] = [];
  const re = /\s*(AND|OR)?\s*"([^":]+):([^"]*)"/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(raw)) !== null) {
    const prop = m[2]!.trim();
    if (!searchable.includes(prop)) throw GE.unsupportedQuery(`$search is not supported on property '${prop}'.`);
    clauses.push({ prop, term: m[3]!.toLowerCase(), op: (m[1] as 'AND' | 'OR' | undefined) ?? 'AND' });
    consumed = re.lastIndex;
  }
  if (clauses.length === 0 || raw.slice(consumed).trim() !== '') throw GE.badRequest(`Syntax error: the $search value ${raw} is not valid. Use "property:value".`);
  return clauses;
}

function searchMatches(clauses: SearchClause[], json: Record<string, unknown>): boolean {
  let result = true;
  clauses.forEach((c, idx) => {
    const words = tokenizeWords(String(json[c.prop] ?? ''));
    const hit = c.term === '' || words.some((w) => w.startsWith(c.term)) || String(json[c.prop] ?? '').toLowerCase().startsWith(c.term);
    result = idx === 0 ? hit : c.op === 'AND' ? result && hit : result || hit;
  });
  return result;
}

function tokenizeWords(s: string): string[] {
  return s.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * When the whole filter is `PROP eq 'v'` (or `PROP in ('a','b')`) on an indexed property, the candidates
 * come from the index; the filter is still evaluated on them, so the answer is the same as a full scan.
 */
function narrowByIndex<T>(filter: FilterNode | undefined, spec: CollectionSpec<T>): T[] | undefined {
  if (!filter || !spec.lookup || (filter.k !== 'cmp' && filter.k !== 'in') || filter.path.length !== 1) return undefined;
  const find = spec.lookup[filter.path[0]!];
  if (!find) return undefined;
  const values = filter.k === 'cmp' && filter.op === 'eq' ? [filter.value] : filter.k === 'in' ? filter.values : undefined;
  if (!values || !values.every((v) => typeof v === 'string')) return undefined;
  return [...new Set((values as string[]).map((v) => find(v)).filter((t): t is T => t !== undefined))];
}
