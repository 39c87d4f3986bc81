// Proves unmodified @azure/msal-node PublicClientApplication signs users in against the emulator: device code (approved by a separate process), refresh, and auth code + PKCE in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PublicClientApplication, type AuthenticationResult, type DeviceCodeRequest } from '@azure/msal-node';
import { testEmulator, claimsOf } from '../helpers/emulator.ts';
import { chromiumAvailable, launchChromium } from '../helpers/browser.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { GRAPH_POWERSHELL_APP_ID } from '../../src/emulator/state/microsoft-apps.ts';
import { approveElsewhere } from '../helpers/device-code.ts';
import { skipUnless } from '../helpers/tools.ts';

const ADMIN = 'admin@contoso.onmicrosoft.com';
const DEV = 'dev@contoso.onmicrosoft.com';
const USER_READ = ['https://graph.microsoft.com/User.Read'];

function devToolId(emu: RunningEmulator): string {
  return emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Dev Tool')!.appId;
}

function publicClient(emu: RunningEmulator, clientId: string): PublicClientApplication {
  return new PublicClientApplication({
    auth: { clientId, authority: `${emu.info.authorityHost}/${emu.info.tenantId}`, knownAuthorities: [new URL(emu.info.authorityHost).host] },
  });
}


/** acquireTokenByDeviceCode with the code handed to a second process; MSAL polling is cancelled if that process fails. */
async function deviceCodeSignIn(app: PublicClientApplication, who: string) {
  let approval: ReturnType<typeof approveElsewhere> | undefined;
  let message = '';
  const request: DeviceCodeRequest = {
    scopes: USER_READ,
    timeout: 60,
    deviceCodeCallback: (r) => {
      message = r.message;
      approval = approveElsewhere(r.verificationUri, r.userCode, who);
      void approval.then((a) => { if (a.code !== 0) request.cancel = true; });
    },
  };
  const outcome = await app.acquireTokenByDeviceCode(request).then((result) => ({ result }), (error: any) => ({ error }));
  assert.ok(approval, 'MSAL called deviceCodeCallback');
  const approver = await approval;
  assert.equal(approver.code, 0, `approver process failed: ${approver.err}`);
  return { ...outcome, message, approver };
}

function assertUserToken(emu: RunningEmulator, result: AuthenticationResult | null, clientId: string, upn: string, scope = USER_READ[0]!): Record<string, any> {
  assert.ok(result, 'MSAL returned a result');
  const user = emu.store.defaultTenant.userByUpn(upn)!;
  const at = claimsOf(result.accessToken);
  assert.equal(at.aud, 'https://graph.microsoft.com');
  assert.equal(at.ver, '1.0');
  assert.equal(at.idtyp, 'user');
  assert.equal(at.scp, 'User.Read');
  assert.equal(at.upn, upn);
  assert.equal(at.oid, user.id);
  assert.equal(at.appid, clientId);
  assert.equal(at.appidacr, '0', 'a public client does not authenticate');
  assert.equal(at.tid, emu.info.tenantId);
  assert.equal(result.account?.username, upn);
  assert.equal(result.account?.homeAccountId, `${user.id}.${emu.info.tenantId}`, 'built from client_info');
  assert.equal(result.account?.tenantId, emu.info.tenantId);
  assert.equal(result.account?.name, user.displayName);
  assert.equal(result.idTokenClaims && (result.idTokenClaims as any).preferred_username, upn);
  assert.equal((result.idTokenClaims as any).aud, clientId);
  assert.equal((result.idTokenClaims as any).iss, `${emu.info.authorityHost}/${emu.info.tenantId}/v2.0`);
  assert.equal(result.tenantId, emu.info.tenantId);
  assert.ok(result.scopes.includes(scope), `scopes echoed in the form asked for: ${result.scopes.join(' ')}`);
  return at;
}

for (const [label, pick] of [['Contoso Dev Tool', devToolId], ['Microsoft Graph PowerShell', () => GRAPH_POWERSHELL_APP_ID]] as const) {
  test(`device code (${label}): approved from another process, then refreshed with forceRefresh`, async () => {
    const emu = await testEmulator();
    const clientId = pick(emu);
    const signIns = emu.store.defaultTenant.record.signIns;
    const app = publicClient(emu, clientId);

    const { result, error, message, approver } = await deviceCodeSignIn(app, ADMIN) as { result?: AuthenticationResult; error?: any; message: string; approver: { out: string } };
    assert.equal(error, undefined, `MSAL failed: ${error?.errorCode} ${error?.errorMessage}`);
    assert.match(message, new RegExp(`open the page ${emu.info.authorityHost}/devicelogin and enter the code [A-Z0-9]{9} `));
    assert.match(approver.out, /You have signed in/);
    const first = assertUserToken(emu, result!, clientId, ADMIN);
    const dcEvent = signIns.at(-1)!;
    assert.equal(dcEvent.signInEventType, 'interactiveUser');
    assert.equal(dcEvent.grantType, 'device_code', 'MSAL sends the short grant_type');
    assert.equal(dcEvent.userPrincipalName, ADMIN);

    // The cache answers without the network; forceRefresh redeems the refresh token instead.
    const cached = await app.acquireTokenSilent({ account: result!.account!, scopes: USER_READ });
    assert.equal(cached.fromCache, true);
    assert.equal(cached.accessToken, result!.accessToken);
    const refreshed = await app.acquireTokenSilent({ account: result!.account!, scopes: USER_READ, forceRefresh: true });
    assert.equal(refreshed.fromCache, false);
    assert.notEqual(refreshed.accessToken, result!.accessToken);
    const second = assertUserToken(emu, refreshed, clientId, ADMIN);
    assert.equal(second.sub, first.sub, 'pairwise sub is stable for (user, app)');
    const rtEvent = signIns.at(-1)!;
    assert.equal(rtEvent.grantType, 'refresh_token');
    assert.equal(rtEvent.signInEventType, 'nonInteractiveUser');
    assert.equal(rtEvent.status.errorCode, 0);
  });
}

test('device code declined by the user surfaces as an MSAL error', async () => {
  const emu = await testEmulator();
  const app = publicClient(emu, devToolId(emu));
  const { result, error, approver } = await deviceCodeSignIn(app, '--decline') as { result?: AuthenticationResult; error?: any; approver: { out: string } };
  assert.match(approver.out, /You declined to sign in/);
  assert.equal(result, undefined);
  assert.ok(error, 'MSAL rejected');
  assert.equal(error.errorCode, 'post_request_failed');
  assert.match(error.errorMessage, /authorization_declined/);
  const event = emu.store.defaultTenant.record.signIns.at(-1)!;
  assert.equal(event.status.errorCode, 70019);
});

const noBrowser = skipUnless(chromiumAvailable(), 'Chromium is not installed at /usr/bin/chromium (set EAC_CHROMIUM)');

test('auth code + PKCE: acquireTokenInteractive, with headless Chromium picking the account', { skip: noBrowser }, async (t) => {
  const emu = await testEmulator();
  const clientId = devToolId(emu);
  const browser = await launchChromium(emu);
  t.after(() => browser.close());
  const page = await browser.newPage();
  const seen: string[] = [];
  const app = publicClient(emu, clientId);

  const result = await app.acquireTokenInteractive({
    scopes: USER_READ,
    successTemplate: '<h1 id="done">Signed in. You can close this window.</h1>',
    openBrowser: async (url) => {
      seen.push(url);
      await page.goto(url);
      assert.match(await page.title(), /Sign in to /);
      await page.click(`button[name="user"][value="${ADMIN}"]`);
      await page.waitForSelector('#done', { timeout: 20_000 });
      seen.push(page.url());
    },
  });
  const authorize = new URL(seen[0]!);
  assert.equal(authorize.origin + authorize.pathname, `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/authorize`);
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(authorize.searchParams.get('response_mode'), 'form_post');
  assert.match(seen[1]!, /^http:\/\/localhost:\d+\/$/, 'the browser landed on MSAL\'s loopback listener');
  assertUserToken(emu, result, clientId, ADMIN);
  const event = emu.store.defaultTenant.record.signIns.at(-1)!;
  assert.equal(event.grantType, 'authorization_code');
  assert.equal(event.userPrincipalName, ADMIN);
});

test('auth code + PKCE with loginHint skips the account picker', { skip: noBrowser }, async (t) => {
  const requests: string[] = [];
  const emu = await testEmulator({ log: (line) => requests.push(line) });
  const clientId = devToolId(emu);
  const browser = await launchChromium(emu);
  t.after(() => browser.close());
  const page = await browser.newPage();
  const app = publicClient(emu, clientId);

  const result = await app.acquireTokenInteractive({
    scopes: ['User.Read'],
    loginHint: DEV,
    successTemplate: '<h1 id="done">Signed in.</h1>',
    openBrowser: async (url) => {
      assert.equal(new URL(url).searchParams.get('login_hint'), DEV);
      await page.goto(url);
      await page.waitForSelector('#done', { timeout: 20_000 });
    },
  });
  assert.ok(requests.some((l) => /^GET \/[^/]+\/oauth2\/v2\.0\/authorize 200 /.test(l)), requests.join('\n'));
  assert.ok(!requests.some((l) => l.startsWith('POST ') && l.includes('/authorize')), 'no account was picked: the hint signed the user in');
  assertUserToken(emu, result, clientId, DEV, 'User.Read');
});
