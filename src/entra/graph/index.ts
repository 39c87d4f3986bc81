// The typed Graph module: one client (graph/client.ts) and the operations the commands use. Lists are
// PagedAsyncIterableIterators (for await ... of, or byPage({ continuationToken })).
export { createGraphClient, GraphApiError, toGraphApiError, type GraphClientOptions } from './client.ts';
export { graphList, type GraphList, type GraphPage } from './paging.ts';
export {
  addPassword, findApplication, getApplication, listApplications, removePassword, APP_FIELDS,
  type AppRegistration, type ApplicationQuery, type KeyCredential, type PasswordCredential,
} from './applications.ts';
export { passwordRestrictions, type PasswordRestriction } from './policies.ts';
export { listServicePrincipals, SERVICE_PRINCIPAL_FIELDS, type ServicePrincipal } from './service-principals.ts';
