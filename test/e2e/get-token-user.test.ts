// `get-token` for a signed-in user, the way a person does it: the browser flow with --no-browser, the URL
// read from the CLI's stderr and the sign-in clicked through in headless Chromium; the device-code flow
// approved by a second process, like a person on another device. Then the cache: the next call needs no
// sign-in, through the fast path and through MSAL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cleanupCli, claimsOf, runCli, type CliResult } from '../helpers/cli.ts';
import { chromiumAvailable, launchChromium } from '../helpers/browser.ts';
import { watchCli } from '../helpers/cli-watch.ts';
import { ADMIN, GRAPH_USER_READ, appWithSecret, devToolId, filesHoldingSecrets, homeWithEmulator, saveProfile, signInCount } from '../helpers/token-profiles.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { approveElsewhere } from '../helpers/device-code.ts';
import { skipUnless } from '../helpers/tools.ts';

after(cleanupCli);

const noBrowser = skipUnless(chromiumAvailable(), 'Chromium is not installed at /usr/bin/chromium (set EAC_CHROMIUM)');

const cliEnv = (home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, EAC_HOME: home, EAC_SECRET_STORE: 'file', ...extra };
  delete env.NODE_EXTRA_CA_CERTS; // a local profile trusts the emulator's CA by itself
  delete env.EAC_DEBUG;
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
};

async function eac(home: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const res = await runCli(args, { home, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined, ...env } });
  assert.equal(res.timedOut, false);
  return res;
}


/** Signs in through the page at `url` in headless Chromium, choosing `who`. */
async function signInWithBrowser(emu: RunningEmulator, url: string, who: string): Promise<void> {
  const browser = await launchChromium(emu);
  try {
    const page = await browser.newPage();
    await page.goto(url);
    assert.match(await page.title(), /Sign in to /);
    await page.click(`button[name="user"][value="${who}"]`);
    await page.waitForSelector('#done', { timeout: 20_000 });
    assert.match(await page.textContent('#done') ?? '', /Signed in to entra-auth-cli/);
  } finally {
    await browser.close();
  }
}

async function assertCachedWithoutSignIn(emu: RunningEmulator, home: string, name: string, first: { accessToken: string }) {
  const before = signInCount(emu);
  const fast = await eac(home, ['get-token', '-p', name, '-o', 'json'], { EAC_DEBUG: '1' });
  assert.equal(fast.code, 0, fast.stderr);
  assert.match(fast.stderr, /fast path: served from the token cache/);
  const full = await eac(home, ['get-token', '-p', name, '-o', 'json'], { EAC_FAST_PATH: '0' });
  assert.equal(full.code, 0, full.stderr);
  assert.equal(fast.stdout, full.stdout, 'fast path and MSAL agree byte for byte');
  const j = JSON.parse(full.stdout);
  assert.equal(j.accessToken, first.accessToken);
  assert.equal(j.fromCache, true);
  assert.equal(signInCount(emu), before, 'no sign-in event');
}

test('interactive browser flow with --no-browser: the URL on stderr, signed in with headless Chromium; then from the cache', { skip: noBrowser }, async () => {
  const { home, emu } = await homeWithEmulator();
  await saveProfile(home, { name: 'me', tenant: emu.info.tenantId, clientId: devToolId(emu), authMethod: 'InteractiveBrowser', scopes: [GRAPH_USER_READ] });

  const cli = watchCli(['get-token', '-p', 'me', '--no-browser', '-o', 'json'], cliEnv(home));
  const [, url] = await cli.waitForStderr(/Open this URL in a browser to sign in:\n(https:\/\/\S+)\n/);
  const authorize = new URL(url!);
  assert.equal(authorize.origin + authorize.pathname, `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/authorize`);
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.match(authorize.searchParams.get('redirect_uri')!, /^http:\/\/localhost:\d+$/, 'a loopback redirect');
  await signInWithBrowser(emu, url!, ADMIN);
  const res = await cli.done();
  assert.equal(res.code, 0, res.stderr);
  const j = JSON.parse(res.stdout);
  const c = claimsOf(j.accessToken);
  assert.equal(c.upn, ADMIN);
  assert.equal(c.scp, 'User.Read');
  assert.equal(c.idtyp, 'user');
  assert.equal(j.fromCache, false);
  assert.equal(emu.store.defaultTenant.record.signIns.at(-1)!.grantType, 'authorization_code');

  await assertCachedWithoutSignIn(emu, home, 'me', j);

  // --force-refresh redeems the refresh token: no browser needed.
  const refreshed = await eac(home, ['get-token', '-p', 'me', '-o', 'json', '--force-refresh']);
  assert.equal(refreshed.code, 0, refreshed.stderr);
  assert.notEqual(JSON.parse(refreshed.stdout).accessToken, j.accessToken);
  assert.equal(emu.store.defaultTenant.record.signIns.at(-1)!.grantType, 'refresh_token');
});

test('device code: the message on stderr, approved by a second process; then from the cache', async () => {
  const { home, emu } = await homeWithEmulator();
  await saveProfile(home, { name: 'dc', tenant: emu.info.tenantId, clientId: devToolId(emu), authMethod: 'DeviceCode', scopes: [GRAPH_USER_READ] });

  const cli = watchCli(['get-token', '-p', 'dc', '-o', 'json'], cliEnv(home));
  const [, uri, code] = await cli.waitForStderr(/open the page (https:\/\/\S+\/devicelogin) and enter the code ([A-Z0-9]{9}) /);
  const approver = await approveElsewhere(uri!, code!, ADMIN);
  assert.equal(approver.code, 0, approver.err);
  const res = await cli.done();
  assert.equal(res.code, 0, res.stderr);
  assert.equal(res.stdout.includes('devicelogin'), false, 'instructions go to stderr, not stdout');
  const j = JSON.parse(res.stdout);
  assert.equal(claimsOf(j.accessToken).upn, ADMIN);
  assert.equal(emu.store.defaultTenant.record.signIns.at(-1)!.grantType, 'device_code');

  await assertCachedWithoutSignIn(emu, home, 'dc', j);
});

test('device code declined: the advice says so, exit 1', async () => {
  const { home, emu } = await homeWithEmulator();
  await saveProfile(home, { name: 'dc', tenant: emu.info.tenantId, clientId: devToolId(emu), authMethod: 'DeviceCode', scopes: [GRAPH_USER_READ] });
  const cli = watchCli(['get-token', '-p', 'dc'], cliEnv(home));
  const [, uri, code] = await cli.waitForStderr(/open the page (https:\/\/\S+\/devicelogin) and enter the code ([A-Z0-9]{9}) /);
  assert.equal((await approveElsewhere(uri!, code!, '--decline')).code, 0);
  const res = await cli.done();
  assert.equal(res.code, 1);
  assert.equal(res.stdout, '');
  assert.match(res.stderr, /The sign-in was declined/);
});

test('a confidential app (ClientSecret profile) signs a user in through the browser with its secret', { skip: noBrowser }, async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'web app', { webRedirect: true });
  await saveProfile(home, { name: 'web', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret', scopes: [GRAPH_USER_READ], defaultFlow: 'interactive' }, { clientSecret: a.secretText });

  const cli = watchCli(['get-token', '-p', 'web', '--no-browser', '-o', 'json'], cliEnv(home));
  const [, url] = await cli.waitForStderr(/Open this URL in a browser to sign in:\n(https:\/\/\S+)\n/);
  assert.equal(new URL(url!).searchParams.get('response_mode'), 'form_post');
  await signInWithBrowser(emu, url!, ADMIN);
  const res = await cli.done();
  assert.equal(res.code, 0, res.stderr);
  assert.ok(!res.stderr.includes(a.secretText) && !res.stdout.includes(a.secretText));
  const j = JSON.parse(res.stdout);
  const c = claimsOf(j.accessToken);
  assert.equal(c.upn, ADMIN);
  assert.equal(c.appid, a.app.appId);
  assert.equal(c.appidacr, '1', 'the code was redeemed with the client secret');

  await assertCachedWithoutSignIn(emu, home, 'web', j);
  const scan = filesHoldingSecrets([home], [a.secretText]);
  assert.deepEqual(scan.offenders, [], 'the secret is only in the secret store (not in the token cache with its refresh token)');
  assert.equal(scan.secretStores.length, 1);
});

test('a sign-in nobody completes ends at --timeout with advice (and the CLI exits)', async () => {
  const { home, emu } = await homeWithEmulator();
  await saveProfile(home, { name: 'me', tenant: emu.info.tenantId, clientId: devToolId(emu), authMethod: 'InteractiveBrowser', scopes: [GRAPH_USER_READ] });
  const cli = watchCli(['get-token', '-p', 'me', '--no-browser', '--timeout', '2'], cliEnv(home));
  const res = await cli.done(20_000);
  assert.equal(res.timedOut, false, 'the process ended by itself');
  assert.equal(res.code, 1);
  assert.match(res.stderr, /No sign-in was completed within 2 s/);
});
