// Finding the object a Graph path names: by object id, or by alternate key `(appId='...')`, which
// graph/index.ts rewrites to a segment `appId=...` before routing.
import type { Tenant } from '../state/tenant.ts';
import type { ApplicationRecord, ServicePrincipalRecord } from '../state/model.ts';
import { GE } from './errors.ts';

export function findApplication(tenant: Tenant, key: string): ApplicationRecord {
  if (key.startsWith('uniqueName=')) {
    const name = key.slice('uniqueName='.length);
    const app = tenant.applicationByUniqueName(name);
    if (!app) throw GE.notFound(name);
    return app;
  }
  const app = key.startsWith('appId=') ? tenant.applicationByAppId(key.slice(6)) : tenant.applicationById(key);
  if (!app) throw GE.notFound(key.startsWith('appId=') ? key.slice(6) : key);
  return app;
}

export function findServicePrincipal(tenant: Tenant, key: string): ServicePrincipalRecord {
  const sp = key.startsWith('appId=') ? tenant.servicePrincipalByAppId(key.slice(6)) : tenant.servicePrincipalById(key);
  if (!sp) throw GE.notFound(key.startsWith('appId=') ? key.slice(6) : key);
  return sp;
}
