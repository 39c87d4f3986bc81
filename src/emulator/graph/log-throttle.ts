// The separate, stricter limit Graph puts on the sign-in and audit log APIs (auditLogs/*, reports/*):
// 5 requests per 10 seconds per app per tenant (docs/protocol-notes.md, "Throttling"). A sliding window of
// request times per key, next to the resource-unit bucket of throttle.ts, and on only when throttling is.
import { GraphError } from './errors.ts';

const WINDOW_MS = 10_000;
export const LOG_REQUESTS_PER_WINDOW = 5;

/** The paths this limit applies to. */
export function isLogPath(path: string): boolean {
  return /^\/(auditLogs|reports)(\/|$)/i.test(path);
}

export class LogThrottle {
  private windows = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Counts one request; when the window is full, says how many seconds until a slot frees. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const t = this.now();
    const recent = (this.windows.get(key) ?? []).filter((at) => at > t - WINDOW_MS);
    this.windows.set(key, recent);
    if (recent.length >= LOG_REQUESTS_PER_WINDOW) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - t) / 1000)) };
    recent.push(t);
    return { ok: true };
  }
}

/** Graph's 429 for a log API: Retry-After and the TooManyRequests error body (errors.ts shape). */
export function logThrottledError(retryAfterSeconds: number): GraphError {
  return new GraphError(429, 'TooManyRequests', 'Too many requests. Retry after the number of seconds in the Retry-After header.', { 'retry-after': String(retryAfterSeconds) });
}
