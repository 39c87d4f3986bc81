// App registrations over Microsoft Graph: find one by client ID, get one, stream them (lists are
// PagedAsyncIterableIterators, see paging.ts), add and remove a password credential. addPassword is a POST:
// the retry policy never repeats it on a 503 or a dropped connection (it might have run).
import type { Client } from '@microsoft/microsoft-graph-client';
import { call } from './client.ts';
import { graphList, type GraphList } from './paging.ts';

export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  hint: string | null;
  startDateTime: string;
  endDateTime: string;
}

export interface KeyCredential {
  keyId: string;
  displayName: string | null;
  endDateTime: string;
  type: string;
}

export interface AppRegistration {
  id: string;
  appId: string;
  displayName: string;
  createdDateTime: string | null;
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  identifierUris?: string[];
}

export const APP_FIELDS = 'id,appId,displayName,createdDateTime,passwordCredentials,keyCredentials';

/** The app registration with this client ID, or undefined when Graph says it does not exist. */
export async function findApplication(graph: Client, appId: string, select = APP_FIELDS): Promise<AppRegistration | undefined> {
  return orUndefinedOn404(() => graph.api(`/applications(appId='${encodeURIComponent(appId)}')`).select(select).get());
}

/** The app registration with this object ID, or undefined when it does not exist. */
export async function getApplication(graph: Client, objectId: string, select = APP_FIELDS): Promise<AppRegistration | undefined> {
  return orUndefinedOn404(() => graph.api(`/applications/${encodeURIComponent(objectId)}`).select(select).get());
}

async function orUndefinedOn404<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call(fn);
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
}

export interface ApplicationQuery {
  /** OData $filter, e.g. startswith(displayName,'Orders'). */
  filter?: string;
  /** $search, e.g. "displayName:orders" (sent with ConsistencyLevel: eventual and $count). */
  search?: string;
  /** $select; default APP_FIELDS. */
  select?: string;
  /** Page size ($top); default 999, Graph's largest. */
  top?: number;
}

/** App registrations matching a query, streamed page by page (byPage({ continuationToken: nextLink }) resumes). */
export function listApplications(graph: Client, query: ApplicationQuery = {}): GraphList<AppRegistration> {
  const eventual = { ConsistencyLevel: 'eventual' };
  return graphList<AppRegistration>(graph, (maxPageSize) => {
    let req = graph.api('/applications').select(query.select ?? APP_FIELDS).top(maxPageSize ?? query.top ?? 999);
    if (query.filter) req = req.filter(query.filter);
    if (query.search) req = req.search(query.search).headers(eventual).count(true);
    return req;
  }, query.search ? eventual : {});
}

/** addPassword: the only response that carries the secret value; the caller must treat it as such. */
export async function addPassword(graph: Client, objectId: string, cred: { displayName: string; startDateTime: Date; endDateTime: Date }): Promise<PasswordCredential & { secretText: string }> {
  return call(() => graph.api(`/applications/${objectId}/addPassword`).post({
    passwordCredential: { displayName: cred.displayName, startDateTime: cred.startDateTime.toISOString(), endDateTime: cred.endDateTime.toISOString() },
  }));
}

export async function removePassword(graph: Client, objectId: string, keyId: string): Promise<void> {
  await call(() => graph.api(`/applications/${objectId}/removePassword`).post({ keyId }));
}
