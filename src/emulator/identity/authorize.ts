// GET /{tenant}/oauth2/v2.0/authorize shows a sign-in page listing the tenant's users (login_hint skips it);
// POST (the page's form) signs the chosen user in, records consent, and redirects to the client's
// redirect URI with code and state in the requested response_mode. Errors that can be sent back to the
// client go to the redirect URI, as Entra does; a bad client or redirect URI gets an error page instead.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../http/context.ts';
import type { Params } from '../http/router.ts';
import { type IdentityDeps, tenantFromPath } from './deps.ts';
import { EntraError } from './errors.ts';
import type { AuthorizeRequest } from './flows.ts';
import { parseScope } from './scopes.ts';
import { escapeHtml, messagePage, page, userPicker } from './pages.ts';
import type { Tenant } from '../state/tenant.ts';
import type { UserRecord } from '../state/model.ts';

export async function authorizeGet(deps: IdentityDeps, ctx: RequestContext, params: Params): Promise<void> {
  const q = ctx.url.searchParams;
  const validated = validate(deps, ctx, params.tenant ?? '', q);
  if (!validated) return;
  const { tenant, req } = validated;
  const hint = q.get('login_hint');
  const hinted = hint ? tenant.userByUpn(hint) : undefined;
  if (hinted) return completeSignIn(deps, ctx, tenant, req, hinted);
  if (q.get('prompt') === 'none') return redirectWithError(ctx, req, 'login_required', 'AADSTS50058: A silent sign-in request was sent but no user is signed in.');
  const id = deps.flows.savePending(req);
  renderPicker(ctx, tenant, req, id);
}

export async function authorizePost(deps: IdentityDeps, ctx: RequestContext, _params: Params): Promise<void> {
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const req = deps.flows.takePending(form.get('request') ?? '');
  if (!req) return ctx.html(400, messagePage('Sign-in expired', 'This sign-in request has expired or was already used. Start again from your application.', true));
  // The pending request pins its tenant: a form posted to another tenant's path cannot mix the two directories.
  const tenant = tenantFromPath(deps, req.tenantId);
  if (form.get('action') === 'decline') {
    return redirectWithError(ctx, req, 'access_denied', 'AADSTS65004: User declined to consent to access the app.');
  }
  const user = tenant.userByUpn(form.get('user') ?? '');
  if (!user || !user.accountEnabled) {
    const id = deps.flows.savePending(req);
    return renderPicker(ctx, tenant, req, id, 'That account does not exist in this tenant.');
  }
  return completeSignIn(deps, ctx, tenant, req, user);
}

function validate(deps: IdentityDeps, ctx: RequestContext, segment: string, q: URLSearchParams): { tenant: Tenant; req: AuthorizeRequest } | undefined {
  const clientId = (q.get('client_id') ?? '').toLowerCase();
  let tenant: Tenant;
  try {
    tenant = tenantFromPath(deps, segment, clientId);
  } catch (err) {
    if (err instanceof EntraError) { ctx.html(400, messagePage('Sign in', `AADSTS${err.code}: ${err.text}`, true)); return undefined; }
    throw err;
  }
  if (!clientId) { ctx.html(400, messagePage('Sign in', "AADSTS900144: The request body must contain the following parameter: 'client_id'.", true)); return undefined; }
  const reg = tenant.clientRegistration(clientId);
  if (!reg) { ctx.html(400, messagePage('Sign in', `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant.domain}'.`, true)); return undefined; }
  const redirectUri = q.get('redirect_uri') ?? reg.redirectUris[0] ?? '';
  if (!redirectMatches(redirectUri, reg.redirectUris)) {
    ctx.html(400, messagePage('Sign in', `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`, true));
    return undefined;
  }
  const mode = q.get('response_mode');
  const req: AuthorizeRequest = {
    tenantId: tenant.id, clientId, redirectUri, scope: q.get('scope') ?? '', state: q.get('state') ?? undefined, nonce: q.get('nonce') ?? undefined,
    responseMode: mode === 'fragment' || mode === 'form_post' ? mode : 'query',
    codeChallenge: q.get('code_challenge') ?? undefined, codeChallengeMethod: q.get('code_challenge_method') === 'S256' ? 'S256' : 'plain',
    clientInfo: q.get('client_info') === '1',
  };
  if (q.get('response_type') !== 'code') { redirectWithError(ctx, req, 'unsupported_response_type', "AADSTS700054: response_type 'id_token' is not enabled for the application."); return undefined; }
  try {
    parseScope(req.scope, tenant, 'delegated', deps.own);
  } catch (err) {
    if (err instanceof EntraError) { redirectWithError(ctx, req, err.error, `AADSTS${err.code}: ${err.text}`); return undefined; }
    throw err;
  }
  return { tenant, req };
}

/** Loopback redirect URIs match whatever their port (RFC 8252 §7.3); others must match exactly. */
export function redirectMatches(uri: string, registered: string[]): boolean {
  let u: URL;
  try { u = new URL(uri); } catch { return false; }
  return registered.some((r) => {
    if (r === uri) return true;
    let reg: URL;
    try { reg = new URL(r); } catch { return false; }
    const loopback = (h: string) => h === 'localhost' || h === '127.0.0.1' || h === '[::1]';
    return u.protocol === 'http:' && reg.protocol === 'http:' && loopback(u.hostname) && loopback(reg.hostname)
      && (reg.pathname === '/' || reg.pathname === u.pathname);
  });
}

function renderPicker(ctx: RequestContext, tenant: Tenant, req: AuthorizeRequest, pendingId: string, error?: string): void {
  const reg = tenant.clientRegistration(req.clientId);
  if (!reg) return ctx.html(400, messagePage('Sign in', `AADSTS700016: Application with identifier '${req.clientId}' was not found in the directory '${tenant.domain}'.`, true));
  const users = tenant.record.users.filter((u) => u.accountEnabled);
  let html = userPicker({
    action: ctx.url.pathname, hidden: { request: pendingId }, users, appName: reg.displayName,
    permissions: req.scope.split(/\s+/).filter(Boolean), heading: `Sign in to ${tenant.record.displayName}`,
  });
  if (error) html = html.replace('<form', `<p class="error">${escapeHtml(error)}</p><form`);
  ctx.html(200, html);
}

function completeSignIn(deps: IdentityDeps, ctx: RequestContext, tenant: Tenant, req: AuthorizeRequest, user: UserRecord): void {
  const sr = parseScope(req.scope, tenant, 'delegated', deps.own);
  const clientSp = tenant.servicePrincipalByAppId(req.clientId);
  if (clientSp) {
    tenant.consent(clientSp.id, sr.resource.servicePrincipal.id, user.id, [...sr.permissions, ...sr.oidc]);
    deps.store.changed();
  }
  const code = deps.flows.issueCode(req, user.id);
  const values: Record<string, string> = { code };
  if (req.clientInfo) values.client_info = Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.id })).toString('base64url');
  if (req.state !== undefined) values.state = req.state;
  values.session_state = randomUUID();
  respond(ctx, req, values);
}

function redirectWithError(ctx: RequestContext, req: AuthorizeRequest, error: string, description: string): void {
  const values: Record<string, string> = { error, error_description: description };
  if (req.state !== undefined) values.state = req.state;
  respond(ctx, req, values);
}

function respond(ctx: RequestContext, req: AuthorizeRequest, values: Record<string, string>): void {
  const params = new URLSearchParams(values).toString();
  if (req.responseMode === 'form_post') {
    const inputs = Object.entries(values).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
    return ctx.html(200, page('Working...', `<form method="post" id="response" action="${escapeHtml(req.redirectUri)}">${inputs}<noscript><input type="submit" value="Continue"></noscript></form><script>document.getElementById('response').submit()</script>`));
  }
  const sep = req.responseMode === 'fragment' ? '#' : (req.redirectUri.includes('?') ? '&' : '?');
  ctx.redirect(`${req.redirectUri}${sep}${params}`);
}
