// Proves the authorization-code + PKCE flow over raw HTTPS: sign-in page, response modes, code redemption, refresh, and each documented failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { testEmulator, postForm, request, tokenUrl, claimsOf, type RawResponse } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { Tenant } from '../../src/emulator/state/tenant.ts';

const POWERSHELL = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
const REDIRECT = 'http://localhost:53123/callback';
const SCOPE = 'openid profile offline_access User.Read';
const DEV = 'dev@contoso.onmicrosoft.com';
const ADMIN = 'admin@contoso.onmicrosoft.com';

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const devToolId = (emu: RunningEmulator) => emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Dev Tool')!.appId;
const authorizePath = (emu: RunningEmulator) => `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/authorize`;

function authorizeParams(clientId: string, challenge: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, scope: SCOPE, state: `st-${randomBytes(6).toString('hex')}`,
    nonce: `n-${randomBytes(6).toString('hex')}`, code_challenge: challenge, code_challenge_method: 'S256', client_info: '1', ...extra,
  };
}

const getAuthorize = (emu: RunningEmulator, params: Record<string, string>) => request(`${authorizePath(emu)}?${new URLSearchParams(params)}`);

function pendingRequestId(html: string): string {
  const m = /name="request" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the picker carries the pending request id');
  return m[1]!;
}

/** GET the picker, POST the chosen user; returns the 302 redirect target. */
async function signIn(emu: RunningEmulator, params: Record<string, string>, user = DEV): Promise<URL> {
  const page = await getAuthorize(emu, params);
  assert.equal(page.status, 200, page.text);
  const res = await postForm(authorizePath(emu), { request: pendingRequestId(page.text), user });
  assert.equal(res.status, 302, res.text);
  return new URL(res.headers.get('location')!);
}

function redeem(emu: RunningEmulator, clientId: string, code: string, verifier: string, extra: Record<string, string> = {}): Promise<RawResponse> {
  return postForm(tokenUrl(emu), { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: REDIRECT, code_verifier: verifier, scope: SCOPE, ...extra });
}

test('the sign-in page lists the users; picking one redirects to the loopback URI with code, state and client_info', async () => {
  const emu = await testEmulator();
  const clientId = devToolId(emu);
  const { challenge } = pkce();
  const params = authorizeParams(clientId, challenge);
  const page = await getAuthorize(emu, params);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /^text\/html/);
  for (const text of [DEV, ADMIN, 'Contoso Dev Tool', 'User.Read']) assert.ok(page.text.includes(text), `the page shows ${text}`);

  const res = await postForm(authorizePath(emu), { request: pendingRequestId(page.text), user: DEV });
  assert.equal(res.status, 302);
  const loc = new URL(res.headers.get('location')!);
  assert.equal(loc.origin, 'http://localhost:53123');
  assert.equal(loc.pathname, '/callback');
  assert.match(loc.searchParams.get('code')!, /^1\.[A-Za-z0-9_-]{100,}$/);
  assert.equal(loc.searchParams.get('state'), params.state);
  const dev = emu.store.defaultTenant.userByUpn(DEV)!;
  assert.deepEqual(JSON.parse(Buffer.from(loc.searchParams.get('client_info')!, 'base64url').toString()), { uid: dev.id, utid: emu.info.tenantId });

  const again = await postForm(authorizePath(emu), { request: pendingRequestId(page.text), user: DEV });
  assert.equal(again.status, 400, 'a pending sign-in request is single-use');
});

test('redeeming the code with the S256 verifier returns access, ID and refresh tokens for the user', async () => {
  const emu = await testEmulator();
  const clientId = devToolId(emu);
  const { verifier, challenge } = pkce();
  const params = authorizeParams(clientId, challenge);
  const code = (await signIn(emu, params)).searchParams.get('code')!;
  const res = await redeem(emu, clientId, code, verifier);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.token_type, 'Bearer');
  assert.deepEqual(res.json.scope.split(' ').sort(), ['User.Read', 'offline_access', 'openid', 'profile']);
  assert.equal(res.headers.get('cache-control'), 'no-store, no-cache');
  const tid = emu.info.tenantId;
  const dev = emu.store.defaultTenant.userByUpn(DEV)!;

  const at = claimsOf(res.json.access_token);
  assert.equal(at.aud, 'https://graph.microsoft.com');
  assert.equal(at.iss, `${emu.info.authorityHost}/${tid}/`, 'v1 issuer on the emulator\'s own host, never Microsoft\'s');
  assert.equal(at.scp, 'User.Read');
  assert.equal(at.idtyp, 'user');
  assert.equal(at.upn, DEV);
  assert.equal(at.oid, dev.id);
  assert.equal(at.appid, clientId);
  assert.equal(at.appidacr, '0', 'a public client');
  assert.equal(at.roles, undefined);

  const jwks = createLocalJWKSet((await request(`${emu.info.authorityHost}/${tid}/discovery/v2.0/keys`)).json);
  const { payload: id } = await jwtVerify(res.json.id_token, jwks, { issuer: `${emu.info.authorityHost}/${tid}/v2.0`, audience: clientId });
  assert.equal(id.nonce, params.nonce);
  assert.equal(id.oid, dev.id);
  assert.equal(id.tid, tid);
  assert.equal(id.preferred_username, DEV);
  assert.equal(id.ver, '2.0');
  assert.equal(id.sub, at.sub, 'the pairwise sub is the same for one user and app');

  assert.match(res.json.refresh_token, /^1\.[A-Za-z0-9_-]{100,}$/);
  assert.deepEqual(JSON.parse(Buffer.from(res.json.client_info, 'base64url').toString()), { uid: dev.id, utid: tid });
});

test('without openid or offline_access there is no id_token and no refresh_token', async () => {
  const emu = await testEmulator();
  const clientId = devToolId(emu);
  const { verifier, challenge } = pkce();
  const code = (await signIn(emu, authorizeParams(clientId, challenge, { scope: 'User.Read', client_info: '0' }))).searchParams.get('code')!;
  const res = await redeem(emu, clientId, code, verifier, { scope: 'User.Read' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.id_token, undefined);
  assert.equal(res.json.refresh_token, undefined);
  assert.equal(res.json.client_info, undefined);
  assert.equal(claimsOf(res.json.access_token).scp, 'User.Read');
});

test('login_hint skips the picker; Microsoft Graph PowerShell signs users in too', async () => {
  const emu = await testEmulator();
  const { verifier, challenge } = pkce();
  const res = await getAuthorize(emu, authorizeParams(POWERSHELL, challenge, { login_hint: ADMIN }));
  assert.equal(res.status, 302, res.text);
  const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
  const tokens = await redeem(emu, POWERSHELL, code, verifier);
  assert.equal(tokens.status, 200, tokens.text);
  const at = claimsOf(tokens.json.access_token);
  assert.equal(at.upn, ADMIN);
  assert.equal(at.appid, POWERSHELL);
  assert.equal(at.app_displayname, 'Microsoft Graph Command Line Tools');
  assert.deepEqual(at.wids, ['9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3'], 'Application Administrator');
  assert.equal(claimsOf(tokens.json.id_token).aud, POWERSHELL);
});

test('response_mode=fragment and form_post carry the same response', async () => {
  const emu = await testEmulator();
  const clientId = devToolId(emu);
  const { verifier, challenge } = pkce();

  const frag = authorizeParams(clientId, challenge, { response_mode: 'fragment' });
  const loc = await signIn(emu, frag);
  assert.equal(loc.search, '', 'nothing in the query');
  const hash = new URLSearchParams(loc.hash.slice(1));
  assert.equal(hash.get('state'), frag.state);
  assert.equal((await redeem(emu, clientId, hash.get('code')!, verifier)).status, 200);

  const fp = authorizeParams(clientId, challenge, { response_mode: 'form_post', login_hint: DEV });
  const page = await getAuthorize(emu, fp);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /^text\/html/);
  assert.ok(page.text.includes(`<form method="post" id="response" action="${REDIRECT}">`), page.text);
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text)?.[1];
  assert.equal(field('state'), fp.state);
  assert.equal((await redeem(emu, clientId, field('code')!, verifier)).status, 200);
});

test('PKCE mismatch, missing verifier, reused code and expired code fail with Entra\'s codes', async () => {
  let offset = 0;
  const emu = await testEmulator({ now: () => Date.now() + offset });
  const clientId = devToolId(emu);
  const { verifier, challenge } = pkce();
  const code = (await signIn(emu, authorizeParams(clientId, challenge))).searchParams.get('code')!;

  assertEntraError(await redeem(emu, clientId, code, pkce().verifier), 400, 'invalid_grant', 501481);
  assertEntraError(await redeem(emu, clientId, code, ''), 400, 'invalid_request', 50148);
  assertEntraError(await redeem(emu, clientId, 'not-a-code', verifier), 400, 'invalid_grant', 70000);
  assertEntraError(await redeem(emu, POWERSHELL, code, verifier), 400, 'invalid_grant', 70000);
  assertEntraError(await redeem(emu, clientId, code, verifier, { redirect_uri: 'http://localhost:9999/other' }), 400, 'invalid_request', 50011);

  const fresh = (await signIn(emu, authorizeParams(clientId, challenge))).searchParams.get('code')!;
  assert.equal((await redeem(emu, clientId, fresh, verifier)).status, 200);
  assertEntraError(await redeem(emu, clientId, fresh, verifier), 400, 'invalid_grant', 54005);

  const late = (await signIn(emu, authorizeParams(clientId, challenge))).searchParams.get('code')!;
  offset = 11 * 60 * 1000;
  assertEntraError(await redeem(emu, clientId, late, verifier), 400, 'invalid_grant', 70008);
});

test('a code redeemed at another tenant\'s token endpoint is AADSTS700005', async () => {
  const emu = await testEmulator();
  const other = Tenant.empty(randomUUID(), 'fabrikam.onmicrosoft.com', 'Fabrikam', new Date());
  emu.store.add(other);
  const { verifier, challenge } = pkce();
  const res = await getAuthorize(emu, authorizeParams(POWERSHELL, challenge, { login_hint: DEV }));
  const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
  assertEntraError(await postForm(tokenUrl(emu, other.id), {
    grant_type: 'authorization_code', client_id: POWERSHELL, code, redirect_uri: REDIRECT, code_verifier: verifier, scope: SCOPE,
  }), 400, 'invalid_grant', 700005);
  assert.equal((await redeem(emu, POWERSHELL, code, verifier)).status, 200, 'its own tenant still takes it');
});

test('a bad redirect URI or unknown client gets an error page, never a redirect', async () => {
  const emu = await testEmulator();
  const clientId = devToolId(emu);
  const { challenge } = pkce();
  for (const redirect of ['https://attacker.example/cb', 'http://example.com/cb', 'not a uri']) {
    const res = await getAuthorize(emu, authorizeParams(clientId, challenge, { redirect_uri: redirect }));
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.match(res.text, /AADSTS50011: The redirect URI/);
  }
  const unknown = await getAuthorize(emu, authorizeParams('11111111-2222-3333-4444-555555555555', challenge));
  assert.equal(unknown.status, 400);
  assert.equal(unknown.headers.get('location'), null);
  assert.match(unknown.text, /AADSTS700016: Application with identifier &#39;11111111-2222-3333-4444-555555555555&#39; was not found/);
});

test('declining sends access_denied back to the app with the state; bad parameters go back too', async () => {
  const emu = await testEmulator();
  const clientId = devToolId(emu);
  const { challenge } = pkce();
  const params = authorizeParams(clientId, challenge);
  const page = await getAuthorize(emu, params);
  const res = await postForm(authorizePath(emu), { request: pendingRequestId(page.text), action: 'decline' });
  assert.equal(res.status, 302);
  const loc = new URL(res.headers.get('location')!);
  assert.equal(loc.searchParams.get('error'), 'access_denied');
  assert.match(loc.searchParams.get('error_description')!, /^AADSTS65004: /);
  assert.equal(loc.searchParams.get('state'), params.state);
  assert.equal(loc.searchParams.get('code'), null);

  const badScope = await getAuthorize(emu, authorizeParams(clientId, challenge, { scope: 'openid Not.A.Real.Scope' }));
  assert.equal(badScope.status, 302);
  assert.equal(new URL(badScope.headers.get('location')!).searchParams.get('error'), 'invalid_scope');
});

test('the refresh_token grant issues new tokens and a new refresh token; garbage is invalid_grant 70000', async () => {
  const emu = await testEmulator();
  const clientId = devToolId(emu);
  const { verifier, challenge } = pkce();
  const code = (await signIn(emu, authorizeParams(clientId, challenge))).searchParams.get('code')!;
  const first = await redeem(emu, clientId, code, verifier);
  const refresh = (rt: string, extra: Record<string, string> = {}) =>
    postForm(tokenUrl(emu), { grant_type: 'refresh_token', client_id: clientId, refresh_token: rt, scope: SCOPE, client_info: '1', ...extra });

  const res = await refresh(first.json.refresh_token);
  assert.equal(res.status, 200, res.text);
  assert.match(res.json.refresh_token, /^1\./);
  assert.notEqual(res.json.refresh_token, first.json.refresh_token);
  const at = claimsOf(res.json.access_token);
  assert.equal(at.upn, DEV);
  assert.equal(at.scp, 'User.Read');
  assert.equal(claimsOf(res.json.id_token).aud, clientId);
  assert.ok(res.json.client_info);
  assert.equal((await refresh(res.json.refresh_token)).status, 200, 'the new refresh token works');

  assertEntraError(await refresh('garbage-refresh-token'), 400, 'invalid_grant', 70000);
  assertEntraError(await refresh(first.json.refresh_token, { client_id: POWERSHELL }), 400, 'invalid_grant', 70000);
  assertEntraError(await refresh(first.json.refresh_token, { scope: 'openid Application.ReadWrite.All' }), 400, 'invalid_grant', 65001);
  assertEntraError(await postForm(tokenUrl(emu), { grant_type: 'refresh_token', client_id: clientId, scope: SCOPE }), 400, 'invalid_request', 900144);
});
