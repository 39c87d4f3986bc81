// Graph requests as handlers see them, independent of HTTP, so the same handlers serve direct calls and
// the sub-requests of a JSON $batch.
import type { Tenant } from '../state/tenant.ts';
import type { UserRecord } from '../state/model.ts';

export interface Caller {
  tenant: Tenant;
  appId: string;
  /** Service principal of the calling app. */
  spId: string;
  /** App roles (application permissions) on an app-only token. */
  roles: Set<string>;
  /** Delegated scopes on a user token. */
  scopes: Set<string>;
  user?: UserRecord;
}

export interface GraphRequest {
  method: string;
  version: 'v1.0' | 'beta';
  /** Path after the version, without query, e.g. "/applications/123/addPassword". */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** Raw body text; handlers parse it with readJson() so malformed JSON gets Graph's error. */
  body: string;
  /** https://host:port of the request, for @odata.context and nextLink. */
  baseUrl: string;
  requestId: string;
  clientRequestId: string;
  caller: Caller;
}

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type GraphHandler = (req: GraphRequest, params: Record<string, string>) => Promise<GraphResponse> | GraphResponse;
