// `entra-auth-cli emulator start` and `emulator ca` as a user runs them: the real CLI process (bin/ -> dist/),
// its one JSON line, its signals, its state dir, seed files, certificates and the errors a user can cause.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { ensureLocalCa, issueServerCertificate } from '../../src/emulator/tls/certificates.ts';
import {
  ANSI, claimsOf, cleanupCli, runCliEmulatorHuman, clientCredentials, homeTrustingTestCa, httpsWithCa, runCli, startCliEmulator, tempDir,
  GRAPH_DEFAULT_SCOPE,
} from '../helpers/cli.ts';

after(cleanupCli);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STACK_FRAME = /^\s+at .+/m;
const POSIX = process.platform !== 'win32';

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function assertEntraError(res: { status: number; json: any; text: string }, status: number, code: number): void {
  assert.equal(res.status, status, res.text);
  assert.deepEqual(res.json?.error_codes, [code], res.text);
  assert.match(res.json.error_description, new RegExp(`^AADSTS${code}: `));
}

test('--json prints exactly one JSON line with the connection info, and the bootstrap app gets a token (fetch)', async () => {
  const home = homeTrustingTestCa();
  const emu = await startCliEmulator([], { home });
  const { info } = emu;
  for (const k of ['authorityHost', 'tenantId', 'tenantDomain', 'graphBaseUrl', 'keyVaultUrl', 'caCertPath', 'bootstrap', 'users']) assert.ok(k in info, `has ${k}`);
  assert.match(info.authorityHost, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(info.authorityHost).port, '0');
  assert.match(info.tenantId, GUID);
  assert.equal(info.tenantDomain, 'contoso.onmicrosoft.com');
  assert.equal(info.graphBaseUrl, info.authorityHost);
  assert.equal(info.keyVaultUrl, info.authorityHost, "the default vault is served at the root");
  assert.equal(info.caCertPath, join(home, 'data', 'emulator-tls', 'ca.pem'), 'the CA lives under EAC_HOME');
  assert.deepEqual(Object.keys(info.bootstrap).sort(), ['clientId', 'clientSecret']);
  assert.match(info.bootstrap.clientId, GUID);
  assert.equal(typeof info.bootstrap.clientSecret, 'string');
  assert.ok(info.bootstrap.clientSecret.length >= 32, 'the bootstrap secret looks like an Entra secret (length)');
  assert.ok(Array.isArray(info.users) && info.users.length > 0);
  for (const u of info.users) {
    assert.deepEqual(Object.keys(u).sort(), ['roles', 'userPrincipalName']);
    assert.ok(u.userPrincipalName.endsWith('@contoso.onmicrosoft.com'), u.userPrincipalName);
    assert.ok(Array.isArray(u.roles));
  }
  assert.ok(info.users.some((u) => u.roles.includes('Application Administrator')), 'one user is an Application Administrator');

  // A client trusting the CA the usual way (NODE_EXTRA_CA_CERTS) gets a token with the printed credentials.
  const res = await fetch(`${info.authorityHost}/${info.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: info.bootstrap.clientId, client_secret: info.bootstrap.clientSecret, scope: GRAPH_DEFAULT_SCOPE }),
  });
  const body = await res.json() as any;
  assert.equal(res.status, 200, JSON.stringify(body.error_description ?? body.error));
  assert.equal(body.token_type, 'Bearer');
  const claims = claimsOf(body.access_token);
  assert.equal(claims.aud, 'https://graph.microsoft.com');
  assert.equal(claims.tid, info.tenantId);
  assert.equal(claims.appid, info.bootstrap.clientId);
  assert.ok(claims.roles.includes('Application.ReadWrite.All'), String(claims.roles));

  const stopped = await emu.stop('SIGTERM');
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.equal(stopped.stdout.split('\n').length, 2, 'stdout is one line and its newline');
  assert.ok(stopped.stdout.endsWith('\n'));
  assert.doesNotMatch(stopped.stderr, /error|warning/i);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} stops the emulator with exit code 0 and nothing more on stdout`, { skip: !POSIX && 'POSIX signals' }, async () => {
    const emu = await startCliEmulator();
    const { info } = emu;
    const before = await httpsWithCa(`${info.authorityHost}/${info.tenantId}/v2.0/.well-known/openid-configuration`, readFileSync(info.caCertPath!));
    assert.equal(before.status, 200, before.text);
    const stopped = await emu.stop(signal);
    assert.equal(stopped.signal, null, `exited by itself, not killed by ${signal}`);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(stopped.stdoutAfterFirstLine, '', 'nothing on stdout after the JSON line');
    assert.doesNotMatch(stopped.stderr, /error/i);
    await assert.rejects(
      httpsWithCa(`${info.authorityHost}/${info.tenantId}/v2.0/.well-known/openid-configuration`, readFileSync(info.caCertPath!), { timeoutMs: 3000 }),
      'the port is closed after stop',
    );
  });
}

test('--state-dir keeps the tenant across restarts, rotates the bootstrap secret and keeps files private', async () => {
  const dir = join(tempDir(), 'nested', 'state');
  const first = await startCliEmulator(['--state-dir', dir]);
  const ca = readFileSync(first.info.caCertPath!);
  assert.equal(first.info.caCertPath, join(dir, 'tls', 'ca.pem'), 'the CA lives in the state dir');
  const oldSecret = first.info.bootstrap.clientSecret;
  const ok = await clientCredentials(first.info, ca, first.info.bootstrap.clientId, oldSecret);
  assert.equal(ok.status, 200, ok.text);
  const stopped = await first.stop('SIGTERM');
  assert.equal(stopped.code, 0, stopped.stderr);

  const statePath = join(dir, 'state.json');
  const state = JSON.parse(readFileSync(statePath, 'utf8'));
  assert.ok(Array.isArray(state.tenants) && state.tenants.length > 0, 'state.json holds the tenants');
  assert.equal(state.tenants[0].id, first.info.tenantId);
  assert.ok(!readFileSync(statePath, 'utf8').includes(oldSecret), 'state.json does not hold the secret value');
  if (POSIX) {
    assert.equal(mode(statePath).toString(8), '600', 'state.json is 0600');
    assert.equal(mode(dir).toString(8), '700', 'the state dir is 0700');
  }

  const second = await startCliEmulator(['--state-dir', dir]);
  assert.equal(second.info.tenantId, first.info.tenantId, 'same tenant after a restart');
  assert.equal(second.info.tenantDomain, first.info.tenantDomain);
  assert.equal(second.info.bootstrap.clientId, first.info.bootstrap.clientId, 'same bootstrap app');
  assert.ok(second.info.bootstrap.clientSecret !== oldSecret, 'a new bootstrap secret on every start');
  assert.ok(readFileSync(second.info.caCertPath!).equals(ca), 'the same CA is reused');

  const stale = await clientCredentials(second.info, ca, second.info.bootstrap.clientId, oldSecret);
  assertEntraError(stale, 401, 7000215);
  const fresh = await clientCredentials(second.info, ca, second.info.bootstrap.clientId, second.info.bootstrap.clientSecret);
  assert.equal(fresh.status, 200, fresh.text);
  assert.equal(claimsOf(fresh.json.access_token).tid, first.info.tenantId);

  const stopped2 = await second.stop('SIGINT');
  assert.equal(stopped2.code, 0, stopped2.stderr);
  if (POSIX) assert.equal(mode(statePath).toString(8), '600', 'state.json stays 0600 after a rewrite');
});

test('--seed FILE builds the tenant from the seed: domain, users and an app that can sign in', async () => {
  const dir = tempDir();
  const appId = randomUUID();
  const appSecret = randomBytes(24).toString('hex'); // made up at run time; only the seed file holds it
  const seedPath = join(dir, 'tenant.json');
  writeFileSync(seedPath, JSON.stringify({
    domain: 'fabrikam.onmicrosoft.com',
    displayName: 'Fabrikam',
    users: [{ userPrincipalName: 'alice@fabrikam.onmicrosoft.com', displayName: 'Alice', roles: ['Application Administrator'] }],
    applications: [{
      displayName: 'Fabrikam Worker', appId,
      passwordCredentials: [{ displayName: 'ci', secretText: appSecret }],
      permissions: [{ resource: 'https://graph.microsoft.com', roles: ['User.Read.All'] }],
    }],
  }));
  const emu = await startCliEmulator(['--seed', seedPath]);
  const { info } = emu;
  const ca = readFileSync(info.caCertPath!);
  assert.equal(info.tenantDomain, 'fabrikam.onmicrosoft.com');
  assert.deepEqual(info.users, [{ userPrincipalName: 'alice@fabrikam.onmicrosoft.com', roles: ['Application Administrator'] }]);

  const res = await clientCredentials(info, ca, appId, appSecret, 'fabrikam.onmicrosoft.com');
  assert.equal(res.status, 200, res.text);
  const claims = claimsOf(res.json.access_token);
  assert.equal(claims.appid, appId);
  assert.equal(claims.tid, info.tenantId);
  assert.deepEqual(claims.roles, ['User.Read.All']);

  // The bootstrap app exists in a seeded tenant too.
  const boot = await clientCredentials(info, ca, info.bootstrap.clientId, info.bootstrap.clientSecret);
  assert.equal(boot.status, 200, boot.text);
  assert.equal((await emu.stop()).code, 0);
});

test('an invalid --seed file exits non-zero naming the file and the bad field, without a stack trace', async () => {
  const dir = tempDir();
  const seedPath = join(dir, 'bad-seed.json');
  writeFileSync(seedPath, JSON.stringify({ domain: 'fabrikam.onmicrosoft.com', users: [{ userPrincipalName: 'alice-without-a-domain' }] }));
  const res = await runCli(['emulator', 'start', '--port', '0', '--json', '--seed', seedPath], { timeoutMs: 20_000 });
  assert.equal(res.timedOut, false, 'the emulator must not start with a bad seed');
  assert.equal(res.code, 1, res.stderr);
  assert.equal(res.stdout, '');
  assert.ok(res.stderr.includes(seedPath), `names the file: ${res.stderr}`);
  assert.match(res.stderr, /users\.0\.userPrincipalName/);
  assert.doesNotMatch(res.stderr, STACK_FRAME);

  const notJson = join(dir, 'not-json.json');
  writeFileSync(notJson, '{ "domain": ');
  const res2 = await runCli(['emulator', 'start', '--port', '0', '--json', '--seed', notJson], { timeoutMs: 20_000 });
  assert.equal(res2.code, 1, res2.stderr);
  assert.ok(res2.stderr.includes(notJson), `names the file: ${res2.stderr}`);
  assert.doesNotMatch(res2.stderr, STACK_FRAME);

  const missing = join(dir, 'missing.json');
  const res3 = await runCli(['emulator', 'start', '--port', '0', '--json', '--seed', missing], { timeoutMs: 20_000 });
  assert.equal(res3.code, 1, res3.stderr);
  assert.ok(res3.stderr.includes(missing), `names the file: ${res3.stderr}`);
  assert.doesNotMatch(res3.stderr, STACK_FRAME);
});

test('a corrupt state.json stops the start with its path, and is left byte-for-byte untouched', async () => {
  for (const content of ['{"schemaVersion":1,"tenants":[{"id":', '{"schemaVersion":99,"tenants":[]}', '[]']) {
    const dir = tempDir();
    const statePath = join(dir, 'state.json');
    writeFileSync(statePath, content, { mode: 0o600 });
    const before = readFileSync(statePath);
    const mtime = statSync(statePath).mtimeMs;
    const res = await runCli(['emulator', 'start', '--port', '0', '--json', '--state-dir', dir], { timeoutMs: 20_000 });
    assert.equal(res.timedOut, false, `the emulator must not start over a corrupt state file (${content})`);
    assert.notEqual(res.code, 0, res.stderr);
    assert.equal(res.code, 1, res.stderr);
    assert.equal(res.stdout, '');
    assert.ok(res.stderr.includes(statePath), `names the file: ${res.stderr}`);
    assert.doesNotMatch(res.stderr, STACK_FRAME);
    assert.ok(readFileSync(statePath).equals(before), `state.json unchanged (${content})`);
    assert.equal(statSync(statePath).mtimeMs, mtime);
  }
});

test('a --state-dir that is a file fails with its path, not an unexpected error', async () => {
  const dir = tempDir();
  const file = join(dir, 'not-a-dir');
  writeFileSync(file, 'x');
  const res = await runCli(['emulator', 'start', '--port', '0', '--json', '--state-dir', file], { timeoutMs: 20_000 });
  assert.equal(res.timedOut, false);
  assert.equal(res.code, 1, res.stderr);
  assert.ok(res.stderr.includes(file), res.stderr);
  assert.doesNotMatch(res.stderr, /unexpected/);
  assert.match(res.stderr, /--state-dir/);
  assert.equal(readFileSync(file, 'utf8'), 'x');
});

test('--cert/--key serve the given certificate, and caCertPath is null', async () => {
  const dir = tempDir();
  const ca = ensureLocalCa(join(dir, 'my-ca'));
  const server = issueServerCertificate(ca, ['localhost', '127.0.0.1']);
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server-key.pem');
  writeFileSync(certPath, server.certPem);
  writeFileSync(keyPath, server.keyPem, { mode: 0o600 });
  const home = tempDir('eac-e2e-home-');

  const emu = await startCliEmulator(['--cert', certPath, '--key', keyPath], { home });
  const { info } = emu;
  assert.equal(info.caCertPath, null);
  const res = await httpsWithCa(`${info.authorityHost}/${info.tenantId}/v2.0/.well-known/openid-configuration`, ca.certPem);
  assert.equal(res.status, 200, res.text);
  const served = res.peerCertificate.raw;
  assert.ok(served, 'the server presented a certificate');
  assert.ok(served.equals(new X509Certificate(server.certPem).raw), 'the served certificate is the one given with --cert');

  const token = await clientCredentials(info, ca.certPem, info.bootstrap.clientId, info.bootstrap.clientSecret);
  assert.equal(token.status, 200, token.text);
  assert.equal(existsSync(join(home, 'data', 'emulator-tls')), false, 'no local CA is created when --cert is given');
  assert.equal((await emu.stop()).code, 0);
});

test('a --cert that is not a certificate fails with a message, not a stack trace', async () => {
  const dir = tempDir();
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  writeFileSync(certPath, 'not a certificate\n');
  writeFileSync(keyPath, 'not a key\n');
  const res = await runCli(['emulator', 'start', '--port', '0', '--json', '--cert', certPath, '--key', keyPath], { timeoutMs: 20_000 });
  assert.equal(res.timedOut, false);
  assert.equal(res.code, 1, res.stderr);
  assert.match(res.stderr, /--cert/);
  assert.doesNotMatch(res.stderr, STACK_FRAME);
});

test('usage errors exit 2: --cert without --key, --port abc', async () => {
  const dir = tempDir();
  const certPath = join(dir, 'server.pem');
  writeFileSync(certPath, 'unused');
  const noKey = await runCli(['emulator', 'start', '--port', '0', '--cert', certPath], { timeoutMs: 20_000 });
  assert.equal(noKey.timedOut, false);
  assert.equal(noKey.code, 2, noKey.stderr);
  assert.match(noKey.stderr, /--key/);
  assert.equal(noKey.stdout, '');

  const badPort = await runCli(['emulator', 'start', '--port', 'abc'], { timeoutMs: 20_000 });
  assert.equal(badPort.timedOut, false);
  assert.equal(badPort.code, 2, badPort.stderr);
  assert.match(badPort.stderr, /--port/);
  assert.match(badPort.stderr, /abc/);
  assert.equal(badPort.stdout, '');
  assert.doesNotMatch(badPort.stderr, STACK_FRAME);
});

test('a port already in use exits 1 with a hint', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve, reject) => { blocker.once('error', reject); blocker.listen(0, '127.0.0.1', resolve); });
  try {
    const port = String((blocker.address() as { port: number }).port);
    const res = await runCli(['emulator', 'start', '--port', port, '--json'], { timeoutMs: 20_000 });
    assert.equal(res.timedOut, false);
    assert.equal(res.code, 1, res.stderr);
    assert.equal(res.stdout, '');
    assert.ok(res.stderr.includes(port), res.stderr);
    assert.match(res.stderr, /already in use/);
    assert.match(res.stderr, /--port 0/, 'hints at --port 0');
    assert.doesNotMatch(res.stderr, STACK_FRAME);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('`emulator ca` prints the path of a PEM CA certificate, the same one each time', async () => {
  const home = tempDir('eac-e2e-home-');
  const res = await runCli(['emulator', 'ca'], { home });
  assert.equal(res.code, 0, res.stderr);
  const lines = res.stdout.split('\n');
  assert.equal(lines.length, 2, 'one line');
  const path = lines[0]!;
  assert.ok(isAbsolute(path), path);
  assert.ok(path.startsWith(home), `under EAC_HOME: ${path}`);
  const pem = readFileSync(path, 'utf8');
  assert.match(pem, /^-----BEGIN CERTIFICATE-----\r?\n/);
  assert.equal(new X509Certificate(pem).ca, true, 'it is a CA certificate');

  const again = await runCli(['emulator', 'ca'], { home });
  assert.equal(again.stdout, res.stdout);
  assert.equal(readFileSync(path, 'utf8'), pem, 'not regenerated');

  const stateDir = join(tempDir(), 'state');
  mkdirSync(stateDir);
  const withDir = await runCli(['emulator', 'ca', '--state-dir', stateDir], { home });
  assert.equal(withDir.code, 0, withDir.stderr);
  assert.equal(withDir.stdout, `${join(stateDir, 'tls', 'ca.pem')}\n`);

  // The emulator then serves a certificate from that CA.
  const emu = await startCliEmulator(['--state-dir', stateDir], { home });
  assert.equal(emu.info.caCertPath, join(stateDir, 'tls', 'ca.pem'));
  const ok = await httpsWithCa(`${emu.info.authorityHost}/${emu.info.tenantId}/v2.0/.well-known/openid-configuration`, readFileSync(emu.info.caCertPath!));
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await emu.stop()).code, 0);
});

test('`emulator start --help` shows the options and examples', async () => {
  const res = await runCli(['emulator', 'start', '--help'], { env: { NO_COLOR: '1' } });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /Usage: entra-auth-cli emulator start/);
  assert.match(res.stdout, /--state-dir/);
  assert.match(res.stdout, /Examples:\n/);
  assert.match(res.stdout, /\$ entra-auth-cli emulator start --port 0 --json/);
  assert.doesNotMatch(res.stdout, ANSI);
});

// ---- the kept tenant (issue 9, item 9: `--cloud local` profiles broke on every restart) ----------------
function seedFile(dir: string, apps: { displayName: string; appId?: string; secret?: string }[]): string {
  const path = join(dir, `seed-${randomUUID()}.json`);
  writeFileSync(path, JSON.stringify({
    domain: 'fabrikam.onmicrosoft.com',
    users: [{ userPrincipalName: 'alice@fabrikam.onmicrosoft.com', roles: ['Application Administrator'] }],
    applications: apps.map((a) => ({
      displayName: a.displayName, appId: a.appId,
      ...(a.secret ? { passwordCredentials: [{ displayName: 'ci', secretText: a.secret }], permissions: [{ resource: 'https://graph.microsoft.com', roles: ['User.Read.All'] }] } : {}),
    })),
  }));
  return path;
}

test('by default the tenant is kept in the data dir: a restart keeps tenant and apps, and a --cloud local profile still gets a token', { timeout: 180_000 }, async () => {
  const home = homeTrustingTestCa();
  const appId = randomUUID();
  const secret = randomBytes(24).toString('hex');
  const seed = seedFile(tempDir(), [{ displayName: 'Fabrikam Worker', appId, secret }]);
  const first = await startCliEmulator(['--seed', seed], { home });
  const keptIn = join(home, 'data', 'emulator');
  assert.equal(first.info.stateDir, keptIn);
  assert.equal(first.info.caCertPath, join(home, 'data', 'emulator-tls', 'ca.pem'), 'the CA stays the one `emulator ca` prints');
  assert.ok(first.info.applications.some((a) => a.appId === appId && a.displayName === 'Fabrikam Worker'), JSON.stringify(first.info.applications));

  const created = await runCli(['config', 'create', '--name', 'worker', '--cloud', 'local', '--tenant', first.info.tenantId, '--client-id', appId,
    '--auth-method', 'ClientSecret', '--client-secret-stdin', '--scope', GRAPH_DEFAULT_SCOPE], { home, input: secret });
  assert.equal(created.code, 0, created.stderr);
  const before = await runCli(['get-token', '-p', 'worker', '-o', 'raw'], { home });
  assert.equal(before.code, 0, before.stderr);

  // Another emulator on the same kept tenant would undo this one's saves.
  const second = await runCli(['emulator', 'start', '--port', '0', '--json'], { home, timeoutMs: 20_000 });
  assert.equal(second.timedOut, false);
  assert.equal(second.code, 1, second.stderr);
  assert.match(second.stderr, /Another emulator \(pid \d+\) is running with the state dir/);
  assert.match(second.stderr, /--in-memory/);
  assert.equal((await first.stop()).code, 0);

  const again = await startCliEmulator([], { home });
  assert.equal(again.info.tenantId, first.info.tenantId, 'same tenant');
  assert.deepEqual(again.info.applications.map((a) => a.appId).sort(), first.info.applications.map((a) => a.appId).sort(), 'same apps');
  assert.equal(again.info.bootstrap.clientId, first.info.bootstrap.clientId);
  assert.notEqual(again.info.bootstrap.clientSecret, first.info.bootstrap.clientSecret, 'the bootstrap secret is new on every start');
  const after = await runCli(['get-token', '-p', 'worker', '-o', 'raw', '--force-refresh'], { home });
  assert.equal(after.code, 0, after.stderr);
  assert.equal(claimsOf(after.stdout.trim()).tid, first.info.tenantId);
  assert.equal((await again.stop()).code, 0);

  // --seed / --apps build a new tenant: refused on a kept one, with the way out.
  for (const args of [['--seed', seed], ['--apps', '5']]) {
    const refused = await runCli(['emulator', 'start', '--port', '0', '--json', ...args], { home, timeoutMs: 20_000 });
    assert.equal(refused.timedOut, false);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`${args[0]} builds a new tenant, and the emulator keeps one in ${keptIn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(refused.stderr, /--reset/);
    assert.match(refused.stderr, /--in-memory/);
    assert.doesNotMatch(refused.stderr, STACK_FRAME);
  }
  const reset = await startCliEmulator(['--reset', '--seed', seed], { home });
  assert.notEqual(reset.info.tenantId, first.info.tenantId, '--reset makes a new tenant');
  assert.ok(reset.info.applications.some((a) => a.appId === appId), 'from the seed');
  assert.equal((await reset.stop()).code, 0);
});

test('--in-memory keeps nothing: every start is a new tenant, and no state is written', async () => {
  const home = homeTrustingTestCa();
  const a = await startCliEmulator(['--in-memory'], { home });
  assert.equal(a.info.stateDir, null);
  assert.equal((await a.stop()).code, 0);
  const b = await startCliEmulator(['--in-memory'], { home });
  assert.notEqual(b.info.tenantId, a.info.tenantId);
  assert.equal((await b.stop()).code, 0);
  assert.equal(existsSync(join(home, 'data', 'emulator')), false, 'nothing kept');

  for (const [args, pattern] of [[['--in-memory', '--state-dir', tempDir()], /--in-memory keeps nothing/], [['--in-memory', '--reset'], /--reset discards a kept tenant/]] as const) {
    const res = await runCli(['emulator', 'start', '--port', '0', ...args], { home, timeoutMs: 20_000 });
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, pattern);
  }
});

const startHuman = (args: string[], home: string) => runCliEmulatorHuman(args, { home, timeoutMs: 30_000 });

test('start says what the tenant holds on stderr: apps (name, appId) and users, capped, terminal-safe; --json lists them', async () => {
  const home = homeTrustingTestCa();
  const hostile = 'Evil\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eApp';
  const ids = Array.from({ length: 14 }, () => randomUUID());
  const seed = seedFile(tempDir(), ids.map((appId, i) => ({ displayName: i === 0 ? hostile : `App ${String(i).padStart(2, '0')}`, appId })));
  const human = await startHuman(['--seed', seed], home);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stderr, /The tenant holds 15 app registrations and 1 user:/);
  assert.ok(human.stderr.includes(`Evil\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202eApp  ${ids[0]}`), human.stderr);
  assert.doesNotMatch(human.stderr + human.stdout, /[\u001b\u0007\u009b\u202e]/, 'no raw control characters');
  assert.ok(human.stderr.includes(`App 09`) && !human.stderr.includes('App 10'), 'ten apps listed');
  assert.match(human.stderr, /\.\.\. and 5 more/);
  assert.match(human.stderr, /Users  alice@fabrikam\.onmicrosoft\.com \(Application Administrator\)/);
  assert.match(human.stdout, /New tenant, kept in /);
  assert.match((await startHuman([], home)).stdout, /Tenant restored from /);

  const emu = await startCliEmulator([], { home });
  assert.equal(emu.info.applicationCount, 15);
  assert.equal(emu.info.applications.length, 15);
  assert.equal(emu.info.applications[0]!.displayName, hostile, 'the JSON holds the name itself');
  const stopped = await emu.stop();
  assert.doesNotMatch(stopped.stdout, /[\u009b\u202e]/, 'C1 and bidi controls are \\u escapes in the JSON line');

  // A synthetic tenant: the JSON list is capped, the count is not; the human list says how many more.
  const big = await startCliEmulator(['--in-memory', '--apps', '150', '--credentials-per-app', '0']);
  assert.equal(big.info.applications.length, 100);
  assert.equal(big.info.applicationCount, 154, '150 synthetic, 3 of the default tenant, the bootstrap app');
  assert.equal((await big.stop()).code, 0);
  const bigHuman = await startHuman(['--in-memory', '--apps', '150', '--credentials-per-app', '0'], home);
  assert.match(bigHuman.stderr, /The tenant holds 154 app registrations/);
  assert.match(bigHuman.stderr, /\.\.\. and 144 more/);
});
