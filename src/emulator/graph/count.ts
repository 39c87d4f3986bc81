// `/{collection}/$count`: the number of items the collection would list (with its $filter and $search), as
// text/plain. Like `$count=true`, it needs `ConsistencyLevel: eventual` (docs/protocol-notes.md, "Graph: URL forms").
import { GE } from './errors.ts';
import { isEventual } from './odata-query.ts';
import type { GraphHandler } from './types.ts';

export function countOf(list: GraphHandler): GraphHandler {
  return async (req, params) => {
    if (!isEventual(req)) throw GE.unsupportedQuery("$count is only supported with the 'ConsistencyLevel: eventual' header.");
    const query = new URLSearchParams(req.query);
    query.set('$count', 'true');
    query.delete('$top');
    query.delete('$skiptoken');
    const res = await list({ ...req, query }, params);
    const count = (res.body as { '@odata.count'?: number } | undefined)?.['@odata.count'] ?? 0;
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(count) };
  };
}
