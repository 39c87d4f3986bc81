// Delta queries: GET /applications/delta and /servicePrincipals/delta (v1.0 and beta). A round pages with
// @odata.nextLink and ends with an @odata.deltaLink; the next round, from that link, returns what changed
// since (objects with the selected properties, removals as {"id", "@removed": {"reason"}}). `$deltatoken=latest`
// starts from now. Only `$select` and `$filter=id eq '…' [or id eq '…']` are accepted, as in Graph; both are
// carried inside the tokens, which are self-contained (state/changes.ts keeps the sequence numbers), so a
// token costs the emulator nothing and survives restarts. Tokens expire after `tokenLifetimeMs` (Graph: 7
// days) with Graph's 400 `syncStateNotFound`: the client must start a full sync again.
import type { Tenant } from '../state/tenant.ts';
import type { RemovalRecord, Tracked, TrackedKind } from '../state/changes.ts';
import { GE, GraphError } from './errors.ts';
import { parseFilter, type FilterNode } from './odata-filter.ts';
import { contextUrl, parseSelect, project } from './odata-query.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

export const DEFAULT_DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;
const ALLOWED_OPTIONS = new Set(['$select', '$filter', '$skiptoken', '$deltatoken']);

export interface DeltaSpec<T extends Tracked & { id: string }> {
  kind: TrackedKind;
  resource: 'applications' | 'servicePrincipals';
  type: string;
  items: readonly T[];
  byId: (id: string) => T | undefined;
  known: Set<string>;
  toJson: (item: T, selected: Set<string> | undefined) => Record<string, unknown>;
  visible?: (item: T) => boolean;
}

export interface DeltaOptions {
  tokenLifetimeMs: number;
  now: () => number;
}

/** What a token carries: whose changes, after which sequence number, with which query, issued when. */
interface RoundState {
  v: 1;
  /** The tenant's change-tracking generation. */
  g: string;
  k: TrackedKind;
  /** Changes after this sequence number; -1: a full sync (every current object, no removals). */
  s: number;
  /** The sequence number when the round began: the next round starts after it. */
  u: number;
  /** When the round (nextLink) or the link (deltaLink) was issued, epoch ms. */
  iat: number;
  sel?: string;
  ids?: string[];
}
/** A nextLink's position: index in the objects (or the id list), then index in the removals. */
interface PageState extends RoundState { i: number; r: number }

const expired = () => new GraphError(400, 'syncStateNotFound', 'The sync state generation is not found. The delta token is expired and data must be synchronized again.');

export function delta<T extends Tracked & { id: string }>(req: GraphRequest, spec: DeltaSpec<T>, opts: DeltaOptions): GraphResponse {
  const tenant = req.caller.tenant;
  const q = req.query;
  for (const k of q.keys()) if (!ALLOWED_OPTIONS.has(k)) throw GE.unsupportedQuery(`The query option '${k}' is not supported with delta queries.`);
  const now = opts.now();
  const skip = q.get('$skiptoken');
  const deltaToken = q.get('$deltatoken');
  let page: PageState;
  if (skip !== null) {
    page = { ...readToken(skip, tenant, spec.kind, now, opts), ...readPosition(skip) };
  } else if (deltaToken !== null && deltaToken.toLowerCase() === 'latest') {
    const round = newRound(req, spec, tenant, now);
    return respond(req, spec, [], { deltaLink: token({ ...round, s: round.u }) });
  } else if (deltaToken !== null) {
    const link = readToken(deltaToken, tenant, spec.kind, now, opts);
    page = { ...link, s: link.u, u: tenant.changes.seq, iat: now, i: 0, r: 0 };
  } else {
    page = { ...newRound(req, spec, tenant, now), s: -1, i: 0, r: 0 };
  }

  const selected = page.sel ? parseSelect({ ...req, query: new URLSearchParams({ $select: page.sel }) }, spec.known, spec.type) : undefined;
  const size = pageSize(req);
  const candidates = page.ids ? page.ids.map((id) => spec.byId(id)) : spec.items;
  const live = (o: T | undefined): o is T => o !== undefined && (!spec.visible || spec.visible(o));
  const objectMatches = (o: T | undefined): o is T => live(o) && (page.s < 0 || (o.changeSeq ?? 0) > page.s);
  const removals = page.s < 0 ? [] : tenant.changes.state.removals;
  const wanted = page.ids ? new Set(page.ids) : undefined;
  const removalMatches = (m: RemovalRecord) => m.kind === spec.kind && m.seq > page.s && (!wanted || wanted.has(m.id)) && !live(spec.byId(m.id));
  if (page.s >= 0 && page.r === 0) page.r = firstAfter(removals, page.s);

  const value: Record<string, unknown>[] = [];
  let i = page.i;
  let r = page.r;
  for (; i < candidates.length && value.length < size; i++) {
    const o = candidates[i];
    if (objectMatches(o)) value.push({ ...project(spec.toJson(o, selected), selected), id: o.id });
  }
  for (; r < removals.length && value.length < size; r++) {
    const m = removals[r]!;
    if (removalMatches(m)) value.push({ '@odata.type': `#${spec.type}`, id: m.id, '@removed': { reason: m.reason } });
  }
  // Look ahead, so the last page carries the deltaLink instead of a nextLink to an empty page.
  while (i < candidates.length && !objectMatches(candidates[i])) i++;
  if (i >= candidates.length) while (r < removals.length && !removalMatches(removals[r]!)) r++;
  const more = i < candidates.length || r < removals.length;
  const links = more ? { nextLink: token({ ...page, i, r }) } : { deltaLink: token({ ...stripPosition(page), s: page.u, iat: now }) };
  return respond(req, spec, value, links, selected);
}

function newRound<T extends Tracked & { id: string }>(req: GraphRequest, spec: DeltaSpec<T>, tenant: Tenant, now: number): RoundState {
  const sel = req.query.get('$select') ?? undefined;
  if (sel) parseSelect(req, spec.known, spec.type); // a bad property fails now, not on a later page
  const filter = req.query.get('$filter');
  return { v: 1, g: tenant.changes.state.generation, k: spec.kind, s: -1, u: tenant.changes.seq, iat: now, ...(sel ? { sel } : {}), ...(filter ? { ids: idsOf(filter) } : {}) };
}

/** `id eq '…'` joined by `or`: the only filter Graph's directory delta takes. */
function idsOf(raw: string): string[] {
  const unsupported = () => GE.unsupportedQuery("Delta queries support only $filter=id eq '{id}' (optionally joined with 'or').");
  let node: FilterNode;
  try { node = parseFilter(raw); } catch { throw unsupported(); }
  const ids: string[] = [];
  const walk = (n: FilterNode): void => {
    if (n.k === 'or') { walk(n.l); walk(n.r); return; }
    if (n.k === 'cmp' && n.op === 'eq' && n.path.length === 1 && n.path[0] === 'id' && typeof n.value === 'string') { ids.push(n.value.toLowerCase()); return; }
    throw unsupported();
  };
  walk(node);
  return [...new Set(ids)];
}

function pageSize(req: GraphRequest): number {
  // Prefer: odata.maxpagesize=N, as Graph's delta honours it; otherwise pages of 100.
  const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(req.headers.prefer ?? '');
  return m ? Math.min(MAX_PAGE, Math.max(1, Number(m[1]))) : DEFAULT_PAGE;
}

/** Index of the first removal after `seq` (removals are in sequence order). */
function firstAfter(removals: readonly RemovalRecord[], seq: number): number {
  let lo = 0, hi = removals.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (removals[mid]!.seq > seq) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function token(state: RoundState | PageState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decode(raw: string): Partial<PageState> {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<PageState>;
    return t && typeof t === 'object' ? t : {};
  } catch {
    return {};
  }
}

function readToken(raw: string, tenant: Tenant, kind: TrackedKind, now: number, opts: DeltaOptions): RoundState {
  const t = decode(raw);
  const valid = t.v === 1 && typeof t.g === 'string' && Number.isInteger(t.s) && Number.isInteger(t.u) && Number.isFinite(t.iat)
    && (t.sel === undefined || typeof t.sel === 'string') && (t.ids === undefined || (Array.isArray(t.ids) && t.ids.every((x) => typeof x === 'string')));
  if (!valid) throw GE.badRequest('The delta or skip token is not valid.');
  if (t.k !== kind) throw GE.badRequest(`The delta token does not belong to ${kind === 'application' ? 'applications' : 'servicePrincipals'}.`);
  const { changes } = tenant;
  // Another generation (the tenant was rebuilt), a token from the future of this tenant, removals forgotten
  // since, or simply too old: Graph says the sync state is gone, and the client starts over.
  if (t.g !== changes.state.generation || t.u! > changes.seq || t.s! > changes.seq || t.u! < changes.state.forgottenThrough) throw expired();
  if (now - t.iat! > opts.tokenLifetimeMs) throw expired();
  return { v: 1, g: t.g, k: kind, s: t.s!, u: t.u!, iat: t.iat!, ...(t.sel ? { sel: t.sel } : {}), ...(t.ids ? { ids: t.ids } : {}) };
}

function readPosition(raw: string): { i: number; r: number } {
  const t = decode(raw);
  if (!Number.isInteger(t.i) || !Number.isInteger(t.r) || t.i! < 0 || t.r! < 0) throw GE.badRequest('The skip token is not valid.');
  return { i: t.i!, r: t.r! };
}

function stripPosition({ i: _i, r: _r, ...round }: PageState): RoundState {
  return round;
}

function respond<T extends Tracked & { id: string }>(req: GraphRequest, spec: DeltaSpec<T>, value: Record<string, unknown>[], links: { nextLink?: string; deltaLink?: string }, selected?: Set<string>): GraphResponse {
  const base = `${req.baseUrl}/${req.version}/${spec.resource}/delta`;
  const body: Record<string, unknown> = { '@odata.context': contextUrl(req, spec.resource, selected) };
  if (links.nextLink) body['@odata.nextLink'] = `${base}?$skiptoken=${links.nextLink}`;
  if (links.deltaLink) body['@odata.deltaLink'] = `${base}?$deltatoken=${links.deltaLink}`;
  body.value = value;
  return { status: 200, body };
}

/**
 * After a successful write, stamps the application or service principal its path names as changed (creation
 * and removal are stamped by the tenant itself). `/directory/deletedItems/{id}/…` (a restore) counts too.
 */
export function trackWrite(req: GraphRequest): void {
  const tenant = req.caller.tenant;
  const [collection, key, third] = req.path.split('/').filter(Boolean);
  if (!collection || !key) return;
  const byKey = (byId: (k: string) => (Tracked | undefined), byAppId: (k: string) => (Tracked | undefined)) => (key.startsWith('appId=') ? byAppId(key.slice(6)) : byId(key));
  let target: Tracked | undefined;
  switch (collection.toLowerCase()) {
    case 'applications': target = byKey((k) => tenant.applicationById(k), (k) => tenant.applicationByAppId(k)); break;
    case 'serviceprincipals': target = byKey((k) => tenant.servicePrincipalById(k), (k) => tenant.servicePrincipalByAppId(k)); break;
    case 'directory':
      if (key.toLowerCase() === 'deleteditems' && third) target = tenant.applicationById(third) ?? tenant.servicePrincipalById(third);
      break;
  }
  if (target) tenant.changes.touch(target);
}
