// Which credential signed in, and when: Graph's beta sign-in reports (docs/protocol-notes.md "Sign-in
// reports"). Both need AuditLog.Read.All (and, in a real tenant, a P1 licence): callers treat a 403 as "not
// readable here" and show the column as unknown rather than failing (isReportUnavailable).
// Graph's own docs show two spellings for some fields (expirationDate / expirationDateTime, keyType
// "secret" / "clientSecret"); both are read.
import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphApiError } from './client.ts';
import { graphList, type GraphList } from './paging.ts';

export interface CredentialSignInActivity {
  id: string;
  appId: string;
  keyId: string;
  keyType: 'clientSecret' | 'certificate';
  credentialOrigin: 'application' | 'servicePrincipal' | string;
  /** When the key last signed in, or null when it never did (as far as the report knows). */
  lastSignInDateTime: string | null;
  expirationDateTime: string | null;
}

interface RawActivity {
  id: string; appId: string; keyId: string; keyType?: string; credentialOrigin?: string;
  expirationDateTime?: string | null; expirationDate?: string | null;
  signInActivity?: { lastSignInDateTime?: string | null } | null;
}

function normalize(r: RawActivity): CredentialSignInActivity {
  return {
    id: r.id, appId: r.appId, keyId: r.keyId,
    keyType: r.keyType === 'certificate' ? 'certificate' : 'clientSecret',
    credentialOrigin: r.credentialOrigin ?? 'application',
    lastSignInDateTime: r.signInActivity?.lastSignInDateTime ?? null,
    expirationDateTime: r.expirationDateTime ?? r.expirationDate ?? null,
  };
}

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** GET /beta/reports/appCredentialSignInActivities, filtered by app or key when given. */
export function listCredentialSignInActivities(graph: Client, by: { appId?: string; keyId?: string } = {}): GraphList<CredentialSignInActivity> {
  const filters = [by.appId ? `appId eq ${quote(by.appId)}` : '', by.keyId ? `keyId eq ${quote(by.keyId)}` : ''].filter(Boolean);
  return graphList<CredentialSignInActivity, RawActivity>(graph, (maxPageSize) => {
    let req = graph.api('/reports/appCredentialSignInActivities').version('beta');
    if (maxPageSize) req = req.top(maxPageSize);
    return filters.length ? req.filter(filters.join(' and ')) : req;
  }, {}, normalize);
}

/** keyId → when it last signed in (null: never), for one app; undefined when the report cannot be read here. */
export async function lastSignInByKey(graph: Client, appId: string): Promise<Map<string, string | null> | undefined> {
  const out = new Map<string, string | null>();
  try {
    for await (const a of listCredentialSignInActivities(graph, { appId })) {
      const prev = out.get(a.keyId);
      if (prev === undefined || (a.lastSignInDateTime && (!prev || a.lastSignInDateTime > prev))) out.set(a.keyId, a.lastSignInDateTime);
    }
  } catch (err) {
    if (isReportUnavailable(err)) return undefined;
    throw err;
  }
  return out;
}

export interface ServicePrincipalSignIn {
  id: string;
  createdDateTime: string;
  appId: string;
  appDisplayName: string | null;
  ipAddress: string | null;
  resourceDisplayName: string | null;
  resourceId: string | null;
  servicePrincipalCredentialKeyId: string | null;
  clientCredentialType: string | null;
  status: { errorCode: number; failureReason?: string | null };
}

/** Beta auditLogs/signIns of service principals (app sign-ins), newest first, optionally for one key since a time. */
export function listServicePrincipalSignIns(graph: Client, by: { appId?: string; keyId?: string; since?: Date } = {}): GraphList<ServicePrincipalSignIn> {
  const filters = ["signInEventTypes/any(t: t eq 'servicePrincipal')"];
  if (by.appId) filters.push(`appId eq ${quote(by.appId)}`);
  if (by.keyId) filters.push(`servicePrincipalCredentialKeyId eq ${quote(by.keyId)}`);
  if (by.since) filters.push(`createdDateTime ge ${by.since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  return graphList<ServicePrincipalSignIn>(graph, (maxPageSize) => {
    const req = graph.api('/auditLogs/signIns').version('beta').filter(filters.join(' and '));
    return maxPageSize ? req.top(maxPageSize) : req;
  });
}

/**
 * A report that this tenant or this caller cannot read (no permission, no licence, or a cloud without it:
 * 404, or Graph's 400 "Resource not found for the segment" for a path this cloud does not serve).
 */
export function isReportUnavailable(err: unknown): boolean {
  return err instanceof GraphApiError && (err.status === 403 || err.status === 401 || err.status === 404
    || (err.status === 400 && /Tenant|Licen|Premium|Resource not found for the segment/i.test(err.message)));
}
