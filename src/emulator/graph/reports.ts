// Beta reports/appCredentialSignInActivities and reports/servicePrincipalSignInActivities: the last
// successful sign-in per credential and per service principal (state/sign-in-activity.ts keeps them as the
// token endpoint records sign-ins). Beta only, as in Graph: under /v1.0 the segment does not exist.
import type { CredentialSignInActivityRecord, ServicePrincipalSignInActivityRecord } from '../state/model.ts';
import { canReadAuditLogs, ensure } from './auth.ts';
import { GE } from './errors.ts';
import { contextUrl, listCollection } from './odata-query.ts';
import type { Caller, GraphRequest, GraphResponse } from './types.ts';

const CREDENTIAL_PROPERTIES = new Set([
  'id', 'appId', 'appObjectId', 'servicePrincipalObjectId', 'resourceId', 'keyId', 'keyType', 'keyUsage', 'credentialOrigin',
  'createdDateTime', 'expirationDateTime', 'signInActivity',
]);
const SP_PROPERTIES = new Set([
  'id', 'appId', 'lastSignInActivity', 'delegatedClientSignInActivity', 'delegatedResourceSignInActivity',
  'applicationAuthenticationClientSignInActivity', 'applicationAuthenticationResourceSignInActivity',
]);

/** Graph's ids for these rows: base64 of "keyId|origin" and of the appId (as in Graph's examples). */
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** AuditLog.Read.All, or Directory.Read.All, which Graph lists as the higher-privileged alternative for these reports. */
function canReadReports(caller: Caller): boolean {
  return canReadAuditLogs(caller) || (!caller.user && caller.roles.has('Directory.Read.All'));
}

function betaOnly(req: GraphRequest): void {
  if (req.version !== 'beta') throw GE.noRoute(req.path);
  ensure(canReadReports(req.caller));
}

function credentialJson(r: CredentialSignInActivityRecord): Record<string, unknown> {
  return {
    id: b64(`${r.keyId}|${r.credentialOrigin}`), appId: r.appId, appObjectId: r.appObjectId, servicePrincipalObjectId: r.servicePrincipalObjectId,
    resourceId: r.resourceId, keyId: r.keyId, keyType: r.keyType, keyUsage: r.keyUsage, credentialOrigin: r.credentialOrigin,
    createdDateTime: r.createdDateTime, expirationDateTime: r.expirationDateTime, signInActivity: { ...r.signInActivity },
  };
}

function spJson(r: ServicePrincipalSignInActivityRecord): Record<string, unknown> {
  return { id: b64(r.appId), ...r };
}

export function listAppCredentialSignInActivities(req: GraphRequest): GraphResponse {
  betaOnly(req);
  const rows = Object.values(req.caller.tenant.record.credentialSignInActivities ?? {});
  return listCollection(req, {
    resource: 'reports/appCredentialSignInActivities', type: 'microsoft.graph.appCredentialSignInActivity', items: rows, toJson: credentialJson,
    filterable: new Set(['id', 'appId', 'keyId', 'keyType', 'keyUsage', 'credentialOrigin', 'appObjectId', 'servicePrincipalObjectId', 'resourceId', 'createdDateTime', 'expirationDateTime']),
    searchable: [], sortable: ['createdDateTime', 'expirationDateTime', 'appId', 'keyId'],
  }, CREDENTIAL_PROPERTIES);
}

export function getAppCredentialSignInActivity(req: GraphRequest, id: string): GraphResponse {
  betaOnly(req);
  const row = Object.values(req.caller.tenant.record.credentialSignInActivities ?? {}).find((r) => b64(`${r.keyId}|${r.credentialOrigin}`) === id);
  if (!row) throw GE.notFound(id);
  return { status: 200, body: { '@odata.context': contextUrl(req, 'reports/appCredentialSignInActivities', undefined, true), ...credentialJson(row) } };
}

export function listServicePrincipalSignInActivities(req: GraphRequest): GraphResponse {
  betaOnly(req);
  const rows = Object.values(req.caller.tenant.record.servicePrincipalSignInActivities ?? {});
  return listCollection(req, {
    resource: 'reports/servicePrincipalSignInActivities', type: 'microsoft.graph.servicePrincipalSignInActivity', items: rows, toJson: spJson,
    filterable: new Set(['id', 'appId']), searchable: [], sortable: ['appId'],
  }, SP_PROPERTIES);
}

export function getServicePrincipalSignInActivity(req: GraphRequest, id: string): GraphResponse {
  betaOnly(req);
  const row = Object.values(req.caller.tenant.record.servicePrincipalSignInActivities ?? {}).find((r) => b64(r.appId) === id);
  if (!row) throw GE.notFound(id);
  return { status: 200, body: { '@odata.context': contextUrl(req, 'reports/servicePrincipalSignInActivities', undefined, true), ...spJson(row) } };
}
