// Service principals (enterprise apps) over Microsoft Graph, streamed like applications: for the coming
// tenant-wide inventory (which app has a service principal here, and its credentials).
import type { Client } from '@microsoft/microsoft-graph-client';
import { orUndefinedOn404, type KeyCredential, type PasswordCredential } from './applications.ts';
import { call } from './client.ts';
import { graphList, type GraphList } from './paging.ts';

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType?: string;
  passwordCredentials?: (Pick<PasswordCredential, 'keyId' | 'displayName' | 'endDateTime'> & Partial<PasswordCredential>)[];
  keyCredentials?: KeyCredential[];
}

export const SERVICE_PRINCIPAL_FIELDS = 'id,appId,displayName,servicePrincipalType,passwordCredentials,keyCredentials';

export function listServicePrincipals(graph: Client, query: { filter?: string; select?: string; top?: number } = {}): GraphList<ServicePrincipal> {
  return graphList<ServicePrincipal>(graph, (maxPageSize) => {
    const req = graph.api('/servicePrincipals').select(query.select ?? SERVICE_PRINCIPAL_FIELDS).top(maxPageSize ?? query.top ?? 999);
    return query.filter ? req.filter(query.filter) : req;
  });
}

/** The service principal of an app in this tenant (`/servicePrincipals(appId='…')`), or undefined when it has none. */
export async function findServicePrincipal(graph: Client, appId: string, select = SERVICE_PRINCIPAL_FIELDS): Promise<ServicePrincipal | undefined> {
  return orUndefinedOn404(() => graph.api(`/servicePrincipals(appId='${encodeURIComponent(appId)}')`).select(select).get());
}

export async function removeServicePrincipalPassword(graph: Client, objectId: string, keyId: string): Promise<void> {
  await call(() => graph.api(`/servicePrincipals/${encodeURIComponent(objectId)}/removePassword`).post({ keyId }));
}
