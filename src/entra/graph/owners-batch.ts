// Owners of many applications or service principals, 20 to a JSON $batch (Graph's limit; docs/inventory.md
// "How it scales"): `GET /{applications|servicePrincipals}/{id}/owners?$select=displayName,userPrincipalName`
// per object. The batch itself goes through the retry policy and the pacer; each inner request is throttled
// on its own by Graph, so inner 429s (and 503/504) are sent again in a later batch after their own
// Retry-After. An object deleted since it was listed (404) has no owners to show.
import { graphError, pacedRequest, type PacedReader } from './paced-read.ts';

export const BATCH_LIMIT = 20;

export interface DirectoryOwner {
  displayName: string | null;
  userPrincipalName: string | null;
}

export interface OwnedObject {
  kind: 'applications' | 'servicePrincipals';
  id: string;
}

interface BatchResponse {
  responses?: { id: string; status: number; headers?: Record<string, string>; body?: { value?: { displayName?: string | null; userPrincipalName?: string | null }[] } }[];
}

/** Owners of up to 20 objects (one $batch, inner retries included): object id → owners. */
export async function ownersBatch(r: PacedReader, objects: OwnedObject[], maxInnerRounds = 8): Promise<Map<string, DirectoryOwner[]>> {
  if (objects.length > BATCH_LIMIT) throw new RangeError(`at most ${BATCH_LIMIT} objects per batch`);
  const out = new Map<string, DirectoryOwner[]>();
  let pending = objects.map((o, i) => ({ ...o, n: String(i) }));
  for (let round = 0; pending.length; round++) {
    const res = await pacedRequest<BatchResponse>(r, {
      method: 'POST', url: '/$batch',
      body: { requests: pending.map((o) => ({ id: o.n, method: 'GET', url: `/${o.kind}/${o.id}/owners?$select=displayName,userPrincipalName` })) },
    });
    if (res.status !== 200) throw graphError(res);
    const again: typeof pending = [];
    for (const o of pending) {
      const sub = res.body.responses?.find((x) => x.id === o.n);
      const status = sub?.status ?? 0;
      const headers = Object.fromEntries(Object.entries(sub?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      r.pacer.after(status, headers); // each inner request is metered and throttled on its own
      if (status === 200) {
        out.set(o.id, (sub!.body?.value ?? []).map((u) => ({ displayName: u.displayName ?? null, userPrincipalName: u.userPrincipalName ?? null })));
      } else if (status === 404) {
        out.set(o.id, []);
      } else if ((status === 429 || status === 503 || status === 504 || status === 0) && round < maxInnerRounds) {
        again.push(o); // sent again once the pacer's pause (its Retry-After) is over
      } else {
        throw graphError({ status, headers: sub?.headers ?? {}, body: sub?.body });
      }
    }
    pending = again;
  }
  return out;
}
