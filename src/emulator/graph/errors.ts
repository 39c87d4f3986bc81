// Microsoft Graph's error body: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
// Directory resources use the Request_* / Authorization_* codes (docs/protocol-notes.md, "Graph: error body and codes").
import type { GraphResponse } from './types.ts';

export class GraphError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export const GE = {
  notFound: (id: string) => new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`),
  denied: () => new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  badRequest: (message: string) => new GraphError(400, 'Request_BadRequest', message),
  unsupportedQuery: (message: string) => new GraphError(400, 'Request_UnsupportedQuery', message),
  invalidJson: () => new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'),
  noRoute: (path: string) => new GraphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/').filter(Boolean).pop() ?? path}'.`),
  methodNotAllowed: () => new GraphError(405, 'Request_BadRequest', 'The requested method is not supported on this resource.'),
  unauthenticated: (message: string) => new GraphError(401, 'InvalidAuthenticationToken', message),
  meNeedsUser: () => new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.'),
};

/** Graph's innerError date format: ISO without milliseconds or zone designator. */
export function graphDate(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '');
}

export function errorResponse(err: GraphError, requestId: string, clientRequestId: string): GraphResponse {
  return {
    status: err.status,
    headers: err.headers,
    body: { error: { code: err.code, message: err.message, innerError: { date: graphDate(), 'request-id': requestId, 'client-request-id': clientRequestId } } },
  };
}
