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
  startDateTime?: string;
  /** Verify (sign-in with the certificate) or Sign; one certificate is often listed once for each. */
  usage?: 'Verify' | 'Sign' | string;
  /** Base64 of the certificate's SHA-1 thumbprint: the same for the Sign and Verify entries of one certificate. */
  customKeyIdentifier?: string | null;
  /** Base64 DER of the certificate: only when keyCredentials is $select-ed on one object. */
  key?: string | null;
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

export async function orUndefinedOn404<T>(fn: () => Promise<T>): Promise<T | undefined> {
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

/**
 * Removes keyCredentials (a certificate, often listed twice: Sign and Verify) without the proof JWT removeKey
 * needs (signed with a certificate of the app the CLI does not hold): PATCH keyCredentials with the others,
 * as Graph documents for apps without a usable certificate (docs/protocol-notes.md "Graph: credential
 * actions and proof of possession"). The others are read with their `key` (returned only when
 * keyCredentials is $select-ed) so the PATCH keeps them whole.
 * Returns the keyIds removed: none when they are not (or no longer) there, and then nothing is sent.
 */
export async function removeKeyCredentials(graph: Client, objectId: string, keyIds: readonly string[]): Promise<string[]> {
  const gone = new Set(keyIds.map((k) => k.toLowerCase()));
  const current = await call(() => graph.api(`/applications/${encodeURIComponent(objectId)}`).select('keyCredentials').get()) as { keyCredentials: KeyCredential[] };
  const keep = current.keyCredentials.filter((k) => !gone.has(k.keyId.toLowerCase()));
  if (keep.length === current.keyCredentials.length) return [];
  await call(() => graph.api(`/applications/${encodeURIComponent(objectId)}`).patch({
    keyCredentials: keep.map((k) => ({
      keyId: k.keyId, type: k.type, usage: k.usage, key: k.key, displayName: k.displayName,
      startDateTime: k.startDateTime, endDateTime: k.endDateTime, customKeyIdentifier: k.customKeyIdentifier,
    })),
  }));
  return current.keyCredentials.filter((k) => gone.has(k.keyId.toLowerCase())).map((k) => k.keyId);
}
