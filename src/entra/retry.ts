// The one retry policy for Graph and Key Vault (their SDKs' own retries are off, see graph/client.ts and
// keyvault-transport.ts): a 429 is retried for any method (a throttled request was not executed); 503, 504
// and dropped connections only for idempotent methods, because a retried POST may run twice (a retried
// addPassword is what left duplicate secrets, docs/protocol-notes.md). Waits what Retry-After says (seconds
// or an HTTP date; retry-after-ms / x-ms-retry-after-ms first), else exponential backoff with jitter;
// attempts and total wait are bounded. Pure decisions here; HttpClient.request() does the waiting.

/** The parts of a request and an answer the policy looks at (http.ts's HttpRequest / HttpResponse). */
interface Sent { method: string }
interface Answer { status: number; headers: Record<string, string> }

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Never wait longer than this in all; a longer Retry-After gives up and returns the answer. */
  maxTotalWaitMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, maxTotalWaitMs: 60_000, baseDelayMs: 500, maxDelayMs: 20_000 };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Connection failures worth another try; refused connections and TLS failures are not (nothing listens, or it never will work). */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Milliseconds the server asked us to wait, or undefined when it did not say. */
export function retryAfterMs(headers: Record<string, string>, now: number): number | undefined {
  const h = (name: string) => headers[name] ?? headers[name.toLowerCase()];
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = h(name);
    if (v !== undefined && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  }
  const v = h('retry-after')?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1), or undefined to stop here.
 * `outcome` is the response, or the error the request failed with.
 */
export function retryDelay(req: Sent, outcome: Answer | unknown, attempt: number, waitedMs: number, policy: RetryPolicy, now: number, random = Math.random): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const idempotent = IDEMPOTENT.has(req.method.toUpperCase());
  let asked: number | undefined;
  if (isResponse(outcome)) {
    if (outcome.status === 429) asked = retryAfterMs(outcome.headers, now);
    else if ((outcome.status === 503 || outcome.status === 504) && idempotent) asked = retryAfterMs(outcome.headers, now);
    else return undefined;
  } else if (!(idempotent && TRANSIENT_CODES.has((outcome as { causeCode?: string })?.causeCode ?? ''))) {
    return undefined;
  }
  // Full jitter on the backoff; a server's own Retry-After is honoured as given (plus a little jitter).
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const delay = asked !== undefined ? asked + Math.floor(random() * 100) : Math.floor(backoff / 2 + random() * (backoff / 2));
  return waitedMs + delay > policy.maxTotalWaitMs ? undefined : delay;
}

function isResponse(x: unknown): x is Answer {
  return typeof (x as Answer)?.status === 'number' && typeof (x as Answer)?.headers === 'object';
}
