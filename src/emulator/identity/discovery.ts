// OpenID Connect discovery, JWKS and instance discovery, shaped like Entra's (docs/protocol-notes.md,
// "Discovery, signing keys and instance discovery").
// URLs are built from the host the client used, so the emulator works under any name that reaches it.
import type { RequestContext } from '../http/context.ts';
import type { Params } from '../http/router.ts';
import { type IdentityDeps, MULTI_TENANT_ALIASES, tenantFromPath } from './deps.ts';
import { EntraError, sendEntraError } from './errors.ts';
import { v1Issuer, v2Issuer } from './tokens.ts';

const CACHE = { 'cache-control': 'max-age=86400, private', 'access-control-allow-origin': '*' };

/**
 * The v2 document (`/{tenant}/v2.0/.well-known/openid-configuration`), or with `v1` the v1 one
 * (`/{tenant}/.well-known/openid-configuration`): the issuer of v1 tokens (https://HOST/{tid}/) and the
 * v1 keys URL, which is how a verifier finds the keys of a v1 token's issuer. Its endpoints are the v2 ones:
 * the emulator serves no v1 protocol endpoints.
 */
export function openIdConfiguration(deps: IdentityDeps, ctx: RequestContext, params: Params, v1 = false): void {
  const segment = params.tenant ?? '';
  let pathTenant: string;
  let issuerTenant: string;
  try {
    if (MULTI_TENANT_ALIASES.has(segment.toLowerCase())) {
      pathTenant = segment.toLowerCase();
      issuerTenant = '{tenantid}';
    } else {
      const tenant = tenantFromPath(deps, segment);
      // Entra answers a domain-named request with the tenant GUID in every URL.
      pathTenant = tenant.id;
      issuerTenant = tenant.id;
    }
  } catch (err) {
    if (err instanceof EntraError) return sendEntraError(ctx, err);
    throw err;
  }
  const b = ctx.baseUrl;
  ctx.json(200, {
    token_endpoint: `${b}/${pathTenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: v1 ? `${b}/${pathTenant}/discovery/keys` : `${b}/${pathTenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v1 ? v1Issuer(b, issuerTenant) : v2Issuer(b, issuerTenant),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${b}/oidc/userinfo`,
    authorization_endpoint: `${b}/${pathTenant}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${b}/${pathTenant}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${b}/${pathTenant}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${b}/${pathTenant}/kerberos`,
    tenant_region_scope: null,
    cloud_instance_name: new URL(b).hostname,
    cloud_graph_host_name: new URL(b).host,
    msgraph_host: new URL(b).host,
    rbac_url: b,
  }, CACHE);
}

export function jwks(deps: IdentityDeps, ctx: RequestContext, params: Params): void {
  const segment = params.tenant ?? 'common';
  const issuerTenant = MULTI_TENANT_ALIASES.has(segment.toLowerCase()) ? '{tenantid}' : (deps.store.find(segment)?.id ?? segment);
  ctx.json(200, { keys: [{ ...deps.key.jwk, issuer: v2Issuer(ctx.baseUrl, issuerTenant) }] }, CACHE);
}

/** GET /common/discovery/instance: MSAL's authority validation. Any authorize URL on this host is valid. */
export function instanceDiscovery(_deps: IdentityDeps, ctx: RequestContext): void {
  const endpoint = ctx.url.searchParams.get('authorization_endpoint');
  const host = new URL(ctx.baseUrl).host;
  let requestedHost: string | undefined;
  try { requestedHost = endpoint ? new URL(endpoint).host : undefined; } catch { requestedHost = undefined; }
  if (endpoint && requestedHost === undefined) {
    return sendEntraError(ctx, new EntraError(400, 'invalid_instance', 50049, 'Unknown or invalid instance.'));
  }
  const aliases = [...new Set([host, ...(requestedHost ? [requestedHost] : [])])];
  ctx.json(200, {
    tenant_discovery_endpoint: `${ctx.baseUrl}/{tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases }],
  }, CACHE);
}

