// Issuing the token response for a signed-in user (auth code, device code, refresh): access token with the
// consented scopes in `scp`, plus id_token, refresh_token and client_info when the request calls for them.
import { E } from './errors.ts';
import { parseScope } from './scopes.ts';
import type { IdentityDeps } from './deps.ts';
import type { Tenant } from '../state/tenant.ts';
import type { UserRecord } from '../state/model.ts';
import type { AuthenticatedClient, SignInDraft } from './client-auth.ts';
import { GRAPH_APP_ID } from '../state/microsoft-apps.ts';

export interface UserTokenRequest {
  tenant: Tenant;
  client: AuthenticatedClient;
  user: UserRecord;
  scope: string | null;
  nonce?: string;
  clientInfo: boolean;
  baseUrl: string;
  ipAddress: string;
  draft: SignInDraft;
}

export async function issueUserTokens(deps: IdentityDeps, r: UserTokenRequest): Promise<Record<string, unknown>> {
  const sr = parseScope(r.scope, r.tenant, 'delegated', deps.own);
  r.draft.resourceId = sr.resource.servicePrincipal.id;
  r.draft.resourceDisplayName = sr.resource.displayName;
  const consented = r.tenant.consentedScopes(r.client.sp.id, sr.resource.servicePrincipal.id, r.user.id);
  const lower = new Set([...consented].map((s) => s.toLowerCase()));
  for (const p of sr.permissions) if (!lower.has(p.toLowerCase())) throw E.refreshScopeNotConsented(p);
  const scp = [...consented].filter((s) => !['openid', 'profile', 'email', 'offline_access'].includes(s));
  if (scp.length === 0) throw E.refreshScopeNotConsented(sr.isDefault ? `${sr.audience}/.default` : sr.permissions.join(' '));

  const subject = {
    tenantId: r.tenant.id, baseUrl: r.baseUrl, client: { appId: r.client.appId, displayName: r.client.displayName, sp: r.client.sp },
    clientAuth: r.client.auth, user: r.user, ipAddress: r.ipAddress,
  };
  const access = await deps.minter.accessToken(subject, sr.resource, sr.audience, { scp });
  // Graph scopes come back in the form the client asked in ("User.Read", or "https://graph.microsoft.com/User.Read"):
  // MSAL caches the token under these names, so echoing only the short form would make every silent call miss.
  const bareGraph = sr.resource.appId === GRAPH_APP_ID && !(r.scope ?? '').split(/\s+/).some((s) => s.includes('/'));
  const prefix = bareGraph ? '' : `${sr.audience.replace(/\/$/, '')}/`;
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: [...scp.map((s) => prefix + s), ...sr.oidc].join(' '),
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
  };
  if (sr.oidc.has('offline_access')) {
    body.refresh_token = deps.flows.issueRefreshToken({ tenantId: r.tenant.id, clientId: r.client.appId, userId: r.user.id });
  }
  if (sr.oidc.has('openid')) body.id_token = await deps.minter.idToken({ ...subject, user: r.user }, r.nonce);
  if (r.clientInfo) body.client_info = Buffer.from(JSON.stringify({ uid: r.user.id, utid: r.tenant.id })).toString('base64url');
  return body;
}
