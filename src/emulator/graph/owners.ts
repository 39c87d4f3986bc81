// Owners of applications: list, add by $ref (not idempotent, as in Graph), remove by $ref.
import { GE } from './errors.ts';
import { canReadApps, canWriteApp, ensure } from './auth.ts';
import { readJson } from './body.ts';
import { findApplication } from './lookup.ts';
import { listCollection } from './odata-query.ts';
import { SERVICE_PRINCIPAL_PROPERTIES, USER_PROPERTIES, userJson, servicePrincipalJson } from './serialize.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

/** Properties $select may name on owners (users and service principals together). */
const OWNER_PROPERTIES = new Set(['@odata.type', ...USER_PROPERTIES, ...SERVICE_PRINCIPAL_PROPERTIES]);

export function listOwners(req: GraphRequest, key: string): GraphResponse {
  const { tenant } = req.caller;
  ensure(canReadApps(req.caller));
  const app = findApplication(tenant, key);
  const value = app.owners.flatMap((id): Record<string, unknown>[] => {
    const user = tenant.userById(id);
    if (user) return [{ '@odata.type': '#microsoft.graph.user', ...userJson(user) }];
    const sp = tenant.servicePrincipalById(id);
    return sp ? [{ '@odata.type': '#microsoft.graph.servicePrincipal', ...servicePrincipalJson(sp) }] : [];
  });
  return listCollection(req, {
    resource: `applications/${app.id}/owners`, contextResource: 'directoryObjects', type: 'microsoft.graph.directoryObject', items: value,
    toJson: (o) => o, filterable: new Set(['id', 'displayName', 'userPrincipalName', 'mail', 'appId']),
    searchable: ['displayName', 'userPrincipalName', 'mail'], sortable: ['displayName'],
  }, OWNER_PROPERTIES);
}

export function addOwner(req: GraphRequest, key: string): GraphResponse {
  const { tenant } = req.caller;
  const app = findApplication(tenant, key);
  ensure(canWriteApp(req.caller, app));
  const ref = readJson(req)!['@odata.id'];
  const id = typeof ref === 'string' ? /\/([0-9a-f-]{36})$/i.exec(ref)?.[1]?.toLowerCase() : undefined;
  if (!id) throw GE.badRequest("The request body must contain '@odata.id' referencing a directory object, e.g. https://graph.microsoft.com/v1.0/directoryObjects/{id}.");
  if (!tenant.userById(id) && !tenant.servicePrincipalById(id)) throw GE.notFound(id);
  if (app.owners.includes(id)) throw GE.badRequest("One or more added object references already exist for the following modified properties: 'owners'.");
  app.owners.push(id);
  return { status: 204 };
}

export function removeOwner(req: GraphRequest, key: string, ownerId: string): GraphResponse {
  const { tenant } = req.caller;
  const app = findApplication(tenant, key);
  ensure(canWriteApp(req.caller, app));
  const i = app.owners.indexOf(ownerId.toLowerCase());
  if (i < 0) throw GE.notFound(ownerId);
  app.owners.splice(i, 1);
  return { status: 204 };
}
