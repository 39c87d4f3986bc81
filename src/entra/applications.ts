// The app-registration calls secret management needs, over Microsoft Graph: find an app by client ID,
// add and remove a password credential, read the app management policy that governs it, and stream
// app registrations page by page (for discover and inventory).
import type { Client } from '@microsoft/microsoft-graph-client';
import { toGraphApiError } from './graph-client.ts';

export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  hint: string | null;
  startDateTime: string;
  endDateTime: string;
}

export interface AppRegistration {
  id: string;
  appId: string;
  displayName: string;
  createdDateTime: string | null;
  passwordCredentials: PasswordCredential[];
  keyCredentials: { keyId: string; displayName: string | null; endDateTime: string; type: string }[];
}

export interface PasswordRestriction {
  restrictionType: string;
  state?: string | null;
  maxLifetime: string | null;
  restrictForAppsCreatedAfterDateTime: string | null;
}

const APP_FIELDS = 'id,appId,displayName,createdDateTime,passwordCredentials,keyCredentials';

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toGraphApiError(err) ?? err;
  }
}

/** The app registration with this client ID, or undefined when Graph says it does not exist. */
export async function findApplication(graph: Client, appId: string): Promise<AppRegistration | undefined> {
  try {
    return await call(() => graph.api(`/applications(appId='${encodeURIComponent(appId)}')`).select(APP_FIELDS).get());
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
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
 * The password restrictions that apply to `app`: its custom policy if one is assigned, else the tenant
 * default when enabled. Undefined when the caller may not read policies: then addPassword's own policy
 * error is what tells the user.
 */
export async function passwordRestrictions(graph: Client, app: AppRegistration): Promise<{ policyId: string; restrictions: PasswordRestriction[] } | undefined> {
  try {
    const assigned = await call(() => graph.api(`/applications/${app.id}/appManagementPolicies`).get()) as { value: { id: string; isEnabled: boolean; restrictions?: { passwordCredentials?: PasswordRestriction[] } }[] };
    const custom = assigned.value[0];
    if (custom) return custom.isEnabled ? { policyId: custom.id, restrictions: custom.restrictions?.passwordCredentials ?? [] } : { policyId: custom.id, restrictions: [] };
    const def = await call(() => graph.api('/policies/defaultAppManagementPolicy').get()) as { id: string; isEnabled: boolean; applicationRestrictions?: { passwordCredentials?: PasswordRestriction[] } };
    return { policyId: def.id, restrictions: def.isEnabled ? def.applicationRestrictions?.passwordCredentials ?? [] : [] };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 403 || status === 404) return undefined;
    throw err;
  }
}

/** Streams app registrations matching an OData query, following @odata.nextLink to the end. */
export async function* listApplications(graph: Client, query: { filter?: string; search?: string; top?: number; select?: string } = {}): AsyncGenerator<AppRegistration> {
  let req = graph.api('/applications').select(query.select ?? APP_FIELDS).top(query.top ?? 999);
  if (query.filter) req = req.filter(query.filter);
  if (query.search) req = req.search(query.search).header('ConsistencyLevel', 'eventual').count(true);
  let page = await call(() => req.get()) as { value: AppRegistration[]; '@odata.nextLink'?: string };
  for (;;) {
    yield* page.value;
    const next = page['@odata.nextLink'];
    if (!next) return;
    page = await call(() => graph.api(next).header('ConsistencyLevel', 'eventual').get());
  }
}
