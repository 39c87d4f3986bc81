// The identity platform's routes (login host): discovery, keys, token, authorize, device code.
import type { Router } from '../http/router.ts';
import type { IdentityDeps } from './deps.ts';
import { instanceDiscovery, jwks, openIdConfiguration } from './discovery.ts';
import { handleToken } from './token-endpoint.ts';
import { authorizeGet, authorizePost } from './authorize.ts';
import { deviceCodeEndpoint, deviceLoginGet, deviceLoginPost } from './device-code.ts';

export function identityRoutes(router: Router, deps: IdentityDeps): void {
  router
    .on('GET', '/common/discovery/instance', (ctx) => instanceDiscovery(deps, ctx))
    .on('GET', '/:tenant/discovery/instance', (ctx) => instanceDiscovery(deps, ctx))
    .on('GET', '/:tenant/v2.0/.well-known/openid-configuration', (ctx, p) => openIdConfiguration(deps, ctx, p))
    .on('GET', '/:tenant/.well-known/openid-configuration', (ctx, p) => openIdConfiguration(deps, ctx, p, true))
    .on('GET', '/:tenant/discovery/v2.0/keys', (ctx, p) => jwks(deps, ctx, p))
    .on('GET', '/:tenant/discovery/keys', (ctx, p) => jwks(deps, ctx, p))
    .on('POST', '/:tenant/oauth2/v2.0/token', (ctx, p) => handleToken(deps, ctx, p))
    .on('POST', '/:tenant/oauth2/v2.0/devicecode', (ctx, p) => deviceCodeEndpoint(deps, ctx, p))
    .on('GET', '/:tenant/oauth2/v2.0/authorize', (ctx, p) => authorizeGet(deps, ctx, p))
    .on('POST', '/:tenant/oauth2/v2.0/authorize', (ctx, p) => authorizePost(deps, ctx, p))
    .on('GET', '/devicelogin', (ctx) => deviceLoginGet(deps, ctx))
    .on('POST', '/devicelogin', (ctx) => deviceLoginPost(deps, ctx));
}
