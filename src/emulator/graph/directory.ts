// /me, /users and /organization: the directory around the apps.
import { GE } from './errors.ts';
import { canReadUsers, ensure } from './auth.ts';
import { contextUrl, listCollection, parseSelect, project } from './odata-query.ts';
import { USER_PROPERTIES, userJson } from './serialize.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

export function getMe(req: GraphRequest): GraphResponse {
  const user = req.caller.user;
  if (!user) throw GE.meNeedsUser();
  const selected = parseSelect(req, USER_PROPERTIES, 'microsoft.graph.user');
  return { status: 200, body: { '@odata.context': contextUrl(req, 'users', selected, true), ...project(userJson(user), selected) } };
}

export function listUsers(req: GraphRequest): GraphResponse {
  ensure(canReadUsers(req.caller));
  return listCollection(req, {
    resource: 'users', type: 'microsoft.graph.user', items: req.caller.tenant.record.users, toJson: (u) => userJson(u),
    filterable: new Set(['id', 'userPrincipalName', 'displayName', 'mail', 'accountEnabled']), searchable: ['displayName', 'userPrincipalName', 'mail'], sortable: ['displayName', 'userPrincipalName'],
  }, USER_PROPERTIES);
}

export function getUser(req: GraphRequest, key: string): GraphResponse {
  const self = req.caller.user && (req.caller.user.id === key.toLowerCase() || req.caller.user.userPrincipalName.toLowerCase() === key.toLowerCase());
  if (!self) ensure(canReadUsers(req.caller));
  const user = req.caller.tenant.userByIdOrUpn(key);
  if (!user) throw GE.notFound(key);
  const selected = parseSelect(req, USER_PROPERTIES, 'microsoft.graph.user');
  return { status: 200, body: { '@odata.context': contextUrl(req, 'users', selected, true), ...project(userJson(user), selected) } };
}

export function listOrganization(req: GraphRequest): GraphResponse {
  const t = req.caller.tenant;
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(req, 'organization'),
      value: [{
        id: t.id, displayName: t.record.displayName, createdDateTime: t.record.createdDateTime, tenantType: 'AAD', countryLetterCode: 'US',
        verifiedDomains: [{ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: t.domain, type: 'Managed' }],
      }],
    },
  };
}
