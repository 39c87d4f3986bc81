// Service principals (enterprise apps) over Microsoft Graph, streamed like applications: for the coming
// tenant-wide inventory (which app has a service principal here, and its credentials).
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphList, type GraphList } from './paging.ts';

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType?: string;
  passwordCredentials?: { keyId: string; displayName: string | null; endDateTime: string }[];
  keyCredentials?: { keyId: string; displayName: string | null; endDateTime: string; type: string }[];
}

export const SERVICE_PRINCIPAL_FIELDS = 'id,appId,displayName,servicePrincipalType,passwordCredentials,keyCredentials';

export function listServicePrincipals(graph: Client, query: { filter?: string; select?: string; top?: number } = {}): GraphList<ServicePrincipal> {
  return graphList<ServicePrincipal>(graph, (maxPageSize) => {
    const req = graph.api('/servicePrincipals').select(query.select ?? SERVICE_PRINCIPAL_FIELDS).top(maxPageSize ?? query.top ?? 999);
    return query.filter ? req.filter(query.filter) : req;
  });
}
