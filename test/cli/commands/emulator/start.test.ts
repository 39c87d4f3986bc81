// emulator start in-process: it starts, prints one JSON line with --json, serves discovery over HTTPS with
// its CA, and stops cleanly on SIGTERM (its own handler is called directly, so the test runner's process is
// never signalled); flags that do not go together are usage errors before anything starts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { after, test } from 'node:test';
import { run as emulatorStart } from '../../../../src/cli/commands/emulator/start.ts';
import { CliError, UsageError } from '../../../../src/cli/errors.ts';
import { cleanupCli } from '../../../helpers/cli.ts';
import { testFactory } from '../../../helpers/test-factory.ts';

after(cleanupCli);

const base = { port: '0', host: '127.0.0.1', deviceCodeInterval: '5' };

function getJson(url: string, ca: Buffer): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(body) }));
    }).on('error', reject).end();
  });
}

/** A JSON request with the emulator's CA (the test process does not trust this CLI-made one). */
function call(url: string, ca: Buffer, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    request(url, { ca, method: init.method, headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: body ? JSON.parse(body) : undefined }));
    }).on('error', reject).end(init.body);
  });
}

async function until<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('--json --in-memory: one line of connection info, discovery served with its CA, stopped by SIGTERM', async () => {
  const t = testFactory();
  const before = process.listeners('SIGTERM');
  const running = emulatorStart({ ...base, json: true, inMemory: true }, t.f);
  const line = await until('the ready line', () => (t.out().includes('\n') ? t.out() : undefined));
  assert.equal(line.split('\n').length, 2, 'exactly one line on stdout');
  const info = JSON.parse(line) as { authorityHost: string; tenantId: string; caCertPath: string; stateDir: unknown };
  assert.equal(info.stateDir, null, '--in-memory keeps nothing');
  const discovery = await getJson(`${info.authorityHost}/${info.tenantId}/v2.0/.well-known/openid-configuration`, readFileSync(info.caCertPath));
  assert.equal(discovery.status, 200);
  assert.equal(discovery.json.issuer, `${info.authorityHost}/${info.tenantId}/v2.0`);

  const ours = process.listeners('SIGTERM').filter((l) => !before.includes(l));
  assert.equal(ours.length, 1, 'emulator start listens for SIGTERM');
  (ours[0] as (s: string) => void)('SIGTERM');
  await running;
  assert.deepEqual(process.listeners('SIGTERM'), before, 'its handlers are gone once it stopped');
  await assert.rejects(getJson(`${info.authorityHost}/${info.tenantId}/v2.0/.well-known/openid-configuration`, readFileSync(info.caCertPath)), 'nothing listens any more');
});

test('flags that do not go together, or a bad port, are usage errors before anything starts', async () => {
  await assert.rejects(emulatorStart({ ...base, inMemory: true, stateDir: '/tmp/x' }, testFactory().f), UsageError);
  await assert.rejects(emulatorStart({ ...base, inMemory: true, reset: true }, testFactory().f), UsageError);
  await assert.rejects(emulatorStart({ ...base, port: 'eighty' }, testFactory().f), UsageError);
  await assert.rejects(emulatorStart({ ...base, cert: 'a.pem' }, testFactory().f), UsageError);
  await assert.rejects(emulatorStart({ ...base, inMemory: true, propagationDelay: '1.5' }, testFactory().f), /--propagation-delay must be a whole number/);
});

test('a --host that does not resolve: an error naming --host, not an unexpected one', async () => {
  await assert.rejects(emulatorStart({ ...base, host: 'no-such-host.invalid', inMemory: true }, testFactory().f), (e: unknown) => e instanceof CliError && !(e instanceof UsageError) && /--host no-such-host\.invalid/.test(e.message));
});

test('--propagation-delay 30: a secret added through Graph is refused with AADSTS7000215, the bootstrap secret is not', async () => {
  const t = testFactory();
  const before = process.listeners('SIGTERM');
  const running = emulatorStart({ ...base, json: true, inMemory: true, propagationDelay: '30' }, t.f);
  const info = JSON.parse(await until('the ready line', () => (t.out().includes('\n') ? t.out() : undefined))) as { authorityHost: string; tenantId: string; caCertPath: string; bootstrap: { clientId: string; clientSecret: string } };
  const ca = readFileSync(info.caCertPath);
  const token = (clientId: string, secret: string) => call(`${info.authorityHost}/${info.tenantId}/oauth2/v2.0/token`, ca, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' }).toString(),
  });
  const boot = await token(info.bootstrap.clientId, info.bootstrap.clientSecret);
  assert.equal(boot.status, 200);
  const added = await call(`${info.authorityHost}/v1.0/applications(appId='${info.bootstrap.clientId}')/addPassword`, ca, {
    method: 'POST', headers: { authorization: `Bearer ${boot.json.access_token}`, 'content-type': 'application/json' }, body: '{}',
  });
  assert.equal(added.status, 200);
  const early = await token(info.bootstrap.clientId, added.json.secretText);
  assert.equal(early.status, 401);
  assert.deepEqual(early.json.error_codes, [7000215]);
  const ours = process.listeners('SIGTERM').filter((l) => !before.includes(l));
  (ours[0] as (s: string) => void)('SIGTERM');
  await running;
});
