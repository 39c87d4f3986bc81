// A Graph read that outlives a bad minute, for scans of a whole tenant: each request goes through the retry
// policy (entra/retry.ts) and the throttle pacer; when the policy has given up on a throttled or
// unavailable answer (429, 503, 504) or a dropped connection, the read is asked again, up to `rounds` more
// times, after what the answer said to wait. A scan of 100,000 apps makes thousands of requests: without
// this, one unlucky request in a flaky hour would end it (it is resumable, but it should not need to be).
import type { Client } from '@microsoft/microsoft-graph-client';
import { NetworkError } from '../http.ts';
import { retryAfterMs } from '../retry.ts';
import { GraphApiError } from './client.ts';
import { graphRaw, type RawGraphResponse } from './raw.ts';
import type { ThrottlePacer } from './throttle-pacer.ts';

const TRANSIENT_STATUS = new Set([429, 503, 504]);

export interface PacedReader {
  graph: Client;
  pacer: ThrottlePacer;
  /** Extra rounds after the retry policy gave up (default 5). */
  rounds?: number;
  sleep?: (ms: number) => Promise<void>;
}

export async function pacedRequest<T>(r: PacedReader, req: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; body?: unknown }): Promise<RawGraphResponse<T>> {
  const rounds = r.rounds ?? 5;
  const sleep = r.sleep ?? ((ms: number) => new Promise<void>((res) => setTimeout(res, ms)));
  for (let round = 0; ; round++) {
    await r.pacer.before();
    let res: RawGraphResponse<T>;
    try {
      res = await graphRaw<T>(r.graph, req);
    } catch (err) {
      if (!noAnswer(err) || round >= rounds) throw err;
      await sleep(backoffMs(round));
      continue;
    }
    r.pacer.after(res.status, res.headers);
    if (TRANSIENT_STATUS.has(res.status) && round < rounds) {
      await sleep(retryAfterMs(res.headers, Date.now()) ?? backoffMs(round));
      continue;
    }
    return res;
  }
}

/** 0.25 s, 0.5 s, 1 s … 4 s: the retry policy has already waited its own backoff before giving up. */
function backoffMs(round: number): number {
  return 250 * 2 ** Math.min(round, 4);
}

/**
 * A request that got no HTTP answer (timed out, connection dropped or refused). Graph's client wraps our
 * NetworkError in its GraphError with status -1; a refusal to send over plain HTTP is never transient.
 */
function noAnswer(err: unknown): boolean {
  if (err instanceof NetworkError) return err.causeCode !== 'INSECURE';
  const e = err as { statusCode?: number; message?: string };
  return e?.statusCode === -1 && !/plain HTTP/.test(e.message ?? '');
}

/** pacedRequest for a GET that must succeed: any other status than 2xx becomes a GraphApiError. */
export async function pacedGet<T>(r: PacedReader, url: string, headers?: Record<string, string>): Promise<T> {
  const res = await pacedRequest<T>(r, { method: 'GET', url, ...(headers ? { headers } : {}) });
  if (res.status >= 200 && res.status < 300) return res.body;
  throw graphError(res);
}

export function graphError(res: RawGraphResponse<unknown>): GraphApiError {
  const e = (res.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new GraphApiError(res.status, e?.code ?? 'Unknown', e?.message ?? `Graph answered ${res.status}`, res.headers['request-id']);
}
