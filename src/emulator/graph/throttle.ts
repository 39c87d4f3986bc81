// Graph's throttling of directory requests ("identity and access service limits", docs/emulator.md
// "Graph throttling"): every request has a cost in resource units (RU) taken from a token bucket per
// app + tenant sized by the tenant's user count; writes also take from write buckets (per app + tenant and
// per tenant); listing applications with their keyCredentials has its own per-tenant cap per minute.
// A request is admitted only when every bucket it draws on has room, so a 429 never spends anything.
// The meter counts requests, RU spent and 429s whether throttling is on or off (for benchmarks).
import type { GraphRequest, GraphResponse } from './types.ts';

export interface ThrottleOptions {
  /** RU per app + tenant per 10 s. Default: from the tenant's user count (S <50: 3,500; M 50-500: 5,000; L >500: 8,000). */
  limitPer10s?: number;
  /** Writes per app + tenant per 150 s (Graph: 3,000). */
  writesPer150s?: number;
  /** Writes per tenant, all apps, per 5 minutes (Graph: 18,000). */
  tenantWritesPer5min?: number;
  /** Lists of applications that return keyCredentials, per tenant per minute (Graph: 150). */
  keyCredentialListsPerMinute?: number;
}

/** The limits in force for one tenant: what a benchmark needs to compute the floor throttling allows. */
export interface EffectiveThrottleLimits {
  tenantSize: 'S' | 'M' | 'L';
  resourceUnitsPer10s: number;
  writesPer150s: number;
  tenantWritesPer5min: number;
  keyCredentialListsPerMinute: number;
}

export const GRAPH_LIMITS = { writesPer150s: 3_000, tenantWritesPer5min: 18_000, keyCredentialListsPerMinute: 150 } as const;

/** Graph's budget per app + tenant per 10 s by tenant size: S under 50 users, M 50-500, L above 500. */
export function tenantSizeBudget(users: number): { size: 'S' | 'M' | 'L'; limit: number } {
  if (users < 50) return { size: 'S', limit: 3_500 };
  if (users <= 500) return { size: 'M', limit: 5_000 };
  return { size: 'L', limit: 8_000 };
}

export function effectiveLimits(opts: ThrottleOptions, users: number): EffectiveThrottleLimits {
  const { size, limit } = tenantSizeBudget(users);
  return {
    tenantSize: size,
    resourceUnitsPer10s: opts.limitPer10s ?? limit,
    writesPer150s: opts.writesPer150s ?? GRAPH_LIMITS.writesPer150s,
    tenantWritesPer5min: opts.tenantWritesPer5min ?? GRAPH_LIMITS.tenantWritesPer5min,
    keyCredentialListsPerMinute: opts.keyCredentialListsPerMinute ?? GRAPH_LIMITS.keyCredentialListsPerMinute,
  };
}

/** Base costs Graph publishes for identity paths; anything not listed costs 1. */
const LISTED_GET_COSTS: [RegExp, number][] = [
  [/^\/applications$/i, 2],
  [/^\/applications\/[^/]+\/extensionProperties$/i, 2],
  [/^\/users$/i, 2],
  [/^\/oauth2PermissionGrants(\/[^/]+)?$/i, 2],
  [/^\/servicePrincipals\/[^/]+\/appRoleAssignments$/i, 2],
  [/^\/subscribedSkus$/i, 3],
  [/^\/groups\/[^/]+\/members$/i, 3],
  [/^\/groups\/[^/]+\/transitiveMembers$/i, 5],
];

export function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** A request's cost in RU: the base cost, -1 with $select, +1 with $expand, -1 with $top under 20; never below 1. */
export function requestCost(method: string, path: string, query: URLSearchParams): number {
  let cost = 1;
  if (!isWrite(method)) cost = LISTED_GET_COSTS.find(([re]) => re.test(path))?.[1] ?? 1;
  if (query.has('$select')) cost -= 1;
  if (query.has('$expand')) cost += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && Number.isFinite(top) && top < 20) cost -= 1;
  return Math.max(1, cost);
}

/** GET /applications returning keyCredentials (no $select, or keyCredentials selected): capped per tenant per minute. */
export function listsKeyCredentials(method: string, path: string, query: URLSearchParams): boolean {
  if (isWrite(method) || !/^\/applications$/i.test(path)) return false;
  const select = query.get('$select');
  return !select || select.split(',').some((f) => f.trim().toLowerCase() === 'keycredentials');
}

/** A token bucket refilled continuously: `capacity` tokens per `windowMs`. */
class Bucket {
  private tokens: number;
  private at: number;
  constructor(readonly capacity: number, private readonly windowMs: number, now: number) {
    this.tokens = capacity;
    this.at = now;
  }
  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.capacity) / this.windowMs);
    this.at = now;
  }
  /** Milliseconds until `cost` tokens are there (0: now). */
  waitMs(cost: number, now: number): number {
    this.refill(now);
    return this.tokens >= cost ? 0 : ((cost - this.tokens) * this.windowMs) / this.capacity;
  }
  take(cost: number): void { this.tokens -= cost; }
  /** Share of the capacity in use. */
  used(): number { return (this.capacity - this.tokens) / this.capacity; }
}

type Reason = 'ResourceUnitLimitExceeded' | 'WriteLimitExceeded' | 'KeyCredentialsListLimitExceeded';

export type ThrottleDecision =
  | { ok: true; cost: number; usedShare: number }
  | { ok: false; cost: number; retryAfterSeconds: number; scope: string; reason: Reason; usedShare: number };

interface Check { bucket: Bucket; cost: number; scope: string; reason: Reason }

/** The buckets of one emulator. Keys are built from ids, so tenants and apps never share a bucket. */
export class GraphThrottle {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly opts: ThrottleOptions, private readonly now: () => number) {}

  limitsFor(users: number): EffectiveThrottleLimits {
    return effectiveLimits(this.opts, users);
  }

  private bucket(key: string, capacity: number, windowMs: number): Bucket {
    let b = this.buckets.get(key);
    // A tenant that grew past a size boundary gets the new budget (full, as a new window would be).
    if (!b || b.capacity !== capacity) this.buckets.set(key, (b = new Bucket(capacity, windowMs, this.now())));
    return b;
  }

  decide(req: Pick<GraphRequest, 'method' | 'path' | 'query'>, appId: string, tenantId: string, users: number): ThrottleDecision {
    const limits = this.limitsFor(users);
    const cost = requestCost(req.method, req.path, req.query);
    const ru = this.bucket(`ru/${appId}/${tenantId}`, limits.resourceUnitsPer10s, 10_000);
    const checks: Check[] = [{ bucket: ru, cost, scope: `Tenant_Application/ReadWrite/${appId}/${tenantId}`, reason: 'ResourceUnitLimitExceeded' }];
    if (isWrite(req.method)) {
      checks.push({ bucket: this.bucket(`w/${appId}/${tenantId}`, limits.writesPer150s, 150_000), cost: 1, scope: `Tenant_Application/Write/${appId}/${tenantId}`, reason: 'WriteLimitExceeded' });
      checks.push({ bucket: this.bucket(`tw/${tenantId}`, limits.tenantWritesPer5min, 300_000), cost: 1, scope: `Tenant/Write/${appId}/${tenantId}`, reason: 'WriteLimitExceeded' });
    }
    if (listsKeyCredentials(req.method, req.path, req.query)) {
      checks.push({ bucket: this.bucket(`kc/${tenantId}`, limits.keyCredentialListsPerMinute, 60_000), cost: 1, scope: `Tenant/Read/${appId}/${tenantId}`, reason: 'KeyCredentialsListLimitExceeded' });
    }
    const t = this.now();
    let worst: { check: Check; wait: number } | undefined;
    for (const check of checks) {
      const wait = check.bucket.waitMs(check.cost, t);
      if (wait > 0 && (!worst || wait > worst.wait)) worst = { check, wait };
    }
    if (worst) {
      const usedShare = Math.min(1.8, ru.used() + cost / ru.capacity);
      return { ok: false, cost, retryAfterSeconds: Math.max(1, Math.ceil(worst.wait / 1000)), scope: worst.check.scope, reason: worst.check.reason, usedShare };
    }
    for (const check of checks) check.bucket.take(check.cost);
    return { ok: true, cost, usedShare: ru.used() };
  }
}

/** Headers of an admitted request: its cost, and how close the app is to its budget once above 80 %. */
export function admittedHeaders(cost: number, usedShare: number | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'x-ms-resource-unit': String(cost) };
  if (usedShare !== undefined && usedShare >= 0.8) headers['x-ms-throttle-limit-percentage'] = usedShare.toFixed(1);
  return headers;
}

/** Graph's 429 for a throttled request (its body in the usual error shape). */
export function throttledResponse(d: Extract<ThrottleDecision, { ok: false }>, req: Pick<GraphRequest, 'requestId' | 'clientRequestId'>, now: number): GraphResponse {
  return {
    status: 429,
    headers: {
      'retry-after': String(d.retryAfterSeconds),
      'x-ms-resource-unit': String(d.cost),
      'x-ms-throttle-limit-percentage': Math.max(0.8, d.usedShare).toFixed(1),
      'x-ms-throttle-scope': d.scope,
      'x-ms-throttle-information': d.reason,
    },
    body: {
      error: {
        code: 'TooManyRequests', message: 'Too many requests. Retry after the number of seconds in the Retry-After header.',
        innerError: { date: new Date(now).toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': req.requestId, 'client-request-id': req.clientRequestId },
      },
    },
  };
}

/** What the emulator's Graph served: GET /_emulator/stats, RunningEmulator.stats(). */
export interface GraphStats {
  /** Graph requests answered (each $batch sub-request counts; the $batch envelope does not). */
  requests: number;
  /** RU of the requests admitted (a 429 spends none). */
  resourceUnits: number;
  writes: number;
  /** Lists of applications that returned keyCredentials (the per-minute capped kind). */
  keyCredentialLists: number;
  throttled: { total: number; byReason: Record<string, number> };
  /** When counting started (ISO), i.e. start or the last reset. */
  since: string;
}

export class GraphMeter {
  private s!: GraphStats;
  constructor(private readonly now: () => number) { this.reset(); }
  reset(): void {
    this.s = { requests: 0, resourceUnits: 0, writes: 0, keyCredentialLists: 0, throttled: { total: 0, byReason: {} }, since: new Date(this.now()).toISOString() };
  }
  admitted(req: Pick<GraphRequest, 'method' | 'path' | 'query'>, cost: number): void {
    this.s.requests++;
    this.s.resourceUnits += cost;
    if (isWrite(req.method)) this.s.writes++;
    if (listsKeyCredentials(req.method, req.path, req.query)) this.s.keyCredentialLists++;
  }
  throttled(reason: string): void {
    this.s.requests++;
    this.s.throttled.total++;
    this.s.throttled.byReason[reason] = (this.s.throttled.byReason[reason] ?? 0) + 1;
  }
  snapshot(): GraphStats {
    return { ...this.s, throttled: { total: this.s.throttled.total, byReason: { ...this.s.throttled.byReason } } };
  }
}

/** Throttling (when on) and metering (always) of each Graph request, before it runs. */
export class GraphAdmission {
  readonly meter: GraphMeter;
  readonly throttle: GraphThrottle | undefined;

  constructor(opts: ThrottleOptions | undefined, private readonly now: () => number) {
    this.meter = new GraphMeter(now);
    this.throttle = opts ? new GraphThrottle(opts, now) : undefined;
  }

  /** Either the headers the admitted request's response carries, or the 429 that replaces it. */
  admit(req: GraphRequest): { headers: Record<string, string> } | { response: GraphResponse } {
    const { caller } = req;
    if (!this.throttle) {
      const cost = requestCost(req.method, req.path, req.query);
      this.meter.admitted(req, cost);
      return { headers: admittedHeaders(cost, undefined) };
    }
    const d = this.throttle.decide(req, caller.appId, caller.tenant.id, caller.tenant.record.users.length);
    if (!d.ok) {
      this.meter.throttled(d.reason);
      return { response: throttledResponse(d, req, this.now()) };
    }
    this.meter.admitted(req, d.cost);
    return { headers: admittedHeaders(d.cost, d.usedShare) };
  }
}
