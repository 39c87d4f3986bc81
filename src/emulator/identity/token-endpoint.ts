// POST /{tenant}/oauth2/v2.0/token: client_credentials, authorization_code (+PKCE), refresh_token and
// device_code grants. Every outcome but "still pending" is written to the tenant's sign-in log.
import { createHash } from 'node:crypto';
import type { RequestContext } from '../http/context.ts';
import { BodyTooLargeError } from '../http/context.ts';
import type { Params } from '../http/router.ts';
import { E, EntraError, sendEntraError } from './errors.ts';
import { type IdentityDeps, MULTI_TENANT_ALIASES, tenantFromPath } from './deps.ts';
import { authenticateClient, type SignInDraft } from './client-auth.ts';
import { parseScope } from './scopes.ts';
import { issueUserTokens } from './user-tokens.ts';
import type { Tenant } from '../state/tenant.ts';

const DEVICE_CODE_GRANTS = new Set(['urn:ietf:params:oauth:grant-type:device_code', 'device_code']);
const NO_STORE = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };

export async function handleToken(deps: IdentityDeps, ctx: RequestContext, params: Params): Promise<void> {
  const segment = params.tenant ?? '';
  const draft = newDraft(ctx, deps.now());
  let tenant: Tenant | undefined;
  let recordable = true;
  try {
    let form: URLSearchParams;
    try {
      form = await ctx.form();
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw E.bodyTooLarge();
      throw err;
    }
    draft.correlationId = form.get('client-request-id') ?? ctx.clientRequestId;
    const grant = form.get('grant_type');
    if (!grant) throw E.missingParameter('grant_type');
    draft.grantType = grant;
    const isAlias = MULTI_TENANT_ALIASES.has(segment.toLowerCase());
    if (grant === 'client_credentials' && isAlias && segment.toLowerCase() !== 'organizations') throw E.grantNotOnCommon();
    tenant = tenantFromPath(deps, segment, form.get('client_id') ?? undefined);

    const tokenEndpoints = [segment, tenant.id, tenant.domain].flatMap((s) => [`${ctx.baseUrl}/${s}/oauth2/v2.0/token`, `${ctx.baseUrl}/${s}/oauth2/token`]);
    const authOpts = (requireConfidential: boolean) => ({ requireConfidential, tokenEndpoints, nowMs: deps.now(), draft, propagationDelayMs: deps.propagationDelayMs ?? 0 });
    const userRequest = { tenant, baseUrl: ctx.baseUrl, ipAddress: ctx.clientIp, draft, clientInfo: form.get('client_info') === '1' };

    let body: Record<string, unknown>;
    if (grant === 'client_credentials') {
      const client = await authenticateClient(ctx, tenant, form, authOpts(true));
      const sr = parseScope(form.get('scope'), tenant, 'app', deps.own);
      draft.resourceId = sr.resource.servicePrincipal.id;
      draft.resourceDisplayName = sr.resource.displayName;
      const roles = tenant.grantedRoles(client.sp, sr.resource);
      const subject = { tenantId: tenant.id, baseUrl: ctx.baseUrl, client: { appId: client.appId, displayName: client.displayName, sp: client.sp }, clientAuth: client.auth, ipAddress: ctx.clientIp };
      const access = await deps.minter.accessToken(subject, sr.resource, sr.audience, { roles });
      body = { token_type: 'Bearer', expires_in: access.expiresIn, ext_expires_in: access.expiresIn, access_token: access.token };
    } else if (grant === 'authorization_code') {
      draft.signInEventType = 'interactiveUser';
      const codeValue = form.get('code');
      if (!codeValue) throw E.missingParameter('code');
      const code = deps.flows.code(codeValue);
      if (!code) throw E.codeInvalid();
      if (code.tenantId !== tenant.id) throw E.codeOtherTenant();
      if (code.redeemed) throw E.codeRedeemed();
      if (code.expiresAt < deps.now()) throw E.codeExpired();
      const client = await authenticateClient(ctx, tenant, form, authOpts(false));
      if (client.appId !== code.clientId) throw E.codeInvalid();
      const redirectUri = form.get('redirect_uri');
      if (redirectUri !== code.redirectUri) throw E.redirectMismatch(redirectUri ?? '', client.appId);
      checkPkce(code.codeChallenge, code.codeChallengeMethod, form.get('code_verifier'));
      const user = requireUser(tenant, code.userId, draft);
      code.redeemed = true;
      body = await issueUserTokens(deps, { ...userRequest, client, user, scope: form.get('scope') ?? code.scope, nonce: code.nonce, clientInfo: userRequest.clientInfo || code.clientInfo });
    } else if (grant === 'refresh_token') {
      draft.signInEventType = 'nonInteractiveUser';
      const rt = form.get('refresh_token');
      if (!rt) throw E.missingParameter('refresh_token');
      const saved = deps.flows.redeemRefreshToken(rt);
      if (saved === 'expired') throw E.refreshExpired();
      if (!saved || saved.tenantId !== tenant.id) throw E.refreshInvalid();
      const client = await authenticateClient(ctx, tenant, form, authOpts(false));
      if (client.appId !== saved.clientId) throw E.refreshInvalid();
      const user = requireUser(tenant, saved.userId, draft);
      body = await issueUserTokens(deps, { ...userRequest, client, user, scope: form.get('scope') });
    } else if (DEVICE_CODE_GRANTS.has(grant)) {
      draft.signInEventType = 'interactiveUser';
      const dcValue = form.get('device_code') ?? form.get('code');
      if (!dcValue) throw E.missingParameter('device_code');
      const dc = deps.flows.deviceCode(dcValue);
      if (!dc || dc.tenantId !== tenant.id || dc.clientId !== (form.get('client_id') ?? '').toLowerCase()) throw E.deviceCodeInvalid();
      draft.appId = dc.clientId; // so a declined, expired or reused code is logged like any other failure
      if (dc.status === 'redeemed') throw E.codeRedeemed();
      if (dc.status === 'declined') throw E.deviceCodeDeclined();
      if (dc.expiresAt < deps.now()) throw E.deviceCodeExpired();
      if (dc.status === 'pending') {
        recordable = false;
        const tooSoon = deps.now() - dc.lastPollAt < (dc.interval * 1000) / 2;
        dc.lastPollAt = deps.now();
        throw tooSoon ? E.slowDown() : E.authorizationPending();
      }
      const client = await authenticateClient(ctx, tenant, form, authOpts(false));
      const user = requireUser(tenant, dc.userId ?? '', draft);
      dc.status = 'redeemed';
      body = await issueUserTokens(deps, { ...userRequest, client, user, scope: form.get('scope') ?? dc.scope });
    } else {
      throw E.unsupportedGrant(grant);
    }
    tenant.recordSignIn(draft);
    deps.store.changed('logOnly');
    ctx.json(200, body, { ...NO_STORE, 'x-ms-request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId });
  } catch (err) {
    if (!(err instanceof EntraError)) throw err;
    if (tenant && recordable && draft.appId) {
      draft.status = { errorCode: err.code, failureReason: err.text };
      tenant.recordSignIn(draft);
      deps.store.changed('logOnly');
    }
    sendEntraError(ctx, err, draft.correlationId);
  }
}

function checkPkce(challenge: string | undefined, method: 'S256' | 'plain', verifier: string | null): void {
  if (!challenge) return;
  if (!verifier) throw E.pkceMissing();
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  if (computed !== challenge) throw E.pkceMismatch();
}

function requireUser(tenant: Tenant, userId: string, draft: SignInDraft) {
  const user = tenant.userById(userId);
  if (!user || !user.accountEnabled) throw E.refreshInvalid();
  draft.userId = user.id;
  draft.userPrincipalName = user.userPrincipalName;
  return user;
}

function newDraft(ctx: RequestContext, nowMs: number): SignInDraft {
  return {
    createdDateTime: new Date(nowMs).toISOString(), appId: '', appDisplayName: null, servicePrincipalId: null, servicePrincipalName: null,
    userId: null, userPrincipalName: null, signInEventType: 'servicePrincipal', clientCredentialType: 'none',
    servicePrincipalCredentialKeyId: null, servicePrincipalCredentialThumbprint: null, resourceId: null, resourceDisplayName: null,
    ipAddress: ctx.clientIp, correlationId: ctx.clientRequestId, grantType: '', status: { errorCode: 0, failureReason: null },
  };
}
