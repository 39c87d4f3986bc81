// Proves Graph's resource-unit model on the emulator: costs per request (x-ms-resource-unit), budgets by
// tenant size, the write limits, the per-minute cap on listing keyCredentials, the headers of admitted and
// throttled responses (also inside $batch), and the stats a benchmark reads. A hand-driven clock makes every
// refill exact, so no test depends on how fast the machine is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, testEmulator } from '../helpers/emulator.ts';
import { appToken, bootstrapToken, graph } from '../helpers/graph.ts';
import { requestCost, tenantSizeBudget } from '../../src/emulator/graph/throttle.ts';

const cost = (path: string, method = 'GET') => {
  const u = new URL(path, 'https://x');
  return requestCost(method, u.pathname, u.searchParams);
};

test('resource-unit costs follow Graph\'s table: applications 2, $select -1, $expand +1, $top under 20 -1, never below 1', () => {
  assert.equal(cost('/applications'), 2);
  assert.equal(cost('/applications?$select=id,appId'), 1);
  assert.equal(cost('/applications?$top=999&$select=id'), 1);
  assert.equal(cost('/applications?$top=19'), 1);
  assert.equal(cost('/applications?$top=20'), 2);
  assert.equal(cost('/applications?$expand=owners'), 3);
  assert.equal(cost('/applications?$expand=owners&$select=id'), 2);
  assert.equal(cost('/applications?$select=id&$top=5'), 1, 'the minimum is 1');
  assert.equal(cost('/applications/abc'), 1);
  assert.equal(cost('/applications/abc/owners'), 1);
  assert.equal(cost('/servicePrincipals'), 1, 'not in the table: 1');
  assert.equal(cost('/users'), 2);
  assert.equal(cost('/applications/abc/addPassword', 'POST'), 1);
  assert.equal(cost('/applications/abc', 'PATCH'), 1);
  assert.deepEqual([10, 49, 50, 500, 501].map((n) => tenantSizeBudget(n)), [
    { size: 'S', limit: 3500 }, { size: 'S', limit: 3500 }, { size: 'M', limit: 5000 }, { size: 'M', limit: 5000 }, { size: 'L', limit: 8000 },
  ]);
});

test('every Graph response carries x-ms-resource-unit, throttling on or off; the stats count requests and resource units', async () => {
  const emu = await testEmulator();
  assert.equal(emu.info.graphThrottle, null, 'throttling is off by default');
  const token = await bootstrapToken(emu);
  const id = emu.store.defaultTenant.record.applications[0]!.id;
  const list = await graph(emu, 'GET', '/applications', { token });
  assert.equal(list.headers.get('x-ms-resource-unit'), '2');
  assert.equal(list.headers.get('x-ms-throttle-limit-percentage'), null);
  assert.equal((await graph(emu, 'GET', '/applications?$select=id&$top=5', { token })).headers.get('x-ms-resource-unit'), '1');
  assert.equal((await graph(emu, 'GET', `/applications/${id}`, { token })).headers.get('x-ms-resource-unit'), '1');
  assert.equal((await graph(emu, 'GET', '/applications/00000000-0000-0000-0000-00000000dead', { token })).headers.get('x-ms-resource-unit'), '1', 'also on errors');
  const batch = await graph(emu, 'POST', '/$batch', { token, body: { requests: [{ id: '1', method: 'GET', url: '/applications' }, { id: '2', method: 'GET', url: `/applications/${id}` }] } });
  assert.deepEqual(batch.json.responses.map((r: any) => r.headers['x-ms-resource-unit']), ['2', '1'], 'each batch item has its own cost');

  const stats = emu.graphStats();
  assert.equal(stats.requests, 6);
  assert.equal(stats.resourceUnits, 2 + 1 + 1 + 1 + 2 + 1);
  assert.equal(stats.keyCredentialLists, 2, 'lists of applications without $select return keyCredentials');
  assert.equal(stats.throttled.total, 0);
  const endpoint = await request(`${emu.info.authorityHost}/_emulator/stats`);
  assert.equal(endpoint.status, 200);
  assert.equal(endpoint.json.graph.resourceUnits, stats.resourceUnits, 'the endpoint is not charged itself');
  assert.equal(endpoint.json.graph.throttle, null);
  const reset = await request(`${emu.info.authorityHost}/_emulator/stats`, { method: 'DELETE' });
  assert.equal(reset.json.graph.requests, 0);
  assert.equal(emu.graphStats().resourceUnits, 0);
});

test('the budget follows the tenant size unless a limit is given; near it, x-ms-throttle-limit-percentage; past it, 429 with Retry-After that a wait honours', async () => {
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const emu = await testEmulator({ throttle: {}, now: () => clock });
  const tenant = emu.store.defaultTenant;
  assert.ok(tenant.record.users.length < 50);
  assert.deepEqual(emu.info.graphThrottle, { tenantSize: 'S', resourceUnitsPer10s: 3500, writesPer150s: 3000, tenantWritesPer5min: 18000, keyCredentialListsPerMinute: 150 });
  for (let i = tenant.record.users.length; i < 60; i++) tenant.addUser({ userPrincipalName: `u${i}@${tenant.domain}` }, new Date(clock));
  const stats = await request(`${emu.info.authorityHost}/_emulator/stats`);
  assert.equal(stats.json.graph.throttle.tenantSize, 'M', 'a tenant of 60 users is medium');
  assert.equal(stats.json.graph.throttle.resourceUnitsPer10s, 5000);

  const small = await testEmulator({ throttle: { limitPer10s: 10 }, now: () => clock });
  assert.equal(small.info.graphThrottle!.resourceUnitsPer10s, 10);
  const token = await bootstrapToken(small);
  const id = small.store.defaultTenant.record.applications[0]!.id;
  const seen: (string | null)[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await graph(small, 'GET', `/applications/${id}`, { token });
    assert.equal(r.status, 200);
    seen.push(r.headers.get('x-ms-throttle-limit-percentage'));
  }
  assert.deepEqual(seen, [null, null, null, null, null, null, null, '0.8', '0.9', '1.0']);
  const throttled = await graph(small, 'GET', `/applications/${id}`, { token });
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers.get('retry-after'), '1', 'one RU refills in one second at 10 per 10 s');
  assert.equal(throttled.headers.get('x-ms-throttle-information'), 'ResourceUnitLimitExceeded');
  assert.equal(throttled.headers.get('x-ms-throttle-scope'), `Tenant_Application/ReadWrite/${small.info.bootstrap.clientId}/${small.info.tenantId}`);
  assert.equal(throttled.json.error.code, 'TooManyRequests');
  clock += 1000;
  assert.equal((await graph(small, 'GET', `/applications/${id}`, { token })).status, 200, 'after Retry-After it is admitted');
  assert.equal((await graph(small, 'GET', '/applications', { token })).headers.get('retry-after'), '2', 'a 2-RU read waits for 2 RU');
  assert.equal(small.graphStats().throttled.total, 2);
  assert.equal(small.graphStats().throttled.byReason.ResourceUnitLimitExceeded, 2);
});

test('inside a 200 $batch, each inner request is charged and throttled on its own, with its own Retry-After', async () => {
  const clock = Date.parse('2026-12-01T10:00:00Z');
  const emu = await testEmulator({ throttle: { limitPer10s: 5 }, now: () => clock });
  const token = await bootstrapToken(emu);
  const id = emu.store.defaultTenant.record.applications[0]!.id;
  const requests = [
    { id: 'a', method: 'GET', url: '/applications' }, // 2
    { id: 'b', method: 'GET', url: `/applications/${id}` }, // 1
    { id: 'c', method: 'GET', url: '/applications' }, // 2: fits exactly
    { id: 'd', method: 'GET', url: '/applications' }, // 2: throttled, 2 RU to wait for
    { id: 'e', method: 'GET', url: `/applications/${id}/owners` }, // 1: throttled, 1 RU to wait for
  ];
  const res = await graph(emu, 'POST', '/$batch', { token, body: { requests } });
  assert.equal(res.status, 200, res.text);
  const by = Object.fromEntries(res.json.responses.map((r: any) => [r.id, r]));
  assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map((k) => by[k].status), [200, 200, 200, 429, 429]);
  assert.equal(by.d.headers['Retry-After'], '4');
  assert.equal(by.e.headers['Retry-After'], '2');
  assert.equal(by.d.headers['x-ms-throttle-information'], 'ResourceUnitLimitExceeded');
  assert.equal(by.d.body.error.code, 'TooManyRequests');
  assert.equal(emu.graphStats().resourceUnits, 5);
});

test('writes: 3,000 per 150 s per app + tenant (or the given limit) and 18,000 per 5 minutes per tenant; a 429 says WriteLimitExceeded', async () => {
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const emu = await testEmulator({ throttle: { writesPer150s: 2, tenantWritesPer5min: 3 }, now: () => clock });
  const token = await bootstrapToken(emu);
  const id = emu.store.defaultTenant.record.applications[0]!.id;
  const patch = () => graph(emu, 'PATCH', `/applications/${id}`, { token, body: { notes: 'n' } });
  assert.equal((await patch()).status, 204);
  assert.equal((await patch()).status, 204);
  const third = await patch();
  assert.equal(third.status, 429);
  assert.equal(third.headers.get('x-ms-throttle-information'), 'WriteLimitExceeded');
  assert.equal(third.headers.get('x-ms-throttle-scope'), `Tenant_Application/Write/${emu.info.bootstrap.clientId}/${emu.info.tenantId}`);
  assert.equal(third.headers.get('retry-after'), '75', 'one write refills in 150 s / 2');
  assert.equal((await graph(emu, 'GET', `/applications/${id}`, { token })).status, 200, 'reads are not writes');
  clock += 75_000;
  assert.equal((await patch()).status, 204);
  // The tenant's write budget (3 per 5 minutes here) is shared by every app: another app finds it spent.
  const other = await appToken(emu, ['Application.ReadWrite.All']);
  const created = await graph(emu, 'POST', '/applications', { token: other.token, body: { displayName: 'x' } });
  assert.equal(created.status, 429);
  assert.equal(created.headers.get('x-ms-throttle-scope'), `Tenant/Write/${other.clientId}/${emu.info.tenantId}`);
  assert.equal(created.headers.get('retry-after'), '25', 'a quarter of a write is missing at 3 per 300 s');
  assert.equal(emu.graphStats().writes, 3, 'throttled writes did not run');
});

test('listing applications with keyCredentials is capped per tenant per minute; a $select without them is not', async () => {
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const emu = await testEmulator({ throttle: { keyCredentialListsPerMinute: 2 }, now: () => clock });
  const token = await bootstrapToken(emu);
  assert.equal((await graph(emu, 'GET', '/applications?$top=999', { token })).status, 200);
  assert.equal((await graph(emu, 'GET', '/applications?$select=id,keyCredentials', { token })).status, 200);
  const capped = await graph(emu, 'GET', '/applications?$select=displayName,keyCredentials', { token });
  assert.equal(capped.status, 429);
  assert.equal(capped.headers.get('x-ms-throttle-information'), 'KeyCredentialsListLimitExceeded');
  assert.equal(capped.headers.get('retry-after'), '30');
  assert.equal((await graph(emu, 'GET', '/applications', { token })).status, 429, 'no $select: keyCredentials come too');
  for (let i = 0; i < 5; i++) assert.equal((await graph(emu, 'GET', '/applications?$select=id,passwordCredentials', { token })).status, 200);
  assert.equal((await graph(emu, 'GET', '/servicePrincipals', { token })).status, 200, 'the cap is on applications');
  clock += 30_000;
  assert.equal((await graph(emu, 'GET', '/applications', { token })).status, 200);
  assert.equal(emu.graphStats().keyCredentialLists, 3);
});
