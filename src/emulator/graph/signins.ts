// auditLogs/signIns from the events the token endpoint records. Service-principal sign-ins (with
// clientCredentialType and servicePrincipalCredentialKeyId) are a beta feature, as in Graph; without a
// signInEventTypes filter only interactive user sign-ins are listed.
import type { SignInEvent } from '../state/model.ts';
import type { Tenant } from '../state/tenant.ts';
import { canReadAuditLogs, ensure } from './auth.ts';
import { listCollection } from './odata-query.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

const SIGNIN_PROPERTIES = new Set([
  'id', 'createdDateTime', 'appId', 'appDisplayName', 'ipAddress', 'correlationId', 'isInteractive', 'resourceDisplayName', 'resourceId',
  'servicePrincipalId', 'servicePrincipalName', 'servicePrincipalCredentialKeyId', 'servicePrincipalCredentialThumbprint', 'clientCredentialType',
  'signInEventTypes', 'status', 'userId', 'userPrincipalName', 'userDisplayName', 'resourceTenantId', 'homeTenantId', 'conditionalAccessStatus',
  'tokenIssuerType', 'incomingTokenType', 'appliedConditionalAccessPolicies', 'authenticationProcessingDetails', 'clientAppUsed',
]);

function signInJson(e: SignInEvent, tenant: Tenant, beta: boolean): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: e.id, createdDateTime: e.createdDateTime, appId: e.appId, appDisplayName: e.appDisplayName, ipAddress: e.ipAddress,
    clientAppUsed: null, correlationId: e.correlationId, conditionalAccessStatus: 'notApplied',
    isInteractive: e.signInEventType === 'interactiveUser', resourceDisplayName: e.resourceDisplayName,
    resourceId: e.resourceId ? (tenant.servicePrincipalById(e.resourceId)?.appId ?? null) : null,
    userId: e.userId ?? '', userPrincipalName: e.userPrincipalName, userDisplayName: e.userId ? (tenant.userById(e.userId)?.displayName ?? null) : null,
    status: { errorCode: e.status.errorCode, failureReason: e.status.failureReason ?? 'Other.', additionalDetails: null },
    appliedConditionalAccessPolicies: [],
  };
  if (!beta) return base;
  return {
    ...base, signInEventTypes: [e.signInEventType], servicePrincipalId: e.servicePrincipalId ?? '', servicePrincipalName: e.servicePrincipalName,
    servicePrincipalCredentialKeyId: e.servicePrincipalCredentialKeyId, servicePrincipalCredentialThumbprint: e.servicePrincipalCredentialThumbprint,
    clientCredentialType: e.clientCredentialType, resourceTenantId: tenant.id, homeTenantId: tenant.id, tokenIssuerType: 'AzureAD',
    incomingTokenType: 'none', authenticationProcessingDetails: [],
  };
}

export function listSignIns(req: GraphRequest): GraphResponse {
  const { tenant } = req.caller;
  ensure(canReadAuditLogs(req.caller));
  const beta = req.version === 'beta';
  const filter = req.query.get('$filter') ?? '';
  // Graph lists only interactive sign-ins unless the filter asks for other event types.
  const asksForTypes = beta && /signInEventTypes\/any/i.test(filter);
  const items = tenant.record.signIns.filter((e) => asksForTypes || e.signInEventType === 'interactiveUser').reverse();
  return listCollection(req, {
    resource: 'auditLogs/signIns', type: 'microsoft.graph.signIn', items, toJson: (e) => signInJson(e, tenant, beta),
    filterable: new Set(['createdDateTime', 'appId', 'appDisplayName', 'servicePrincipalId', 'servicePrincipalName', 'userId', 'userPrincipalName', 'status', 'clientCredentialType', 'signInEventTypes', 'servicePrincipalCredentialKeyId', 'resourceId', 'ipAddress', 'correlationId', 'id']),
    searchable: [], sortable: ['createdDateTime'], defaultTop: 1000, maxTop: 1000,
  }, SIGNIN_PROPERTIES);
}
