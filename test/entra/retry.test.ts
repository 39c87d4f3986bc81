// The one retry policy (entra/retry.ts, used by HttpClient.request for Graph and Key Vault): what it retries
// and how long it waits, then over real HTTPS against the emulator's faults: a GET rides out 503s, a POST
// (addPassword) is never repeated on a 503 or a dropped connection, a 429 is retried even for a POST, and the
// Key Vault SDK (its own retries off) goes through the same policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretClient } from '@azure/keyvault-secrets';
import { DEFAULT_RETRY, retryAfterMs, retryDelay } from '../../src/entra/retry.ts';
import { NetworkError } from '../../src/entra/http.ts';
import { addPassword, findApplication, GraphApiError, listApplications } from '../../src/entra/graph/index.ts';
import { keyVaultTransport } from '../../src/entra/keyvault-transport.ts';
import { request, testEmulator } from '../helpers/emulator.ts';
import { bootstrapCredential, emulatorCloud, testGraph, testHttp } from '../helpers/entra-layer.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const res = (status: number, headers: Record<string, string> = {}) => ({ status, headers, body: '' });
const noJitter = () => 0;

test('Retry-After in seconds, as an HTTP date, and in milliseconds (retry-after-ms, x-ms-retry-after-ms first)', () => {
  assert.equal(retryAfterMs({ 'retry-after': '3' }, NOW), 3000);
  assert.equal(retryAfterMs({ 'retry-after': new Date(NOW + 5000).toUTCString() }, NOW), 5000);
  assert.equal(retryAfterMs({ 'retry-after': new Date(NOW - 5000).toUTCString() }, NOW), 0);
  assert.equal(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, NOW), 250);
  assert.equal(retryAfterMs({ 'x-ms-retry-after-ms': '120' }, NOW), 120);
  assert.equal(retryAfterMs({ 'retry-after': 'soon' }, NOW), undefined);
  assert.equal(retryAfterMs({}, NOW), undefined);
});

test('what is retried: 429 for any method; 503/504 and dropped connections only when idempotent; never 4xx, 500 or refused', () => {
  const p = DEFAULT_RETRY;
  assert.equal(retryDelay({ method: 'POST' }, res(429, { 'retry-after': '2' }), 1, 0, p, NOW, noJitter), 2000);
  assert.equal(retryDelay({ method: 'GET' }, res(503, { 'retry-after': '1' }), 1, 0, p, NOW, noJitter), 1000);
  assert.equal(retryDelay({ method: 'POST' }, res(503), 1, 0, p, NOW, noJitter), undefined, 'a POST may have run');
  assert.equal(retryDelay({ method: 'PATCH' }, res(504), 1, 0, p, NOW, noJitter), undefined);
  assert.ok(retryDelay({ method: 'PUT' }, res(504), 1, 0, p, NOW, noJitter)! > 0);
  assert.ok(retryDelay({ method: 'GET' }, new NetworkError('https://x', 'ECONNRESET', 'reset'), 1, 0, p, NOW, noJitter)! > 0);
  assert.equal(retryDelay({ method: 'POST' }, new NetworkError('https://x', 'ECONNRESET', 'reset'), 1, 0, p, NOW, noJitter), undefined);
  assert.equal(retryDelay({ method: 'GET' }, new NetworkError('https://x', 'ECONNREFUSED', 'refused'), 1, 0, p, NOW, noJitter), undefined);
  for (const status of [200, 400, 401, 403, 404, 500]) assert.equal(retryDelay({ method: 'GET' }, res(status), 1, 0, p, NOW, noJitter), undefined, String(status));
});

test('backoff grows with jitter, and attempts and total wait are bounded', () => {
  const p = { ...DEFAULT_RETRY, baseDelayMs: 1000, maxDelayMs: 4000 };
  const d = (attempt: number, r: number) => retryDelay({ method: 'GET' }, res(503), attempt, 0, p, NOW, () => r)!;
  assert.deepEqual([d(1, 0), d(2, 0), d(3, 0)], [500, 1000, 2000]);
  assert.deepEqual([d(1, 0.999), d(3, 0.999)].map((x) => Math.round(x / 10) * 10), [1000, 4000]);
  assert.equal(retryDelay({ method: 'GET' }, res(503), p.maxAttempts, 0, p, NOW), undefined, 'no attempt beyond the last');
  assert.equal(retryDelay({ method: 'GET' }, res(429, { 'retry-after': '120' }), 1, 0, p, NOW), undefined, 'a wait beyond the total budget gives up');
  assert.equal(retryDelay({ method: 'GET' }, res(429, { 'retry-after': '5' }), 2, 58_000, p, NOW), undefined);
});

test('against the emulator: a GET rides out 503s with Retry-After; addPassword is sent once on a 503 and on a dropped connection', async () => {
  const lines: string[] = [];
  const emu = await testEmulator({
    log: (l) => lines.push(l),
    faults: ['GET /v1.0/applications error=503 retry-after=1 times=2', 'POST /v1.0/applications/*/addPassword error=503 times=1'],
  });
  const sleeps: number[] = [];
  const graph = testGraph(emu, testHttp({ sleeps }));
  let n = 0;
  for await (const _ of listApplications(graph, { select: 'id' })) n++;
  assert.equal(n, emu.store.defaultTenant.record.applications.length);
  assert.equal(sleeps.length, 2, 'two retries');
  assert.ok(sleeps.every((ms) => ms >= 1000), `waited Retry-After (${sleeps.join(', ')})`);

  const api = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders API')!;
  const posts = () => lines.filter((l) => /POST \/v1\.0\/applications\/[^/]+\/addPassword/.test(l)).length;
  const cred = { displayName: 'once', startDateTime: new Date(), endDateTime: new Date(Date.now() + 30 * 86400e3) };
  await assert.rejects(addPassword(graph, api.id, cred), (e: unknown) => e instanceof GraphApiError && e.status === 503);
  assert.equal(posts(), 1, 'the 503 on a POST was not retried');
  assert.equal((await findApplication(graph, api.appId))!.passwordCredentials.filter((c) => c.displayName === 'once').length, 0);

  await addFault(emu, 'POST /v1.0/applications/*/addPassword drop');
  await assert.rejects(addPassword(graph, api.id, cred));
  const rules = (await request(`${emu.info.authorityHost}/_emulator/faults`)).json as { rule: string; fired: number }[];
  assert.equal(rules.find((r) => r.rule.includes('drop'))?.fired, 1, 'a dropped POST was not retried');
});

test('against the emulator: a throttled POST (429) is retried and runs once; the Key Vault SDK goes through the same policy', async () => {
  const lines: string[] = [];
  // A write costs 1 resource unit: two fit in 2, the third is throttled.
  const emu = await testEmulator({ throttle: { limitPer10s: 2 }, log: (l) => lines.push(l) });
  const sleeps: number[] = [];
  const http = testHttp({ sleeps });
  const graph = testGraph(emu, http);
  const api = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders API')!;
  const end = new Date(Date.now() + 30 * 86400e3);
  for (const name of ['t1', 't2', 't3']) await addPassword(graph, api.id, { displayName: name, startDateTime: new Date(), endDateTime: end });
  assert.ok(lines.some((l) => /POST \/v1\.0\/applications\/[^/]+\/addPassword 429/.test(l)), 'a POST was throttled');
  assert.ok(sleeps.length > 0);
  const made = emu.store.defaultTenant.record.applications.find((a) => a.id === api.id)!.passwordCredentials.filter((c) => /^t\d$/.test(c.displayName ?? ''));
  assert.deepEqual(made.map((c) => c.displayName).sort(), ['t1', 't2', 't3'], 'each secret exactly once');

  const cloud = emulatorCloud(emu);
  const transport = keyVaultTransport(cloud, http);
  try {
    const vault = new SecretClient(cloud.keyVaultUrl('default'), bootstrapCredential(emu, http), transport.clientOptions);
    await vault.setSecret('retried', 'value-1');
    const before = sleeps.length;
    await addFault(emu, 'GET /vaults/default/secrets/** error=503 retry-after=1 times=1');
    assert.equal((await vault.getSecret('retried')).value, 'value-1');
    assert.equal(sleeps.length, before + 1, 'the SDK\'s request was retried by our policy');
  } finally {
    transport.dispose();
  }
});

async function addFault(emu: { info: { authorityHost: string } }, rule: string): Promise<void> {
  const r = await request(`${emu.info.authorityHost}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  assert.ok(r.status < 300, r.text);
}
