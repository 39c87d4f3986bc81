// The scan use case against the emulator over HTTPS: a 5,000-app tenant with Graph throttling on and faults
// on a fifth of Graph requests (503s, dropped connections, answers slower than the client's timeout) still
// gives every credential exactly once with the right owners (compared with the emulator's own state);
// a scan resumed from a position written after a page continues without losing or doubling a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../src/entra/http.ts';
import { createGraphClient } from '../../../src/entra/graph/client.ts';
import { scanInventory, type ScanPosition } from '../../../src/app/inventory/scan.ts';
import type { InventoryRow } from '../../../src/app/inventory/types.ts';
import { testEmulator } from '../../helpers/emulator.ts';
import { bootstrapCredential, testHttp } from '../../helpers/entra-layer.ts';
import { expectedInventory } from '../../helpers/inventory-expected.ts';

function graphFor(emu: Awaited<ReturnType<typeof testEmulator>>, http: HttpClient) {
  // Tokens come through a client without faults (the faults below are on Graph's paths only anyway).
  return createGraphClient({ http, graphUrl: emu.info.graphBaseUrl, credential: bootstrapCredential(emu, testHttp()), scopes: ['https://graph.microsoft.com/.default'] });
}

function check(rows: InventoryRow[], emu: Awaited<ReturnType<typeof testEmulator>>) {
  const expected = expectedInventory(emu);
  const seen = new Map<string, InventoryRow>();
  for (const r of rows) {
    const key = `${r.objectId}/${r.keyId}`;
    assert.ok(!seen.has(key), `row ${key} written twice`);
    seen.set(key, r);
  }
  assert.deepEqual([...seen.keys()].sort(), [...expected.keys()].sort());
  for (const [key, e] of expected) {
    const r = seen.get(key)!;
    assert.equal(r.end, e.end, key);
    assert.equal(r.objectType, e.objectType);
    assert.deepEqual(r.owners.map((o) => o.userPrincipalName ?? '(not a user)').sort(), e.owners, `owners of ${key}`);
    assert.equal(r.noOwner, e.owners.length === 0);
  }
}

test('5,000 apps, throttling on, faults on 20% of Graph requests: every credential once, owners right', async () => {
  const emu = await testEmulator({
    synthetic: { apps: 5000, credentialsPerApp: 3, seed: 11 },
    throttle: { limitPer10s: 4000 },
    faults: ['* /v1.0/** error=503 rate=0.1', '* /v1.0/** drop rate=0.05', '* /v1.0/** latency=1500 rate=0.05'],
  });
  const http = new HttpClient({ extraCaFiles: [process.env.EAC_TEST_CA!], timeoutMs: 1000 });
  try {
    const rows: InventoryRow[] = [];
    const { summary, pacer } = await scanInventory({ graph: graphFor(emu, http), tenant: emu.info.tenantId, now: new Date(), filters: {}, signIns: false }, (r) => { rows.push(r); });
    check(rows, emu);
    assert.equal(summary.apps, emu.store.defaultTenant.record.applications.length);
    assert.equal(summary.credentials, rows.length);
    assert.equal(Object.values(summary.byStatus).reduce((a, b) => a + b, 0), rows.length);
    assert.ok(pacer.resourceUnits > 250, 'Graph reported the resource units spent');
  } finally {
    http.close();
  }
});

test('a scan resumed from the position saved after a page writes the rest: no row lost or doubled', async () => {
  const emu = await testEmulator({ synthetic: { apps: 2200, credentialsPerApp: 2, seed: 3 } });
  const http = testHttp();
  const graph = graphFor(emu, http);
  const rows: InventoryRow[] = [];
  let saved: ScanPosition | undefined;
  let savedRows = 0;
  const stop = new Error('interrupted');
  await assert.rejects(scanInventory({
    graph, tenant: emu.info.tenantId, now: new Date(), filters: {}, signIns: false,
    onPage: (p) => { saved = structuredClone(p); savedRows = rows.length; },
  }, (r) => {
    // Interrupted in the middle of the second page: its rows so far are what a killed run left behind.
    if (saved && rows.length > savedRows + 100) throw stop;
    rows.push(r);
  }), stop);
  assert.ok(saved?.nextUrl, 'a page was completed');
  rows.length = savedRows; // the caller cuts back to the checkpoint (the CLI truncates the file)
  const { summary } = await scanInventory({ graph, tenant: emu.info.tenantId, now: new Date(), filters: {}, signIns: false, resume: JSON.parse(JSON.stringify(saved)) }, (r) => { rows.push(r); });
  check(rows, emu);
  assert.equal(summary.credentials, rows.length, 'the summary carried over the checkpoint counts every row once');
});

test('filters before owners: --app by name and --status leave only matching rows, and --owner by UPN', async () => {
  const emu = await testEmulator({ synthetic: { apps: 200, credentialsPerApp: 3, seed: 4 } });
  const graph = graphFor(emu, testHttp());
  const now = new Date();
  const scan = async (filters: Parameters<typeof scanInventory>[0]['filters']) => {
    const rows: InventoryRow[] = [];
    await scanInventory({ graph, tenant: emu.info.tenantId, now, filters, signIns: false }, (r) => { rows.push(r); });
    return rows;
  };
  const expired = await scan({ statuses: new Set(['expired']) });
  assert.ok(expired.length > 0 && expired.every((r) => r.status === 'expired'));
  const all = await scan({});
  assert.equal(expired.length, all.filter((r) => r.status === 'expired').length);
  const within30 = await scan({ expiringWithinDays: 30 });
  assert.deepEqual(within30.map((r) => r.keyId).sort(), all.filter((r) => r.daysLeft !== null && r.daysLeft <= 30).map((r) => r.keyId).sort());
  const one = all.find((r) => r.objectType === 'application')!;
  const byApp = await scan({ app: one.appId });
  assert.deepEqual(byApp.map((r) => r.keyId).sort(), all.filter((r) => r.appId === one.appId).map((r) => r.keyId).sort());
  const upn = all.find((r) => r.owners[0]?.userPrincipalName)!.owners[0]!.userPrincipalName!;
  const byOwner = await scan({ owner: upn.toUpperCase() });
  assert.ok(byOwner.length > 0);
  assert.deepEqual(byOwner.map((r) => r.keyId).sort(), all.filter((r) => r.owners.some((o) => o.userPrincipalName === upn)).map((r) => r.keyId).sort());
});
