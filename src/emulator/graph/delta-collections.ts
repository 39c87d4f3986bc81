// The two delta functions Graph offers on what the inventory reads: /applications/delta and
// /servicePrincipals/delta (the mechanics are in delta.ts). Same permissions and visibility as the lists.
import { canReadApps, ensure, isOwner, seesOnlyOwned } from './auth.ts';
import { delta, type DeltaOptions } from './delta.ts';
import { APPLICATION_PROPERTIES, SERVICE_PRINCIPAL_PROPERTIES, applicationJson } from './serialize.ts';
import { spJson } from './service-principals.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

export function applicationsDelta(req: GraphRequest, opts: DeltaOptions): GraphResponse {
  const { caller } = req;
  ensure(canReadApps(caller));
  const { tenant } = caller;
  return delta(req, {
    kind: 'application', resource: 'applications', type: 'microsoft.graph.application', items: tenant.record.applications,
    byId: (id) => tenant.applicationById(id), known: APPLICATION_PROPERTIES,
    toJson: (a, selected) => applicationJson(a, tenant.domain, { selected }),
    visible: seesOnlyOwned(caller) ? (a) => isOwner(caller, a) : undefined,
  }, opts);
}

export function servicePrincipalsDelta(req: GraphRequest, opts: DeltaOptions): GraphResponse {
  const { caller } = req;
  ensure(canReadApps(caller));
  const { tenant } = caller;
  return delta(req, {
    kind: 'servicePrincipal', resource: 'servicePrincipals', type: 'microsoft.graph.servicePrincipal', items: tenant.record.servicePrincipals,
    byId: (id) => tenant.servicePrincipalById(id), known: SERVICE_PRINCIPAL_PROPERTIES,
    toJson: (sp, selected) => spJson(tenant, sp, selected),
  }, opts);
}
