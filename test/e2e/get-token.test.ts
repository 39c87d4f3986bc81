// `get-token` with client credentials, as users and scripts run it: the real CLI process against an
// in-process emulator, each test with its own EAC_HOME. The CLI gets no NODE_EXTRA_CA_CERTS: a local profile
// must trust the running emulator's CA by itself. Every output is kept, to prove no secret is ever printed
// and that the secret value is stored nowhere but the 0600 secrets file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { ClientSecretCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { cleanupCli, claimsOf, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { appWithCertificate } from '../helpers/fixtures.ts';
import { GRAPH_DEFAULT, appWithSecret, filesHoldingSecrets, homeWithEmulator, saveProfile, signInCount } from '../helpers/token-profiles.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { grantVaultRole } from '../../src/emulator/state/seed.ts';

after(cleanupCli);

const STACK_FRAME = /^\s+at .+/m;
const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;
const POSIX = process.platform !== 'win32';

/** Every output of every run in this file and every secret used, checked together at the end. */
const outputs: string[] = [];
const secretsUsed: string[] = [];
const homes: string[] = [];

async function eac(home: string, args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<CliResult> {
  const res = await runCli(args, { home, input, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined, CI: undefined, ...env }, timeoutMs: 60_000 });
  assert.equal(res.timedOut, false, `timed out: ${args.join(' ')}`);
  outputs.push(res.stdout, res.stderr);
  assert.doesNotMatch(res.stderr, STACK_FRAME, `no stack trace: ${res.stderr}`);
  return res;
}

async function setup(opts: Parameters<typeof homeWithEmulator>[0] = {}) {
  const ctx = await homeWithEmulator(opts);
  homes.push(ctx.home);
  return ctx;
}

async function secretProfile(home: string, emu: RunningEmulator, name: string, extra: { ref?: string; role?: string } = {}) {
  const a = appWithSecret(emu, `${name} app`, { role: extra.role });
  secretsUsed.push(a.secretText);
  await saveProfile(home, {
    name, tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret',
    ...(extra.ref ? { secret: { kind: 'reference', ref: extra.ref } } : {}),
  }, extra.ref ? {} : { clientSecret: a.secretText });
  return a;
}

test('stored client secret: -o raw prints only the token; the second call is served from the encrypted cache with no network at all', async () => {
  const requests: string[] = [];
  const { home, emu } = await setup({ log: (l) => requests.push(l) });
  const a = await secretProfile(home, emu, 'demo');

  const first = await eac(home, ['get-token', '-p', 'demo', '-o', 'raw']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/, 'the token and one newline, nothing else');
  assert.equal(first.stderr, '');
  const claims = claimsOf(first.stdout.trim());
  assert.equal(claims.appid, a.app.appId);
  assert.equal(claims.appidacr, '1');
  assert.deepEqual(claims.roles, ['Application.Read.All']);
  const signIns = signInCount(emu);
  const seen = requests.length;

  // Fast path, then the full MSAL path: neither touches the network (not even discovery).
  for (const env of [{}, { EAC_FAST_PATH: '0' }]) {
    const again = await eac(home, ['get-token', '-p', 'demo', '-o', 'raw'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, first.stdout, `the cached token (${JSON.stringify(env)})`);
  }
  assert.equal(signInCount(emu), signIns, 'no new sign-in event');
  assert.deepEqual(requests.slice(seen), [], 'no request reached the emulator');

  // The cache file: 0600 in a 0700 dir, encrypted (no token, no JSON of MSAL's inside).
  const cacheFile = join(home, 'cache', 'tokens', 'demo.cache');
  const raw = readFileSync(cacheFile, 'utf8');
  assert.ok(!raw.includes(first.stdout.trim().split('.')[1]!), 'the token is not readable in the cache file');
  assert.doesNotMatch(raw, /AccessToken|secret|home_account_id/);
  assert.equal(JSON.parse(raw).cipher, 'aes-256-gcm');
  if (POSIX) {
    assert.equal(statSync(cacheFile).mode & 0o777, 0o600);
    assert.equal(statSync(join(home, 'cache', 'tokens')).mode & 0o777, 0o700);
  }

  // --force-refresh goes to Entra again.
  const forced = await eac(home, ['get-token', '-p', 'demo', '-o', 'raw', '--force-refresh']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.notEqual(forced.stdout, first.stdout);
  assert.equal(signInCount(emu), signIns + 1);
});

test('-o json has accessToken, expiresOn, expires_on, tokenType, tenant, scopes, fromCache; fast and full paths print the same bytes', async () => {
  const { home, emu } = await setup();
  await secretProfile(home, emu, 'demo');
  const first = await eac(home, ['get-token', '-p', 'demo', '-o', 'json']);
  assert.equal(first.code, 0, first.stderr);
  const j = JSON.parse(first.stdout);
  assert.deepEqual(Object.keys(j), ['accessToken', 'expiresOn', 'expires_on', 'tokenType', 'tenant', 'scopes', 'fromCache']);
  assert.match(j.accessToken, JWT);
  assert.equal(j.tokenType, 'Bearer');
  assert.equal(j.tenant, emu.info.tenantId);
  assert.deepEqual(j.scopes, [GRAPH_DEFAULT]);
  assert.equal(j.fromCache, false);
  // MSAL dates the expiry from when it sent the request (plus expires_in), so it may trail exp by a second.
  assert.ok(Math.abs(j.expires_on - claimsOf(j.accessToken).exp) <= 2, `expires_on (${j.expires_on}) is the token's exp (${claimsOf(j.accessToken).exp}), in Unix seconds`);
  assert.equal(new Date(j.expiresOn).getTime(), j.expires_on * 1000);
  assert.match(j.expiresOn, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  const fast = await eac(home, ['get-token', '-p', 'demo', '-o', 'json'], { EAC_DEBUG: '1' });
  assert.match(fast.stderr, /fast path: served from the token cache/);
  const full = await eac(home, ['get-token', '-p', 'demo', '-o', 'json'], { EAC_FAST_PATH: '0' });
  assert.equal(fast.stdout, full.stdout);
  assert.deepEqual(JSON.parse(fast.stdout), { ...j, fromCache: true });

  // The other formats and --query go through the output layer: the fast path leaves them to the full command.
  const queried = await eac(home, ['get-token', '-p', 'demo', '--query', 'accessToken', '-o', 'tsv'], { EAC_DEBUG: '1' });
  assert.equal(queried.code, 0, queried.stderr);
  assert.doesNotMatch(queried.stderr, /served from the token cache/);
  assert.equal(queried.stdout, `${j.accessToken}\n`, '--query accessToken -o tsv is the bare token, as in the Azure CLI');
  assert.equal((await eac(home, ['get-token', '-p', 'demo', '--query', 'accessToken', '-o', 'raw'])).stdout, `${j.accessToken}\n`);
  assert.equal((await eac(home, ['get-token', '-p', 'demo', '--query', 'scopes'])).stdout, `[\n  "${GRAPH_DEFAULT}"\n]\n`, 'raw (the default in a pipe) prints a string result bare, anything else as JSON');
  const yaml = await eac(home, ['get-token', '-p', 'demo', '-o', 'yaml'], { EAC_DEBUG: '1' });
  assert.doesNotMatch(yaml.stderr, /served from the token cache/);
  assert.match(yaml.stdout, new RegExp(`^accessToken: ${j.accessToken.replace(/\./g, '\\.')}\nexpiresOn: `));
  assert.deepEqual(JSON.parse((await eac(home, ['get-token', '-p', 'demo', '-o', 'ndjson'])).stdout), { ...j, fromCache: true });
  assert.equal((await eac(home, ['get-token', '-p', 'demo', '-o', 'jsonc'])).stdout, full.stdout, 'jsonc in a pipe: plain json');
  const csv = await eac(home, ['get-token', '-p', 'demo', '-o', 'csv']);
  assert.equal(csv.stdout.split('\n')[0], 'accessToken,expiresOn,expires_on,tokenType,tenant,scopes,fromCache');

  // Another scope is another token; the default profile is used without -p.
  const other = await eac(home, ['get-token', '--scope', 'api://contoso-orders/.default', '-o', 'json']);
  assert.equal(other.code, 0, other.stderr);
  assert.equal(claimsOf(JSON.parse(other.stdout).accessToken).aud, emu.store.defaultTenant.record.applications.find((x) => x.displayName === 'Contoso Orders API')!.appId);
  assert.equal(JSON.parse(other.stdout).fromCache, false);
});

test('secret references: env:VAR and file:PATH are read at token time; a missing one says where it looked', async () => {
  const { home, emu } = await setup();
  const viaEnv = await secretProfile(home, emu, 'from-env', { ref: 'env:EAC_TEST_APP_SECRET' });
  const secretFile = join(tempDir(), 'app-secret.txt');
  const viaFile = await secretProfile(home, emu, 'from-file', { ref: `file:${secretFile}` });
  writeFileSync(secretFile, `${viaFile.secretText}\n`, { mode: 0o600 });

  const e = await eac(home, ['get-token', '-p', 'from-env', '-o', 'raw'], { EAC_TEST_APP_SECRET: viaEnv.secretText });
  assert.equal(e.code, 0, e.stderr);
  assert.equal(claimsOf(e.stdout.trim()).appid, viaEnv.app.appId);
  const f = await eac(home, ['get-token', '-p', 'from-file', '-o', 'raw']);
  assert.equal(f.code, 0, f.stderr);
  assert.equal(claimsOf(f.stdout.trim()).appid, viaFile.app.appId);

  // Once cached, the reference is not even read: the variable can be gone.
  const cached = await eac(home, ['get-token', '-p', 'from-env', '-o', 'json'], { EAC_FAST_PATH: '0', EAC_TEST_APP_SECRET: undefined });
  assert.equal(cached.code, 0, cached.stderr);
  assert.equal(JSON.parse(cached.stdout).fromCache, true);

  const missing = await eac(home, ['get-token', '-p', 'from-env', '--force-refresh'], { EAC_TEST_APP_SECRET: undefined });
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /environment variable EAC_TEST_APP_SECRET, which is not set/);
});

test('keyvault://VAULT/NAME: read with the Key Vault SDK and DefaultAzureCredential from the emulator\'s vault', async () => {
  const { home, emu } = await setup();
  const a = await secretProfile(home, emu, 'from-vault', { ref: 'keyvault://default/orders-app-secret' });
  // The test stores the app's secret in the emulated vault with the bootstrap app (Secrets Officer there).
  const boot = new ClientSecretCredential(emu.info.tenantId, emu.info.bootstrap.clientId, emu.info.bootstrap.clientSecret, { authorityHost: emu.info.authorityHost, disableInstanceDiscovery: true });
  await new SecretClient(`${emu.info.keyVaultUrl}/vaults/default`, boot, { disableChallengeResourceVerification: true }).setSecret('orders-app-secret', a.secretText);
  // The CLI signs in to Key Vault as a reader app, through DefaultAzureCredential's environment credential.
  const reader = appWithSecret(emu, 'vault reader');
  secretsUsed.push(reader.secretText);
  grantVaultRole(emu.store.defaultTenant, 'default', reader.sp.id, 'Key Vault Secrets User');
  const azureEnv = { AZURE_TENANT_ID: emu.info.tenantId, AZURE_CLIENT_ID: reader.app.appId, AZURE_CLIENT_SECRET: reader.secretText };

  const res = await eac(home, ['get-token', '-p', 'from-vault', '-o', 'raw'], azureEnv);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(claimsOf(res.stdout.trim()).appid, a.app.appId);

  // Without the vault role, Key Vault says no, and the message says what is missing.
  const denied = appWithSecret(emu, 'no role');
  secretsUsed.push(denied.secretText);
  const no = await eac(home, ['get-token', '-p', 'from-vault', '--force-refresh'], { ...azureEnv, AZURE_CLIENT_ID: denied.app.appId, AZURE_CLIENT_SECRET: denied.secretText });
  assert.equal(no.code, 1);
  assert.match(no.stderr, /Key Vault refused to give keyvault:\/\/default\/orders-app-secret/);
  assert.match(no.stderr, /Key Vault Secrets User/);
});

test('certificate credentials: PEM (certificate + key) and a password-protected PFX, with SHA-256 thumbprints (appidacr 2)', async () => {
  const { home, emu } = await setup();
  const dir = tempDir();
  const pemApp = appWithCertificate(emu, 'pem app');
  const pemPath = join(dir, 'app.pem');
  writeFileSync(pemPath, pemApp.cert.certPem + pemApp.cert.keyPem, { mode: 0o600 });
  await saveProfile(home, { name: 'cert-pem', tenant: emu.info.tenantId, clientId: pemApp.app.appId, authMethod: 'Certificate', certificate: { path: pemPath, format: 'pem', hasPassword: false } });

  const pfxApp = appWithCertificate(emu, 'pfx app');
  const password = randomBytes(12).toString('hex');
  secretsUsed.push(password);
  const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(pfxApp.cert.keyPem), [forge.pki.certificateFromPem(pfxApp.cert.certPem)], password, { algorithm: '3des' });
  const pfxPath = join(dir, 'app.pfx');
  writeFileSync(pfxPath, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), { mode: 0o600 });
  await saveProfile(home, { name: 'cert-pfx', tenant: emu.info.tenantId, clientId: pfxApp.app.appId, authMethod: 'Certificate', certificate: { path: pfxPath, format: 'pfx', hasPassword: true } }, { certificatePassword: password });

  for (const [name, app] of [['cert-pem', pemApp], ['cert-pfx', pfxApp]] as const) {
    const res = await eac(home, ['get-token', '-p', name, '-o', 'raw']);
    assert.equal(res.code, 0, `${name}: ${res.stderr}`);
    const c = claimsOf(res.stdout.trim());
    assert.equal(c.appid, app.app.appId);
    assert.equal(c.appidacr, '2', 'authenticated with a certificate');
    const event = emu.store.defaultTenant.record.signIns.at(-1)!;
    assert.equal(event.appId, app.app.appId);
  }

  // A certificate the app does not know: AADSTS700027, with what to do.
  const stranger = appWithCertificate(emu, 'stranger');
  const strangerPath = join(dir, 'stranger.pem');
  writeFileSync(strangerPath, stranger.cert.certPem + stranger.cert.keyPem, { mode: 0o600 });
  await saveProfile(home, { name: 'wrong-cert', tenant: emu.info.tenantId, clientId: pemApp.app.appId, authMethod: 'Certificate', certificate: { path: strangerPath, format: 'pem', hasPassword: false } });
  const wrong = await eac(home, ['get-token', '-p', 'wrong-cert']);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /Entra rejected the certificate of profile 'wrong-cert' \(AADSTS700027:/);
  assert.match(wrong.stderr, /Upload this certificate's public part to the app registration/);
});

test('failures say what to do: secret ID instead of value (7000215), expired secret (7000222), unknown app (700016), wrong tenant (90002), emulator gone', async () => {
  const { home, emu } = await setup();
  const good = appWithSecret(emu, 'good');
  await saveProfile(home, { name: 'secret-id', tenant: emu.info.tenantId, clientId: good.app.appId, authMethod: 'ClientSecret' }, { clientSecret: good.secretId });
  const old = appWithSecret(emu, 'old', { expired: true });
  secretsUsed.push(old.secretText, good.secretText);
  await saveProfile(home, { name: 'expired', tenant: emu.info.tenantId, clientId: old.app.appId, authMethod: 'ClientSecret' }, { clientSecret: old.secretText });
  await saveProfile(home, { name: 'no-app', tenant: emu.info.tenantId, clientId: randomUUID(), authMethod: 'ClientSecret' }, { clientSecret: good.secretText });
  await saveProfile(home, { name: 'no-tenant', tenant: randomUUID(), clientId: good.app.appId, authMethod: 'ClientSecret' }, { clientSecret: good.secretText });

  const cases: [string, RegExp, RegExp][] = [
    ['secret-id', /Entra rejected the client secret of profile 'secret-id' \(AADSTS7000215: Invalid client secret provided/, /Was the secret ID \(a GUID\) pasted instead of the secret value\?/],
    ['expired', /The client secret of profile 'expired' has expired \(AADSTS7000222:/, /entra-auth-cli secret create -p expired/],
    ['no-app', /No application with client ID [0-9a-f-]{36} was found in tenant/, /Application \(client\) ID/],
    ['no-tenant', /Tenant '[0-9a-f-]{36}' was not found at https:\/\/127\.0\.0\.1:\d+/, new RegExp(`The running emulator's tenant is ${emu.info.tenantId}`)],
  ];
  for (const [name, message, hint] of cases) {
    const res = await eac(home, ['get-token', '-p', name, '-o', 'json']);
    assert.equal(res.code, 1, `${name}: ${res.stderr}`);
    assert.equal(res.stdout, '', 'nothing on stdout');
    assert.match(res.stderr, message, name);
    assert.match(res.stderr, hint, name);
    assert.doesNotMatch(res.stderr, /Trace ID|Correlation ID/, 'Entra\'s sentence without the noise');
  }

  await emu.stop();
  const gone = await eac(home, ['get-token', '-p', 'secret-id']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /No running emulator/);
  assert.match(gone.stderr, /entra-auth-cli emulator start/);
});

test('a stale connection file (the emulator died) and a refused connection both say to start the emulator', async () => {
  const { home, emu } = await setup();
  const a = await secretProfile(home, emu, 'demo');
  // The emulator's port is closed, but its connection file still names a live process (this one).
  const file = join(home, 'data', 'emulator.json');
  const info = JSON.parse(readFileSync(file, 'utf8'));
  await emu.stop();
  writeFileSync(file, JSON.stringify(info));
  const res = await eac(home, ['get-token', '-p', 'demo']);
  assert.equal(res.code, 1);
  assert.match(res.stderr, /Nothing is listening at https:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
  assert.match(res.stderr, /Is the emulator running\? Start it with `entra-auth-cli emulator start`/);
  assert.ok(!res.stderr.includes(a.secretText));
});

test('usage errors exit 2 and name the flag; unknown profile and no default profile say what exists', async () => {
  const { home, emu } = await setup();
  const empty = await eac(tempDir(), ['get-token']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no profile given and there is no default profile/);
  await secretProfile(home, emu, 'demo');
  const badFormat = await eac(home, ['get-token', '-o', 'xml']);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /-o: unknown output format 'xml'; use raw, table, json, jsonc, yaml, tsv, csv or ndjson\./);
  const badQuery = await eac(home, ['get-token', '--query', 'scopes[']);
  assert.equal(badQuery.code, 2);
  assert.match(badQuery.stderr, /^error: --query: invalid JMESPath expression 'scopes\['/);
  const badFlow = await eac(home, ['get-token', '--flow', 'device-code']);
  assert.equal(badFlow.code, 2);
  assert.match(badFlow.stderr, /cannot use the device-code flow/);
  const badScope = await eac(home, ['get-token', '--scope', 'https://graph.microsoft.com']);
  assert.equal(badScope.code, 2);
  assert.match(badScope.stderr, /invalid --scope/);
  const missing = await eac(home, ['get-token', '-p', 'nope']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /There is no profile named 'nope'/);
  assert.match(missing.stderr, /Profiles: demo/);
});

test('expiry warning on stderr: a token with less than --warn-minutes left (and a short-lived token by default)', async () => {
  const { home, emu } = await setup();
  await secretProfile(home, emu, 'demo');
  const hour = await eac(home, ['get-token', '-p', 'demo', '-o', 'raw', '--warn-minutes', '90']);
  assert.equal(hour.code, 0, hour.stderr);
  assert.match(hour.stderr, /^warning: this token expires in (59|60) min \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [^)]+\); run with --force-refresh for a new one\.\n$/);
  const quiet = await eac(home, ['get-token', '-p', 'demo', '-o', 'raw']);
  assert.equal(quiet.stderr, '', 'no warning with the default 5 minutes');
  const fromCacheFast = await eac(home, ['get-token', '-p', 'demo', '-o', 'raw', '--warn-minutes', '90']);
  assert.equal(fromCacheFast.stderr.replace(/\d+ min/, 'N min'), hour.stderr.replace(/\d+ min/, 'N min'), 'the fast path warns the same way');

  const short = await setup({ tokenLifetimeSeconds: 240 });
  await secretProfile(short.home, short.emu, 'short');
  const res = await eac(short.home, ['get-token', '-p', 'short', '-o', 'json']);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, /warning: this token expires in [34] min/);
  assert.equal(JSON.parse(res.stdout).fromCache, false);
  // Less than MSAL's 5 minutes left: neither the fast path nor MSAL serves it from the cache.
  const before = signInCount(short.emu);
  for (const env of [{}, { EAC_FAST_PATH: '0' }]) {
    const again = await eac(short.home, ['get-token', '-p', 'short', '-o', 'json'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).fromCache, false, JSON.stringify(env));
  }
  assert.equal(signInCount(short.emu), before + 2);
});

test('the scripted form of the issue: config create with --client-secret-stdin, then get-token -o raw and -o json', { skip: !existsSync(join(process.cwd(), 'src/cli/commands/config/create.ts')) && 'config create is not there yet' }, async () => {
  const { home, emu } = await setup();
  secretsUsed.push(emu.info.bootstrap.clientSecret);
  const created = await eac(home, ['config', 'create', '--name', 'demo', '--cloud', 'local', '--tenant', emu.info.tenantId,
    '--client-id', emu.info.bootstrap.clientId, '--auth-method', 'ClientSecret', '--client-secret-stdin',
    '--scope', GRAPH_DEFAULT], {}, emu.info.bootstrap.clientSecret);
  assert.equal(created.code, 0, created.stderr);
  const raw = await eac(home, ['get-token', '-p', 'demo', '-o', 'raw']);
  assert.equal(raw.code, 0, raw.stderr);
  assert.match(raw.stdout.trim(), JWT);
  const json = await eac(home, ['get-token', '-p', 'demo', '-o', 'json']);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout).accessToken, raw.stdout.trim());
  assert.equal(JSON.parse(json.stdout).fromCache, true);
});

test('--copy without a clipboard tool fails with what to install, and prints no token', async () => {
  const { home, emu } = await setup();
  await secretProfile(home, emu, 'demo');
  const res = await eac(home, ['get-token', '-p', 'demo', '--copy', '-o', 'raw'], { DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
  if (process.platform !== 'linux') return;
  assert.equal(res.code, 1);
  assert.equal(res.stdout, '');
  assert.match(res.stderr, /There is no clipboard here/);
  assert.match(res.stderr, /wl-clipboard|xclip/);
});

test('the scan: no secret value in any output, and on disk only in the 0600 secrets file', () => {
  assert.ok(secretsUsed.length >= 8, 'the tests above ran');
  for (const s of secretsUsed) for (const o of outputs) assert.ok(!o.includes(s), 'a secret value was printed');
  const { offenders, secretStores } = filesHoldingSecrets(homes, secretsUsed);
  assert.deepEqual(offenders, [], 'no file but the secret store holds a secret value');
  for (const f of secretStores) if (POSIX) assert.equal(statSync(f).mode & 0o777, 0o600, f);
  const secretFiles = secretStores.length;
  assert.ok(secretFiles >= 5);
});
