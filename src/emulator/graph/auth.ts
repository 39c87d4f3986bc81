// Who is calling Graph and what they may do, decided the way Graph decides it: app-only tokens by their
// `roles`; delegated tokens by `scp` AND the signed-in user's directory roles or ownership of the object.
import { checkAccessToken, type AccessCheckDeps } from '../identity/access-check.ts';
import { readBearer } from '../identity/tokens.ts';
import type { ApplicationRecord } from '../state/model.ts';
import { GRAPH_APP_ID } from '../state/microsoft-apps.ts';
import { GraphError, GE } from './errors.ts';
import type { Caller } from './types.ts';

const CHALLENGE = 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

function unauthenticated(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, { 'www-authenticate': CHALLENGE });
}

/** Graph's own audiences: its identifier URIs and app id (v1 and v2 forms), and the emulator's own origins (tools that ask for a token for "the Graph endpoint"). */
const GRAPH_AUDIENCES = { ids: ['https://graph.microsoft.com', GRAPH_APP_ID, 'https://canary.graph.microsoft.com'], ownOrigins: true };

export async function authenticate(authorization: string | undefined, deps: AccessCheckDeps, nowMs: number): Promise<Caller> {
  const token = readBearer(authorization);
  if (!token) throw unauthenticated('Access token is empty.');
  const check = await checkAccessToken(token, GRAPH_AUDIENCES, deps, nowMs);
  if (!check.ok) {
    // Graph's messages: [obs] for expiry, audience and malformed; the issuer and unsigned ones are [?]
    // (docs/protocol-notes.md, "Who a resource accepts").
    switch (check.reason) {
      case 'expired': throw unauthenticated('Lifetime validation failed, the token is expired.');
      case 'audience': throw unauthenticated('Access token validation failure. Invalid audience.');
      case 'issuer': throw unauthenticated('Access token validation failure. Invalid issuer.');
      case 'malformed': throw unauthenticated('IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format.');
      case 'unsigned': throw unauthenticated('Access token validation failure. The token is not signed.');
      default: throw unauthenticated('Access token validation failure.');
    }
  }
  const { claims: c, tenant } = check;
  const appId = String(c.appid ?? c.azp ?? '');
  const sp = tenant.servicePrincipalByAppId(appId);
  const caller: Caller = {
    tenant, appId, spId: sp?.id ?? '',
    roles: new Set(Array.isArray(c.roles) ? c.roles.map(String) : []),
    scopes: new Set(typeof c.scp === 'string' ? c.scp.split(' ').filter(Boolean) : []),
  };
  if (c.idtyp === 'user' || typeof c.scp === 'string') {
    const user = tenant.userById(String(c.oid ?? ''));
    if (!user || !user.accountEnabled) throw unauthenticated('Access token validation failure. The user does not exist or is disabled.');
    caller.user = user;
  }
  return caller;
}

const APP_ADMIN_ROLES = ['Global Administrator', 'Application Administrator', 'Cloud Application Administrator'];
const READER_ROLES = ['Global Administrator', 'Global Reader', 'Security Reader', 'Reports Reader', 'Security Administrator'];
const POLICY_ADMIN_ROLES = ['Global Administrator', 'Security Administrator', 'Application Administrator', 'Cloud Application Administrator'];

const has = (set: Set<string>, ...perms: string[]) => perms.some((p) => set.has(p));
const userHasRole = (caller: Caller, roles: string[]) => Boolean(caller.user?.roles.some((r) => roles.includes(r)));

export function isOwner(caller: Caller, app: { owners: string[] }): boolean {
  return app.owners.includes(caller.user?.id ?? caller.spId);
}

/** Reading applications / service principals. Delegated: any member user can read them. */
export function canReadApps(caller: Caller): boolean {
  if (caller.user) return has(caller.scopes, 'Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All');
  return has(caller.roles, 'Application.Read.All', 'Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Directory.Read.All', 'Directory.ReadWrite.All');
}

/** An app holding only Application.ReadWrite.OwnedBy sees the apps it owns, nothing else. */
export function seesOnlyOwned(caller: Caller): boolean {
  return !caller.user && caller.roles.has('Application.ReadWrite.OwnedBy')
    && !has(caller.roles, 'Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All');
}

/** Changing an application (PATCH, credentials, owners, delete). */
export function canWriteApp(caller: Caller, app: ApplicationRecord | { owners: string[] }): boolean {
  if (caller.user) {
    if (!has(caller.scopes, 'Application.ReadWrite.All', 'Directory.AccessAsUser.All')) return false;
    return userHasRole(caller, APP_ADMIN_ROLES) || isOwner(caller, app);
  }
  if (has(caller.roles, 'Application.ReadWrite.All')) return true;
  return caller.roles.has('Application.ReadWrite.OwnedBy') && isOwner(caller, app);
}

export function canCreateApps(caller: Caller): boolean {
  if (caller.user) return has(caller.scopes, 'Application.ReadWrite.All', 'Directory.AccessAsUser.All');
  return has(caller.roles, 'Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy');
}

export function canReadPolicies(caller: Caller): boolean {
  const perms = ['Policy.Read.All', 'Policy.ReadWrite.ApplicationConfiguration'];
  return caller.user ? has(caller.scopes, ...perms) && userHasRole(caller, [...POLICY_ADMIN_ROLES, ...READER_ROLES]) : has(caller.roles, ...perms);
}

export function canWritePolicies(caller: Caller): boolean {
  return caller.user
    ? caller.scopes.has('Policy.ReadWrite.ApplicationConfiguration') && userHasRole(caller, POLICY_ADMIN_ROLES)
    : caller.roles.has('Policy.ReadWrite.ApplicationConfiguration');
}

export function canReadAuditLogs(caller: Caller): boolean {
  return caller.user ? caller.scopes.has('AuditLog.Read.All') && userHasRole(caller, READER_ROLES) : caller.roles.has('AuditLog.Read.All');
}

export function canReadUsers(caller: Caller): boolean {
  return caller.user
    ? has(caller.scopes, 'User.Read.All', 'User.ReadBasic.All', 'Directory.Read.All', 'Directory.AccessAsUser.All')
    : has(caller.roles, 'User.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All');
}

export function ensure(allowed: boolean): void {
  if (!allowed) throw GE.denied();
}
