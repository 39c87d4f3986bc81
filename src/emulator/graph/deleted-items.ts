// /directory/deletedItems: deleted applications and service principals, listed by type, read by id,
// restored (POST …/restore) or deleted for good (DELETE). A deleted app cannot sign in: the token endpoint
// no longer finds it (AADSTS700016). Restoring an application does not restore its service principal,
// which was deleted with it: restore that too, as in Entra (docs/emulator.md).
import type { DeletedItemRecord } from '../state/model.ts';
import type { Tenant } from '../state/tenant.ts';
import { canReadApps, canWriteApp, ensure } from './auth.ts';
import { recordAudit } from './audits.ts';
import { GE } from './errors.ts';
import { contextUrl, listCollection, parseSelect, project } from './odata-query.ts';
import { APPLICATION_PROPERTIES, applicationJson, SERVICE_PRINCIPAL_PROPERTIES } from './serialize.ts';
import { spJson } from './service-principals.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

const TYPES = { application: 'microsoft.graph.application', servicePrincipal: 'microsoft.graph.servicePrincipal' } as const;
const PROPERTIES = { application: APPLICATION_PROPERTIES, servicePrincipal: SERVICE_PRINCIPAL_PROPERTIES };
const FILTERABLE = new Set(['id', 'appId', 'displayName', 'deletedDateTime', 'createdDateTime', 'servicePrincipalType', 'tags', 'signInAudience']);

const idOf = (d: DeletedItemRecord) => (d.kind === 'application' ? d.application.id : d.servicePrincipal.id);

function itemJson(tenant: Tenant, d: DeletedItemRecord, selected?: Set<string>): Record<string, unknown> {
  const json = d.kind === 'application' ? applicationJson(d.application, tenant.domain, { selected }) : spJson(tenant, d.servicePrincipal, selected);
  return { ...json, deletedDateTime: d.deletedDateTime };
}

/** Who may restore or purge: whoever could change the object (owners of the app count for its service principal). */
function ensureCanWrite(tenant: Tenant, req: GraphRequest, d: DeletedItemRecord): void {
  const owners = d.kind === 'application' ? d.application.owners : tenant.applicationByAppId(d.servicePrincipal.appId)?.owners ?? [];
  ensure(canWriteApp(req.caller, { owners }));
}

function find(req: GraphRequest, id: string, now: Date): DeletedItemRecord {
  const item = req.caller.tenant.deletedItems(now).find((d) => idOf(d) === id.toLowerCase());
  if (!item) throw GE.notFound(id);
  return item;
}

export function listDeletedItems(req: GraphRequest, kind: DeletedItemRecord['kind'], now: Date): GraphResponse {
  const { tenant } = req.caller;
  ensure(canReadApps(req.caller));
  return listCollection(req, {
    resource: `directory/deletedItems/${TYPES[kind]}`, type: TYPES[kind],
    items: tenant.deletedItems(now).filter((d) => d.kind === kind), toJson: (d, { selected }) => itemJson(tenant, d, selected),
    filterable: FILTERABLE, searchable: ['displayName'], sortable: ['displayName', 'deletedDateTime'],
  }, PROPERTIES[kind]);
}

export function getDeletedItem(req: GraphRequest, id: string, now: Date): GraphResponse {
  ensure(canReadApps(req.caller));
  const item = find(req, id, now);
  const selected = parseSelect(req, PROPERTIES[item.kind], TYPES[item.kind]);
  return { status: 200, body: { '@odata.context': contextUrl(req, 'directory/deletedItems', selected, true), '@odata.type': `#${TYPES[item.kind]}`, ...project(itemJson(req.caller.tenant, item, selected), selected) } };
}

export function restoreDeletedItem(req: GraphRequest, id: string, now: Date): GraphResponse {
  const { tenant } = req.caller;
  const item = find(req, id, now);
  ensureCanWrite(tenant, req, item);
  if (item.kind === 'servicePrincipal') {
    const { appId } = item.servicePrincipal;
    if (item.servicePrincipal.appOwnerOrganizationId === tenant.id && !tenant.applicationByAppId(appId)) {
      throw GE.badRequest(`The application '${appId}' of this service principal is deleted: restore the application first.`);
    }
    if (tenant.servicePrincipalByAppId(appId)) throw GE.badRequest(`Another service principal with appId '${appId}' exists in the directory.`);
  }
  tenant.restoreDeleted(item);
  audit(req, now, item, 'Restore');
  const json = item.kind === 'application' ? applicationJson(item.application, tenant.domain) : spJson(tenant, item.servicePrincipal);
  return { status: 200, body: { '@odata.context': contextUrl(req, 'directoryObjects', undefined, true), '@odata.type': `#${TYPES[item.kind]}`, ...json } };
}

export function purgeDeletedItem(req: GraphRequest, id: string, now: Date): GraphResponse {
  const item = find(req, id, now);
  ensureCanWrite(req.caller.tenant, req, item);
  req.caller.tenant.purgeDeleted(item);
  audit(req, now, item, 'Hard delete');
  return { status: 204 };
}

function audit(req: GraphRequest, now: Date, d: DeletedItemRecord, verb: 'Restore' | 'Hard delete'): void {
  const target = d.kind === 'application'
    ? { id: d.application.id, displayName: d.application.displayName, type: 'Application' as const }
    : { id: d.servicePrincipal.id, displayName: d.servicePrincipal.displayName, type: 'ServicePrincipal' as const };
  recordAudit(req, now, `${verb} ${d.kind === 'application' ? 'application' : 'service principal'}`, verb === 'Restore' ? 'Restore' : 'Delete', target);
}
