// A minimal Azure Resource Manager: GET /subscriptions and GET /tenants, which tools that sign in through
// ARM (Azure CLI's `az login --allow-no-subscriptions`) call right after getting a token.
import type { Router } from './http/router.ts';
import type { RequestContext } from './http/context.ts';
import type { EmulatorStore } from './state/store.ts';
import type { SigningKey } from './identity/signing-key.ts';
import type { OwnNames } from './http/own-names.ts';
import { checkAccessToken } from './identity/access-check.ts';
import { readBearer } from './identity/tokens.ts';
import { ARM_APP_ID } from './state/microsoft-apps.ts';

interface ArmDeps { store: EmulatorStore; key: SigningKey; own: OwnNames; now: () => number }

/** ARM's audiences: its two resource URIs and its app id. */
const AUDIENCES = { ids: ['https://management.core.windows.net/', 'https://management.azure.com/', ARM_APP_ID] };

async function authorize(ctx: RequestContext, deps: ArmDeps): Promise<string | undefined> {
  const token = readBearer(ctx.header('authorization'));
  const challenge = { 'www-authenticate': `Bearer authorization_uri="${ctx.baseUrl}/common", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."` };
  if (!token) { ctx.json(401, { error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." } }, challenge); return undefined; }
  const check = await checkAccessToken(token, AUDIENCES, deps, deps.now());
  if (!check.ok) {
    const code = check.reason === 'expired' ? 'ExpiredAuthenticationToken' : check.reason === 'audience' ? 'InvalidAuthenticationTokenAudience'
      : check.reason === 'issuer' ? 'InvalidAuthenticationTokenTenant' : 'InvalidAuthenticationToken';
    ctx.json(401, { error: { code, message: `The access token is not valid (${check.reason}).` } }, challenge);
    return undefined;
  }
  return check.tenant.id;
}

export function armRoutes(router: Router, deps: ArmDeps): void {
  router.on('GET', '/subscriptions', async (ctx) => {
    if ((await authorize(ctx, deps)) === undefined) return;
    ctx.json(200, { value: [], count: { type: 'Total', value: 0 } });
  });
  router.on('GET', '/tenants', async (ctx) => {
    const tid = await authorize(ctx, deps);
    if (tid === undefined) return;
    const value = deps.store.tenants.filter((t) => t.id === tid).map((t) => ({
      id: `/tenants/${t.id}`, tenantId: t.id, countryCode: 'US', displayName: t.record.displayName, domains: [t.domain],
      tenantCategory: 'Home', defaultDomain: t.domain, tenantType: 'AAD',
    }));
    ctx.json(200, { value, count: { type: 'Total', value: value.length } });
  });
}
