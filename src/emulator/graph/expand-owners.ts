// Owners as the inventory reads them: `$expand=owners` on applications and service principals (expand.ts
// holds Graph's limits) and GET /servicePrincipals/{id}/owners. A service principal's owners are its own,
// not its application's, as in Entra.
import type { ApplicationRecord, ServicePrincipalRecord } from '../state/model.ts';
import type { Tenant } from '../state/tenant.ts';
import { canReadApps, ensure } from './auth.ts';
import { directoryObjectJson, expandOwners, type Expanders } from './expand.ts';
import { findServicePrincipal } from './lookup.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

export const applicationExpanders = (tenant: Tenant): Expanders<ApplicationRecord> => ({ owners: (a) => expandOwners(tenant, a.owners) });

export const servicePrincipalExpanders = (tenant: Tenant): Expanders<ServicePrincipalRecord> => ({ owners: (sp) => expandOwners(tenant, sp.owners) });

export function listServicePrincipalOwners(req: GraphRequest, key: string): GraphResponse {
  ensure(canReadApps(req.caller));
  const { tenant } = req.caller;
  const sp = findServicePrincipal(tenant, key);
  const value = (sp.owners ?? []).map((id) => directoryObjectJson(tenant, id)).filter((o) => o !== undefined);
  return { status: 200, body: { '@odata.context': `${req.baseUrl}/${req.version}/$metadata#directoryObjects`, value } };
}
