// /servicePrincipals: list (OData), get (by id or appId), create from an appId, PATCH, DELETE, and the
// password/key credential actions that service principals have too.
import { MICROSOFT_APPS } from '../state/microsoft-apps.ts';
import type { ServicePrincipalRecord } from '../state/model.ts';
import type { Tenant } from '../state/tenant.ts';
import { GE, GraphError } from './errors.ts';
import { canCreateApps, canReadApps, canWriteApp, ensure } from './auth.ts';
import { readJson, stringArray } from './body.ts';
import { findServicePrincipal } from './lookup.ts';
import { contextUrl, listCollection, parseSelect, project } from './odata-query.ts';
import { SERVICE_PRINCIPAL_PROPERTIES, servicePrincipalJson } from './serialize.ts';
import { credentialAction, type CredentialTarget } from './credentials.ts';
import { keyDescriptions, recordAudit, recordCredentialChange } from './audits.ts';
import type { GraphRequest, GraphResponse } from './types.ts';
import { addExpanded, parseExpand } from './expand.ts';
import { servicePrincipalExpanders as expanders } from './expand-owners.ts';

const TYPE = 'microsoft.graph.servicePrincipal';
const FILTERABLE = new Set(['id', 'appId', 'displayName', 'accountEnabled', 'servicePrincipalType', 'servicePrincipalNames', 'tags', 'appOwnerOrganizationId', 'createdDateTime', 'passwordCredentials', 'keyCredentials']);

export function spJson(tenant: Tenant, sp: ServicePrincipalRecord, selected?: Set<string>): Record<string, unknown> {
  const app = tenant.applicationByAppId(sp.appId);
  const ms = MICROSOFT_APPS.find((m) => m.appId === sp.appId);
  return servicePrincipalJson(sp, app?.appRoles ?? ms?.appRoles ?? [], app?.api.oauth2PermissionScopes ?? ms?.scopes ?? [], { selected });
}

/** Who may change a service principal: the same rules as for its application (owners of the app count). */
function writableBy(tenant: Tenant, sp: ServicePrincipalRecord): { owners: string[] } {
  return { owners: tenant.applicationByAppId(sp.appId)?.owners ?? [] };
}

export function listServicePrincipals(req: GraphRequest): GraphResponse {
  const { tenant } = req.caller;
  ensure(canReadApps(req.caller));
  return listCollection(req, {
    resource: 'servicePrincipals', type: TYPE, items: tenant.record.servicePrincipals,
    toJson: (sp, { selected }) => spJson(tenant, sp, selected),
    filterable: FILTERABLE, searchable: ['displayName'], sortable: ['displayName'],
    lookup: { appId: (v) => tenant.servicePrincipalByAppId(v), id: (v) => tenant.servicePrincipalById(v) },
    expand: expanders(tenant),
  }, SERVICE_PRINCIPAL_PROPERTIES);
}

export function getServicePrincipal(req: GraphRequest, key: string): GraphResponse {
  ensure(canReadApps(req.caller));
  const sp = findServicePrincipal(req.caller.tenant, key);
  const selected = parseSelect(req, SERVICE_PRINCIPAL_PROPERTIES, TYPE);
  const expand = parseExpand(req, expanders(req.caller.tenant), TYPE);
  return { status: 200, body: { '@odata.context': contextUrl(req, 'servicePrincipals', selected, true), ...addExpanded(project(spJson(req.caller.tenant, sp, selected), selected), sp, expand, expanders(req.caller.tenant)) } };
}

export function createServicePrincipal(req: GraphRequest, now: Date): GraphResponse {
  const { tenant } = req.caller;
  ensure(canCreateApps(req.caller));
  const body = readJson(req)!;
  const appId = typeof body.appId === 'string' ? body.appId.toLowerCase() : '';
  if (!appId) throw GE.badRequest("Property 'appId' is required.");
  const app = tenant.applicationByAppId(appId);
  if (!app) throw GE.badRequest(`The appId '${appId}' of the service principal does not reference a valid application object.`);
  if (tenant.servicePrincipalByAppId(appId)) throw new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'Another object with the same value for property servicePrincipalNames already exists.');
  const tags = body.tags === undefined ? [] : stringArray(body.tags, 'tags'); // validated before anything is created
  const sp = tenant.addServicePrincipal(appId, app.displayName, tenant.id, now);
  sp.tags = tags;
  return { status: 201, headers: { location: `${req.baseUrl}/${req.version}/servicePrincipals/${sp.id}` }, body: { '@odata.context': contextUrl(req, 'servicePrincipals', undefined, true), ...spJson(tenant, sp) } };
}

export function updateServicePrincipal(req: GraphRequest, key: string): GraphResponse {
  const { tenant } = req.caller;
  const sp = findServicePrincipal(tenant, key);
  ensure(canWriteApp(req.caller, writableBy(tenant, sp)));
  const body = readJson(req)!;
  const next: Partial<ServicePrincipalRecord> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('@odata.')) continue;
    if (k === 'accountEnabled' || k === 'appRoleAssignmentRequired') {
      if (typeof v !== 'boolean') throw GE.badRequest(`Invalid value specified for property '${k}' of resource 'ServicePrincipal'.`);
      next[k] = v;
    } else if (k === 'tags') next.tags = stringArray(v, 'tags');
    else if (k === 'displayName' && typeof v === 'string' && v.trim()) next.displayName = v;
    else if (SERVICE_PRINCIPAL_PROPERTIES.has(k)) throw GE.badRequest(`Property '${k}' cannot be updated through the emulator's Graph API.`);
    else throw GE.badRequest(`Property '${k}' does not exist on type '${TYPE}'. Make sure to only use property names that are defined by the type.`);
  }
  Object.assign(sp, next);
  return { status: 204 };
}

export function deleteServicePrincipal(req: GraphRequest, key: string, now: Date): GraphResponse {
  const { tenant } = req.caller;
  const sp = findServicePrincipal(tenant, key);
  if (sp.appOwnerOrganizationId !== tenant.id) ensure(req.caller.roles.has('Application.ReadWrite.All') || Boolean(req.caller.user?.roles.includes('Global Administrator')));
  else ensure(canWriteApp(req.caller, writableBy(tenant, sp)));
  tenant.softDeleteServicePrincipal(sp, now);
  recordAudit(req, now, 'Delete service principal', 'Delete', { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' });
  return { status: 204 };
}

export async function servicePrincipalAction(req: GraphRequest, key: string, action: string, now: Date): Promise<GraphResponse> {
  const { tenant } = req.caller;
  const sp = findServicePrincipal(tenant, key);
  ensure(canWriteApp(req.caller, writableBy(tenant, sp)));
  const target: CredentialTarget = { id: sp.id, kind: 'servicePrincipal', createdDateTime: sp.createdDateTime, passwordCredentials: sp.passwordCredentials, keyCredentials: sp.keyCredentials };
  const before = keyDescriptions(sp);
  const res = await credentialAction(req, target, action, now);
  recordCredentialChange(req, now, { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' }, before, keyDescriptions(sp));
  return res;
}
