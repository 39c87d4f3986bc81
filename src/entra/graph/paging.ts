// Graph's OData paging (@odata.nextLink) as the Azure SDK's PagedAsyncIterableIterator: `for await` streams
// items page by page, and byPage({ continuationToken }) resumes at a nextLink. Pages are fetched one at a
// time as the caller asks, never collected. The iterator itself is @azure/core-paging's.
import { getPagedAsyncIterator, type PagedAsyncIterableIterator, type PageSettings } from '@azure/core-paging';
import type { Client, GraphRequest } from '@microsoft/microsoft-graph-client';
import { call } from './client.ts';

/** One page of items; continuationToken is the nextLink (absent on the last page). */
export type GraphPage<T> = T[] & { continuationToken?: string };

export type GraphList<T> = PagedAsyncIterableIterator<T, GraphPage<T>, PageSettings>;

/**
 * `first` builds the first page's request (byPage's maxPageSize as $top); nextLinks are followed with `nextHeaders`
 * (e.g. ConsistencyLevel); `map` turns each item as Graph sent it into T (default: as sent).
 */
export function graphList<T, Raw = T>(graph: Client, first: (maxPageSize?: number) => GraphRequest, nextHeaders: Record<string, string> = {}, map?: (raw: Raw) => T): GraphList<T> {
  return getPagedAsyncIterator<T, GraphPage<T>, PageSettings, string | undefined>({
    firstPageLink: undefined,
    getPage: async (link, maxPageSize) => {
      const req = link === undefined ? first(maxPageSize) : graph.api(link).headers(nextHeaders);
      const body = await call(() => req.get()) as { value: Raw[]; '@odata.nextLink'?: string };
      const next = body['@odata.nextLink'];
      const items = map ? body.value.map(map) : (body.value as unknown as T[]);
      const page: GraphPage<T> = Object.assign(items, next ? { continuationToken: next } : {});
      return { page, ...(next ? { nextPageLink: next } : {}) };
    },
  });
}
