// Delta queries for a rescan of the inventory (docs/inventory.md "Delta"): `/applications/delta` and
// `/servicePrincipals/delta` with the inventory's $select. `$deltatoken=latest` gives a link from now (taken
// before a full scan, so nothing that changes during it is missed); following a saved deltaLink gives the
// objects changed since (with every selected property) and the removed ones (`@removed`), page by page, and
// a new deltaLink at the end. Graph answers an expired link with 400 (or 410) syncStateNotFound /
// resyncRequired: the caller starts over with a full scan.
import { GraphApiError } from './client.ts';
import { DIRECTORY_SELECT, type DirectoryKind, type DirectoryObject } from './directory-pages.ts';
import { pacedGet, type PacedReader } from './paced-read.ts';

/** A changed object, or the id of a removed one. */
export type DeltaChange = { removed: false; object: DirectoryObject } | { removed: true; id: string };

interface DeltaBody {
  value: (DirectoryObject & { '@removed'?: unknown })[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

// Graph's delta pages are 100 objects unless asked for more (999 at most).
const PAGE = { Prefer: 'odata.maxpagesize=999' };

/** A deltaLink from now on, for the inventory's properties. */
export async function latestDeltaLink(r: PacedReader, kind: DirectoryKind): Promise<string> {
  const body = await pacedGet<DeltaBody>(r, `/${kind}/delta?$select=${DIRECTORY_SELECT}&$deltatoken=latest`, PAGE);
  const link = body['@odata.deltaLink'];
  if (!link) throw new GraphApiError(200, 'NoDeltaLink', `Graph gave no deltaLink for ${kind}/delta.`, undefined);
  return link;
}

/** Every change since `deltaLink`, page by page; returns the next deltaLink. */
export async function readChanges(r: PacedReader, deltaLink: string, onChange: (c: DeltaChange) => void): Promise<string> {
  let url: string | undefined = deltaLink;
  while (url) {
    const body: DeltaBody = await pacedGet<DeltaBody>(r, url, PAGE);
    for (const o of body.value) {
      if (o['@removed'] !== undefined) onChange({ removed: true, id: o.id });
      else onChange({ removed: false, object: o });
    }
    if (body['@odata.deltaLink']) return body['@odata.deltaLink'];
    url = body['@odata.nextLink'];
  }
  throw new GraphApiError(200, 'NoDeltaLink', 'Graph ended a delta round without a deltaLink.', undefined);
}

/** The saved link is too old (or the tenant's sync state is gone): a full scan must start over. */
export function isDeltaExpired(err: unknown): boolean {
  return err instanceof GraphApiError && (err.status === 410
    || (err.status === 400 && /syncStateNotFound|resyncRequired|syncStateInvalid/i.test(`${err.code} ${err.message}`)));
}
