// The device code flow: POST /{tenant}/oauth2/v2.0/devicecode hands out a user code, and /devicelogin is
// the page where a person enters it, picks an account and approves (or declines). The token endpoint
// then answers the polling client (see token-endpoint.ts).
import type { RequestContext } from '../http/context.ts';
import { BodyTooLargeError } from '../http/context.ts';
import type { Params } from '../http/router.ts';
import { type IdentityDeps, tenantFromPath } from './deps.ts';
import { E, EntraError, sendEntraError } from './errors.ts';
import { DEVICE_CODE_LIFETIME_S } from './flows.ts';
import { parseScope } from './scopes.ts';
import { messagePage, page, userPicker } from './pages.ts';

export async function deviceCodeEndpoint(deps: IdentityDeps, ctx: RequestContext, params: Params): Promise<void> {
  try {
    let form: URLSearchParams;
    try { form = await ctx.form(); } catch (err) { if (err instanceof BodyTooLargeError) throw E.bodyTooLarge(); throw err; }
    const clientId = (form.get('client_id') ?? '').toLowerCase();
    if (!clientId) throw E.missingParameter('client_id');
    const tenant = tenantFromPath(deps, params.tenant ?? '', clientId);
    const reg = tenant.clientRegistration(clientId);
    if (!reg) throw E.appNotFound(clientId, tenant.domain);
    const sp = tenant.servicePrincipalByAppId(clientId);
    if (sp && !sp.accountEnabled) throw E.appDisabled(clientId, reg.displayName);
    const scope = form.get('scope');
    parseScope(scope, tenant, 'delegated', deps.own);
    const dc = deps.flows.issueDeviceCode(tenant.id, clientId, scope ?? '', deps.deviceCodeInterval);
    const uri = `${ctx.baseUrl}/devicelogin`;
    ctx.json(200, {
      user_code: dc.userCode, device_code: dc.deviceCode, verification_uri: uri, expires_in: DEVICE_CODE_LIFETIME_S, interval: dc.interval,
      message: `To sign in, use a web browser to open the page ${uri} and enter the code ${dc.userCode} to authenticate.`,
    }, { 'cache-control': 'no-store, no-cache', pragma: 'no-cache', 'client-request-id': ctx.clientRequestId });
  } catch (err) {
    if (err instanceof EntraError) return sendEntraError(ctx, err);
    throw err;
  }
}

const codeForm = (error?: string) => page('Enter code', `<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>${error ? `<p class="error" id="error">${error}</p>` : ''}
<form method="post" action="/devicelogin"><input type="text" name="otc" id="otc" autocomplete="off" autofocus placeholder="Code">
<input type="submit" class="primary" id="idSIButton9" value="Next"></form>`);

export function deviceLoginGet(_deps: IdentityDeps, ctx: RequestContext): void {
  ctx.html(200, codeForm());
}

/** One POST handles both steps: the code (otc) alone shows the account picker; with `user` or `action` it completes. */
export async function deviceLoginPost(deps: IdentityDeps, ctx: RequestContext): Promise<void> {
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const dc = deps.flows.deviceByUserCode(form.get('otc') ?? '');
  if (!dc || dc.status !== 'pending' || dc.expiresAt < deps.now()) {
    return ctx.html(200, codeForm(dc && dc.expiresAt < deps.now() ? 'That code has expired. Get a new code from your app or device.' : "That code didn't work. Check the code and try again."));
  }
  const tenant = tenantFromPath(deps, dc.tenantId);
  const reg = tenant.clientRegistration(dc.clientId);
  if (!reg) return ctx.html(200, codeForm('The app that asked for this code no longer exists in this tenant.'));
  if (form.get('action') === 'decline') {
    dc.status = 'declined';
    return ctx.html(200, messagePage('Sign-in canceled', `You declined to sign in to ${reg.displayName} on your device. You may close this window.`));
  }
  const upn = form.get('user');
  if (!upn) {
    return ctx.html(200, userPicker({
      action: '/devicelogin', hidden: { otc: dc.userCode }, users: tenant.record.users.filter((u) => u.accountEnabled),
      appName: reg.displayName, permissions: dc.scope.split(/\s+/).filter(Boolean), heading: 'Are you trying to sign in?',
    }));
  }
  const user = tenant.userByUpn(upn);
  if (!user || !user.accountEnabled) return ctx.html(200, codeForm('That account does not exist in this tenant.'));
  const sr = parseScope(dc.scope, tenant, 'delegated', deps.own);
  const clientSp = tenant.servicePrincipalByAppId(dc.clientId);
  if (clientSp) {
    tenant.consent(clientSp.id, sr.resource.servicePrincipal.id, user.id, [...sr.permissions, ...sr.oidc]);
    deps.store.changed();
  }
  dc.status = 'approved';
  dc.userId = user.id;
  ctx.html(200, messagePage(reg.displayName, `You have signed in to the ${reg.displayName} application on your device. You may now close this window.`));
}
