// Proves the device code flow over raw HTTPS: the devicecode response, polling states, approval and decline on /devicelogin, expiry and single redemption.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator, postForm, request, tokenUrl, claimsOf, type RawResponse } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const POWERSHELL = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
const SCOPE = 'openid profile offline_access User.Read';
const DEV = 'dev@contoso.onmicrosoft.com';
const DC_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** An emulator whose clock the test moves by hand (polling intervals and expiry without sleeping). */
async function clockedEmulator(): Promise<{ emu: RunningEmulator; advance: (ms: number) => void }> {
  let offset = 0;
  const emu = await testEmulator({ now: () => Date.now() + offset, deviceCodeInterval: 5 });
  return { emu, advance: (ms) => { offset += ms; } };
}

function start(emu: RunningEmulator, clientId = POWERSHELL, scope = SCOPE): Promise<RawResponse> {
  return postForm(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/devicecode`, { client_id: clientId, scope });
}

function poll(emu: RunningEmulator, deviceCode: string, grant = DC_GRANT, clientId = POWERSHELL): Promise<RawResponse> {
  return postForm(tokenUrl(emu), { grant_type: grant, client_id: clientId, device_code: deviceCode, scope: SCOPE, client_info: '1' });
}

const deviceLogin = (emu: RunningEmulator, form: Record<string, string>) => postForm(`${emu.info.authorityHost}/devicelogin`, form);

test('devicecode returns user_code, device_code, verification_uri, interval, expires_in and message', async () => {
  const { emu } = await clockedEmulator();
  const res = await start(emu);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('cache-control'), 'no-store, no-cache');
  const b = res.json;
  assert.match(b.user_code, /^[A-HJ-NP-Z2-9]{9}$/, 'nine characters without look-alikes');
  assert.match(b.device_code, /^[A-Za-z0-9_-]{100,}$/);
  assert.equal(b.verification_uri, `${emu.info.authorityHost}/devicelogin`);
  assert.equal(b.interval, 5);
  assert.equal(b.expires_in, 900);
  assert.equal(b.message, `To sign in, use a web browser to open the page ${b.verification_uri} and enter the code ${b.user_code} to authenticate.`);
  assert.equal(b.verification_uri_complete, undefined, 'Entra does not send it');

  const page = await request(b.verification_uri);
  assert.equal(page.status, 200);
  assert.match(page.text, /<input type="text" name="otc" id="otc"/);

  assertEntraError(await start(emu, '11111111-2222-3333-4444-555555555555'), 400, 'unauthorized_client', 700016);
  assertEntraError(await postForm(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/devicecode`, { scope: SCOPE }), 400, 'invalid_request', 900144);
  assertEntraError(await start(emu, POWERSHELL, 'openid No.Such.Scope'), 400, 'invalid_scope', 70011);
});

test('polling is authorization_pending, too-fast polling is slow_down, and approval yields the tokens', async () => {
  const { emu, advance } = await clockedEmulator();
  const { device_code: deviceCode, user_code: userCode } = (await start(emu)).json;

  assertEntraError(await poll(emu, deviceCode), 400, 'authorization_pending', 70016);
  assertEntraError(await poll(emu, deviceCode), 400, 'slow_down', 70016);
  advance(5_000);
  assertEntraError(await poll(emu, deviceCode), 400, 'authorization_pending', 70016);

  const picker = await deviceLogin(emu, { otc: userCode.toLowerCase().replace(/(...)/, '$1-') });
  assert.equal(picker.status, 200);
  assert.ok(picker.text.includes(DEV), 'codes are matched ignoring case and dashes; the picker lists users');
  assert.ok(picker.text.includes('Microsoft Graph Command Line Tools'));
  assertEntraError(await (advance(5_000), poll(emu, deviceCode)), 400, 'authorization_pending', 70016);

  const done = await deviceLogin(emu, { otc: userCode, user: DEV });
  assert.equal(done.status, 200);
  assert.match(done.text, /You have signed in to the Microsoft Graph Command Line Tools application/);

  advance(5_000);
  const res = await poll(emu, deviceCode);
  assert.equal(res.status, 200, res.text);
  const dev = emu.store.defaultTenant.userByUpn(DEV)!;
  const at = claimsOf(res.json.access_token);
  assert.equal(at.upn, DEV);
  assert.equal(at.oid, dev.id);
  assert.equal(at.scp, 'User.Read');
  assert.equal(at.appid, POWERSHELL);
  assert.equal(at.appidacr, '0');
  assert.equal(at.aud, 'https://graph.microsoft.com');
  assert.equal(claimsOf(res.json.id_token).aud, POWERSHELL);
  assert.match(res.json.refresh_token, /^1\./);
  assert.deepEqual(JSON.parse(Buffer.from(res.json.client_info, 'base64url').toString()), { uid: dev.id, utid: emu.info.tenantId });
  const signIn = emu.store.defaultTenant.record.signIns.at(-1)!;
  assert.equal(signIn.userPrincipalName, DEV);
  assert.equal(signIn.grantType, DC_GRANT);
  assert.equal(signIn.status.errorCode, 0);
});

test('MSAL\'s grant_type=device_code spelling works as well as the RFC one; a device code redeems once', async () => {
  const { emu, advance } = await clockedEmulator();
  for (const grant of [DC_GRANT, 'device_code']) {
    const { device_code: deviceCode, user_code: userCode } = (await start(emu)).json;
    assertEntraError(await poll(emu, deviceCode, grant), 400, 'authorization_pending', 70016);
    assert.equal((await deviceLogin(emu, { otc: userCode, user: DEV })).status, 200);
    advance(5_000);
    const res = await poll(emu, deviceCode, grant);
    assert.equal(res.status, 200, `${grant}: ${res.text}`);
    assert.equal(claimsOf(res.json.access_token).upn, DEV);
    advance(5_000);
    assertEntraError(await poll(emu, deviceCode, grant), 400, 'invalid_grant', 54005);
    const page = await deviceLogin(emu, { otc: userCode, user: DEV });
    assert.match(page.text, /That code didn(&#39;|')t work/, 'a used user code cannot be approved again');
  }
});

test('declining on the page makes polling fail with authorization_declined', async () => {
  const { emu, advance } = await clockedEmulator();
  const { device_code: deviceCode, user_code: userCode } = (await start(emu)).json;
  const page = await deviceLogin(emu, { otc: userCode, action: 'decline' });
  assert.equal(page.status, 200);
  assert.match(page.text, /You declined to sign in/);
  advance(5_000);
  assertEntraError(await poll(emu, deviceCode), 400, 'authorization_declined', 70019);
  const again = await deviceLogin(emu, { otc: userCode, user: DEV });
  assert.match(again.text, /That code didn/, 'a declined code cannot be approved afterwards');
  advance(5_000);
  assertEntraError(await poll(emu, deviceCode), 400, 'authorization_declined', 70019);
});

test('after 15 minutes the device code is expired_token, and the page refuses the user code', async () => {
  const { emu, advance } = await clockedEmulator();
  const { device_code: deviceCode, user_code: userCode } = (await start(emu)).json;
  assertEntraError(await poll(emu, deviceCode), 400, 'authorization_pending', 70016);
  advance(901_000);
  const expired = await poll(emu, deviceCode);
  assertEntraError(expired, 400, 'expired_token', 70020);
  assert.match(expired.json.error_description, /^AADSTS70020: The provided value for the input parameter 'device_code' is not valid\. This device code has expired\./);
  const page = await deviceLogin(emu, { otc: userCode, user: DEV });
  assert.equal(page.status, 200);
  assert.match(page.text, /That code has expired/);
  assertEntraError(await poll(emu, deviceCode), 400, 'expired_token', 70020);
});

test('a wrong code on the page shows an error and changes nothing', async () => {
  const { emu, advance } = await clockedEmulator();
  const { device_code: deviceCode, user_code: userCode } = (await start(emu)).json;
  const wrong = userCode === 'AAAAAAAAA' ? 'BBBBBBBBB' : 'AAAAAAAAA';
  const attempts: Record<string, string>[] = [{ otc: wrong }, { otc: wrong, user: DEV }, { otc: wrong, action: 'decline' }, { otc: '' }, { user: DEV }];
  for (const form of attempts) {
    const page = await deviceLogin(emu, form);
    assert.equal(page.status, 200);
    assert.match(page.text, /<p class="error" id="error">That code didn&#39;t work|<p class="error" id="error">That code didn't work/);
    assert.ok(!page.text.includes(DEV), 'no account picker for a wrong code');
  }
  advance(5_000);
  assertEntraError(await poll(emu, deviceCode), 400, 'authorization_pending', 70016);
  assert.equal((await deviceLogin(emu, { otc: userCode, user: DEV })).status, 200);
  advance(5_000);
  assert.equal((await poll(emu, deviceCode)).status, 200, 'the right code still works');
});

test('a device code only redeems for its own client and tenant; an unknown device code is invalid_grant', async () => {
  const { emu, advance } = await clockedEmulator();
  const devTool = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Dev Tool')!.appId;
  const { device_code: deviceCode, user_code: userCode } = (await start(emu)).json;
  await deviceLogin(emu, { otc: userCode, user: DEV });
  advance(5_000);
  assertEntraError(await poll(emu, deviceCode, DC_GRANT, devTool), 400, 'invalid_grant', 70000);
  assertEntraError(await poll(emu, 'DAQABIQEAAABnot-a-real-device-code'), 400, 'invalid_grant', 70000);
  assertEntraError(await postForm(tokenUrl(emu), { grant_type: DC_GRANT, client_id: POWERSHELL }), 400, 'invalid_request', 900144);
  assert.equal((await poll(emu, deviceCode)).status, 200, 'the rightful client still redeems it');
});
