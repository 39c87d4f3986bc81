// The admin session for secret management, through the real CLI against an in-process emulator: a person
// signs in with a device code approved by a second process (or in headless Chromium), `whoami` and `logout`
// manage the session, a tenant that blocks the default client says how to use your own, and 403 for a
// user who may not touch the app. Every output is kept for the scan at the end.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupCli, claimsOf, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { appWithCertificate } from '../helpers/fixtures.ts';
import { watchCli } from '../helpers/cli-watch.ts';
import { chromiumAvailable, launchChromium } from '../helpers/browser.ts';
import { ADMIN, homeWithEmulator, saveProfile } from '../helpers/token-profiles.ts';
import { DEV } from '../helpers/graph.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { GRAPH_POWERSHELL_APP_ID } from '../../src/emulator/state/microsoft-apps.ts';
import { grantVaultRole } from '../../src/emulator/state/seed.ts';
import { skipUnless } from '../helpers/tools.ts';

after(cleanupCli);

const APPROVER = fileURLToPath(new URL('../helpers/approve-device-code.ts', import.meta.url));
const noBrowser = skipUnless(chromiumAvailable(), 'Chromium is not installed at /usr/bin/chromium (set EAC_CHROMIUM)');
const POSIX = process.platform !== 'win32';
const outputs: string[] = [];
const homes: string[] = [];

const cliEnv = (home: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, EAC_HOME: home, EAC_SECRET_STORE: 'file' };
  delete env.NODE_EXTRA_CA_CERTS; // the CLI trusts the running emulator's CA by itself
  delete env.EAC_DEBUG;
  delete env.CI;
  return env;
};

async function eac(home: string, args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<CliResult> {
  const res = await runCli(args, { home, input, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined, CI: undefined, ...env }, timeoutMs: 60_000 });
  assert.equal(res.timedOut, false, `timed out: ${args.join(' ')}`);
  outputs.push(res.stdout, res.stderr);
  assert.doesNotMatch(res.stderr, /^\s+at .+/m, `no stack trace: ${res.stderr}`);
  return res;
}

async function setup() {
  const ctx = await homeWithEmulator();
  homes.push(ctx.home);
  return ctx;
}

function approveElsewhere(uri: string, code: string, who: string): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', APPROVER, uri, code, who], { env: process.env });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (c) => resolve({ code: c, err }));
  });
}

/** `login --cloud local --device-code`, approved as `upn` by a second process. */
async function deviceLogin(home: string, upn: string, extra: string[] = []): Promise<CliResult> {
  const cli = watchCli(['login', '--cloud', 'local', '--device-code', ...extra], cliEnv(home));
  const [, uri, code] = await cli.waitForStderr(/open the page (https:\/\/\S+\/devicelogin) and enter the code ([A-Z0-9]{9}) /);
  const approver = await approveElsewhere(uri!, code!, upn);
  assert.equal(approver.code, 0, approver.err);
  const res = await cli.done();
  outputs.push(res.stdout, res.stderr);
  return res;
}

function appByName(emu: RunningEmulator, name: string) {
  return emu.store.defaultTenant.record.applications.find((a) => a.displayName === name)!;
}

test('device-code login as an Application Administrator: the permission notice first, whoami, then secret create works as that user', async () => {
  const { home, emu } = await setup();
  const res = await deviceLogin(home, ADMIN);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(res.stdout, '', 'login prints nothing on stdout');
  const notice = res.stderr.indexOf('Creating a new secret requires signing in with an account that has\nApplication.ReadWrite.All or Application.ReadWrite.OwnedBy permission.');
  assert.ok(notice >= 0 && notice < res.stderr.indexOf('devicelogin'), 'the permission is named before the sign-in');
  assert.match(res.stderr, new RegExp(`✓ Signed in as ${ADMIN} \\(tenant ${emu.info.tenantId}\\) with client ${GRAPH_POWERSHELL_APP_ID}`));
  const signIn = emu.store.defaultTenant.record.signIns.at(-1)!;
  assert.equal(signIn.appId, GRAPH_POWERSHELL_APP_ID, 'Microsoft Graph PowerShell is the default client');
  assert.equal(signIn.grantType, 'device_code');

  const who = await eac(home, ['whoami', '-o', 'json']);
  assert.equal(who.code, 0, who.stderr);
  const w = JSON.parse(who.stdout);
  assert.equal(w.kind, 'user');
  assert.equal(w.name, ADMIN);
  assert.equal(w.tenantId, emu.info.tenantId);
  assert.equal(w.cloud, 'local');
  assert.equal(w.clientId, GRAPH_POWERSHELL_APP_ID);
  assert.deepEqual(w.permissions, ['Application.ReadWrite.All']);
  assert.ok(Date.parse(w.expiresOn) > Date.now());
  const table = await eac(home, ['whoami', '-o', 'table']);
  assert.match(table.stdout, /Token expires\s+│ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\), in \d+ min/);
  // In a pipe whoami defaults to json; tsv/csv are its property rows, and --query runs on the JSON form.
  assert.deepEqual(JSON.parse((await eac(home, ['whoami'])).stdout), w);
  assert.match((await eac(home, ['whoami', '-o', 'tsv'])).stdout, new RegExp(`^PROPERTY\tVALUE\nSigned in as\t${ADMIN.replace(/\./g, '\\.')}\n`));
  assert.equal((await eac(home, ['whoami', '--query', 'permissions[0]', '-o', 'tsv'])).stdout, 'Application.ReadWrite.All\n');
  assert.match((await eac(home, ['whoami', '-o', 'yaml'])).stdout, /^kind: user\n/);

  // The cached session is used: no new sign-in, no terminal needed.
  const orders = appByName(emu, 'Contoso Orders API');
  await saveProfile(home, { name: 'orders', tenant: emu.info.tenantId, clientId: orders.appId, authMethod: 'ClientSecret' });
  const signIns = emu.store.defaultTenant.record.signIns.length;
  const created = await eac(home, ['secret', 'create', '-p', 'orders', '--no-display', '-o', 'json']);
  assert.equal(created.code, 0, created.stderr);
  const j = JSON.parse(created.stdout);
  assert.ok(!('secretText' in j), 'no value without --show-secret');
  // Any format, and --query on the JSON form (checked before anything is created).
  const keyId = await eac(home, ['secret', 'create', '-p', 'orders', '--no-display', '--query', 'keyId', '-o', 'tsv']);
  assert.equal(keyId.code, 0, keyId.stderr);
  assert.ok(orders.passwordCredentials.some((p) => `${p.keyId}\n` === keyId.stdout));
  const before = orders.passwordCredentials.length;
  const badQuery = await eac(home, ['secret', 'create', '-p', 'orders', '--no-display', '--query', '[']);
  assert.equal(badQuery.code, 2);
  assert.equal(orders.passwordCredentials.length, before, 'a bad --query creates nothing');
  const shown = await eac(home, ['secret', 'create', '-p', 'orders', '--show-secret', '-o', 'yaml']);
  assert.match(shown.stdout, /^application: .+\n(.+\n)*secretText: .{30,}\n$/);
  assert.ok(orders.passwordCredentials.some((p) => p.keyId === j.keyId));
  assert.equal(emu.store.defaultTenant.record.signIns.length, signIns, 'the cached admin token was used');
  const token = await eac(home, ['get-token', '-p', 'orders', '-o', 'raw']);
  assert.equal(token.code, 0, token.stderr);
  assert.equal(claimsOf(token.stdout.trim()).appid, orders.appId);

  // The admin token cache is encrypted: no token in clear.
  const cacheDir = join(home, 'cache', 'admin', 'tokens');
  for (const f of readdirSync(cacheDir)) {
    const raw = readFileSync(join(cacheDir, f), 'utf8');
    assert.equal(JSON.parse(raw).cipher, 'aes-256-gcm', f);
    assert.doesNotMatch(raw, /AccessToken|RefreshToken|home_account_id|Application\.ReadWrite/, f);
    if (POSIX) assert.equal(statSync(join(cacheDir, f)).mode & 0o777, 0o600);
  }

  const out = await eac(home, ['logout']);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, new RegExp(`Signed out ${ADMIN}`));
  assert.deepEqual(readdirSync(cacheDir), [], 'the cache file is gone');
  const nobody = await eac(home, ['whoami']);
  assert.equal(nobody.code, 4);
  assert.match(nobody.stderr, /Not signed in/);
  assert.match(nobody.stderr, /entra-auth-cli login/);
});

test('a user session stores to Key Vault: a second device-code sign-in consents to Key Vault, then the value lands in the vault', async () => {
  const { home, emu } = await setup();
  const tenant = emu.store.defaultTenant;
  grantVaultRole(tenant, 'default', tenant.userByUpn(ADMIN)!.id, 'Key Vault Secrets Officer');
  assert.equal((await deviceLogin(home, ADMIN)).code, 0);
  const orders = appByName(emu, 'Contoso Orders API');
  const cli = watchCli(['secret', 'create', '--app', orders.appId, '--to-keyvault', 'default/orders-by-admin', '--device-code', '--no-display', '-o', 'json'], cliEnv(home));
  const [, uri, code] = await cli.waitForStderr(/open the page (https:\/\/\S+\/devicelogin) and enter the code ([A-Z0-9]{9}) /);
  assert.equal((await approveElsewhere(uri!, code!, ADMIN)).code, 0);
  const res = await cli.done();
  outputs.push(res.stdout, res.stderr);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, new RegExp(`Signing ${ADMIN} in again for https://vault\\.azure\\.net/user_impersonation`));
  const j = JSON.parse(res.stdout);
  const version = tenant.record.vaults.find((v) => v.name === 'default')!.secrets!.find((s) => s.name === 'orders-by-admin')!.versions.at(-1)!;
  assert.equal(version.tags!.keyId, j.keyId);
  assert.equal(orders.passwordCredentials.find((p) => p.keyId === j.keyId)!.hint, version.value.slice(0, 3));
  for (const o of outputs) assert.ok(!o.includes(version.value), 'the value was printed');
});

test('403: a user without a role may not add a secret to an app they do not own (exit 4, the permission and the roles); as owner they may', async () => {
  const { home, emu } = await setup();
  const res = await deviceLogin(home, DEV);
  assert.equal(res.code, 0, res.stderr);
  const bootstrapApp = emu.info.bootstrap.clientId;
  const before = emu.store.defaultTenant.applicationByAppId(bootstrapApp)!.passwordCredentials.length;
  const denied = await eac(home, ['secret', 'create', '--app', bootstrapApp, '--no-display', '-o', 'json']);
  assert.equal(denied.code, 4, denied.stderr);
  assert.equal(denied.stdout, '');
  assert.match(denied.stderr, /⚠ Insufficient permissions to create client secret\.\nRequired permission: Application\.ReadWrite\.All or Application\.ReadWrite\.OwnedBy/);
  assert.match(denied.stderr, /Application Administrator, Cloud Application Administrator, or owner of the app registration/);
  assert.match(denied.stderr, new RegExp(`signed in as ${DEV}`));
  assert.equal(emu.store.defaultTenant.applicationByAppId(bootstrapApp)!.passwordCredentials.length, before, 'nothing was created');
  assert.equal(readdirSync(join(home, 'data', 'journal')).length, 0, 'the journal entry was closed');

  // dev owns Contoso Orders API (seed): ownership is enough.
  const orders = appByName(emu, 'Contoso Orders API');
  const own = await eac(home, ['secret', 'create', '--app', orders.appId, '--no-display', '-o', 'json']);
  assert.equal(own.code, 0, own.stderr);
  assert.ok(orders.passwordCredentials.some((p) => p.keyId === JSON.parse(own.stdout).keyId));
});

test('a tenant that blocks Microsoft Graph PowerShell: the error says how to use your own client (--admin-client-id), exit 4', async () => {
  const { home, emu } = await setup();
  emu.store.defaultTenant.servicePrincipalByAppId(GRAPH_POWERSHELL_APP_ID)!.accountEnabled = false;
  const res = await eac(home, ['login', '--cloud', 'local', '--device-code']);
  assert.equal(res.code, 4, res.stderr);
  assert.match(res.stderr, /does not let the default sign-in client, Microsoft Graph PowerShell \(14d82eec-204b-4c2f-b7e8-296a70dab67e\),/);
  assert.match(res.stderr, /entra-auth-cli login --admin-client-id <its client ID>/);
  assert.match(res.stderr, /settings\.json/);

  // Your own public client works (Contoso Dev Tool is one), and the session remembers it.
  const devTool = appByName(emu, 'Contoso Dev Tool');
  const own = await deviceLogin(home, ADMIN, ['--admin-client-id', devTool.appId]);
  assert.equal(own.code, 0, own.stderr);
  assert.match(own.stderr, new RegExp(`with client ${devTool.appId}`));
  assert.equal(emu.store.defaultTenant.record.signIns.at(-1)!.appId, devTool.appId);

  const bad = await eac(home, ['login', '--cloud', 'local', '--admin-client-id', 'not-a-guid']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid --admin-client-id 'not-a-guid'/);
});

test('browser login with --no-browser: the URL (PKCE, loopback) on stderr, signed in with headless Chromium', { skip: noBrowser }, async () => {
  const { home, emu } = await setup();
  const cli = watchCli(['login', '--cloud', 'local', '--no-browser'], cliEnv(home));
  const [, url] = await cli.waitForStderr(/modify the app registration:\n(https:\/\/\S+)\n/);
  const authorize = new URL(url!);
  assert.equal(authorize.searchParams.get('client_id'), GRAPH_POWERSHELL_APP_ID);
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.match(authorize.searchParams.get('redirect_uri')!, /^http:\/\/localhost:\d+$/);
  assert.match(authorize.searchParams.get('scope')!, /https:\/\/graph\.microsoft\.com\/Application\.ReadWrite\.All/);
  const browser = await launchChromium(emu);
  try {
    const page = await browser.newPage();
    await page.goto(url!);
    await page.click(`button[name="user"][value="${ADMIN}"]`);
    await page.waitForSelector('#done', { timeout: 20_000 });
  } finally {
    await browser.close();
  }
  const res = await cli.done();
  outputs.push(res.stdout, res.stderr);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, new RegExp(`✓ Signed in as ${ADMIN}`));
  assert.equal(emu.store.defaultTenant.record.signIns.at(-1)!.grantType, 'authorization_code');
});

test('service principal login: the secret from stdin only; a wrong one is refused and nothing is kept', async () => {
  const { home, emu } = await setup();
  const boot = emu.info.bootstrap;
  const wrong = await eac(home, ['login', '--service-principal', '--cloud', 'local', '--client-id', boot.clientId, '--client-secret-stdin'], {}, 'definitely-not-the-secret-value');
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /Entra rejected the client secret of service principal/);
  assert.ok(!existsSync(join(home, 'config', 'admin-sessions.json')) || !readFileSync(join(home, 'config', 'admin-sessions.json'), 'utf8').includes(boot.clientId));
  const argv = await eac(home, ['login', '--service-principal', '--cloud', 'local', '--client-id', boot.clientId]);
  assert.equal(argv.code, 2);
  assert.match(argv.stderr, /missing --client-secret-stdin or --certificate/);
  const ok = await eac(home, ['login', '--service-principal', '--cloud', 'local', '--client-id', boot.clientId, '--client-secret-stdin'], {}, boot.clientSecret);
  assert.equal(ok.code, 0, ok.stderr);
  const who = await eac(home, ['whoami', '-o', 'json']);
  assert.equal(JSON.parse(who.stdout).kind, 'service-principal');
  assert.equal(JSON.parse(who.stdout).appId, boot.clientId);
  assert.ok(JSON.parse(who.stdout).permissions.includes('Application.ReadWrite.All'));

  // Scan: the SP secret is in the 0600 secret store and nowhere else.
  for (const o of outputs) assert.ok(!o.includes(boot.clientSecret), 'the SP secret was printed');
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const file of walk(home)) {
    const holds = readFileSync(file).includes(boot.clientSecret);
    if (file === join(home, 'config', 'secrets.json')) {
      assert.ok(holds, 'kept in the secret store');
      if (POSIX) assert.equal(statSync(file).mode & 0o777, 0o600);
    } else assert.ok(!holds, `${file} holds the SP secret`);
  }
  const out = await eac(home, ['logout']);
  assert.equal(out.code, 0);
  assert.ok(!readFileSync(join(home, 'config', 'secrets.json')).includes(boot.clientSecret), 'logout removed it');
});

test('service principal login with --certificate: a PEM file, then secret create works as that app', async () => {
  const { home, emu } = await setup();
  const sp = appWithCertificate(emu, 'Cert Admin', 'Application.ReadWrite.All');
  const pem = join(tempDir(), 'sp.pem');
  writeFileSync(pem, sp.cert.certPem + sp.cert.keyPem, { mode: 0o600 });
  const res = await eac(home, ['login', '--service-principal', '--cloud', 'local', '--client-id', sp.app.appId, '--certificate', pem]);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, /✓ Signed in as service principal 'Cert Admin'/);
  const event = emu.store.defaultTenant.record.signIns.at(-1)!;
  assert.equal(event.appId, sp.app.appId);
  assert.equal(event.clientCredentialType, 'certificate');
  const target = emu.store.defaultTenant.addApplication({ displayName: 'Cert Target' }, new Date()).app;
  const created = await eac(home, ['secret', 'create', '--app', target.appId, '--no-display', '-o', 'json']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(target.passwordCredentials.length, 1);
  const sessions = readFileSync(join(home, 'config', 'admin-sessions.json'), 'utf8');
  assert.ok(!sessions.includes('PRIVATE KEY'), 'the session names the file, it does not copy the key');
});
