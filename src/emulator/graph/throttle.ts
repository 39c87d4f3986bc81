// Graph-style throttling: a resource-unit token bucket per app + tenant, refilled continuously over a
// 10-second window. Costs follow Graph's identity-and-access table as far as it is published (reads of a
// collection 2 RU, one less with $select; single reads 1; writes 3), limits are configurable.
export interface ThrottleOptions {
  /** Resource units per app+tenant per 10 seconds (Graph: 3,500 / 5,000 / 8,000 for S / M / L tenants). */
  limitPer10s: number;
}

export type ThrottleResult = { ok: true; cost: number; usedPercent: number } | { ok: false; cost: number; retryAfterSeconds: number };

export function requestCost(method: string, path: string, query: URLSearchParams): number {
  if (method !== 'GET') return 3;
  const segments = path.split('/').filter(Boolean);
  const isCollection = segments.length === 1 || (segments.length === 2 && segments[0] === 'auditLogs');
  const base = isCollection ? 2 : 1;
  return Math.max(1, base - (query.has('$select') ? 1 : 0));
}

export class GraphThrottle {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly opts: ThrottleOptions, private readonly now: () => number) {}

  take(key: string, cost: number): ThrottleResult {
    const limit = this.opts.limitPer10s;
    const rate = limit / 10_000; // tokens per ms
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: limit, at: t };
    b.tokens = Math.min(limit, b.tokens + (t - b.at) * rate);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < cost) return { ok: false, cost, retryAfterSeconds: Math.max(1, Math.ceil((cost - b.tokens) / rate / 1000)) };
    b.tokens -= cost;
    return { ok: true, cost, usedPercent: ((limit - b.tokens) / limit) * 100 };
  }
}
