// `inventory scan --delta` against the emulator: the first run is a full scan that keeps a 0600 snapshot;
// after Graph writes (an app created, one deleted, a secret added to one and removed from another, an
// owner added) the second run reads only the changes and still gives the whole inventory, equal to the
// emulator's own state; an expired delta link (syncStateNotFound) falls back to a full scan, saying so.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createGraphClient } from '../../../src/entra/graph/client.ts';
import { scanInventoryDelta } from '../../../src/app/inventory/delta-scan.ts';
import type { InventoryRow } from '../../../src/app/inventory/types.ts';
import { testEmulator } from '../../helpers/emulator.ts';
import { bootstrapCredential, testHttp } from '../../helpers/entra-layer.ts';
import { expectedInventory } from '../../helpers/inventory-expected.ts';
import { cleanupCli, tempDir } from '../../helpers/cli.ts';

after(cleanupCli);

type Emu = Awaited<ReturnType<typeof testEmulator>>;

function graphFor(emu: Emu) {
  const http = testHttp();
  return createGraphClient({ http, graphUrl: emu.info.graphBaseUrl, credential: bootstrapCredential(emu, http), scopes: ['https://graph.microsoft.com/.default'] });
}

async function scan(emu: Emu, cacheDir: string) {
  const rows: InventoryRow[] = [];
  const notices: string[] = [];
  const result = await scanInventoryDelta({
    graph: graphFor(emu), tenant: emu.info.tenantId, now: new Date(), filters: {}, signIns: false,
    snapshot: { cacheDir, scope: `local|${emu.info.tenantId}` }, notice: (m) => notices.push(m),
  }, (r) => { rows.push(r); });
  return { rows, notices, ...result };
}

/** The rows equal the emulator's state now: every credential once, with its end and owners. */
function assertComplete(rows: InventoryRow[], emu: Emu) {
  const expected = expectedInventory(emu);
  const keys = rows.map((r) => `${r.objectId}/${r.keyId}`);
  assert.equal(new Set(keys).size, keys.length, 'no row twice');
  assert.deepEqual(keys.sort(), [...expected.keys()].sort());
  for (const r of rows) {
    const e = expected.get(`${r.objectId}/${r.keyId}`)!;
    assert.equal(r.end, e.end);
    assert.deepEqual(r.owners.map((o) => o.userPrincipalName ?? '(not a user)').sort(), e.owners, `owners of ${r.appName}`);
  }
}

test('--delta: a full scan first, then only the changes, and the inventory is whole and current', async () => {
  const emu = await testEmulator({ synthetic: { apps: 1500, credentialsPerApp: 2, seed: 21 } });
  const cacheDir = tempDir('eac-delta-cache-');
  const first = await scan(emu, cacheDir);
  assert.equal(first.mode, 'full');
  assert.match(first.notices.join('\n'), /No earlier --delta scan/);
  assertComplete(first.rows, emu);
  const files = readdirSync(join(cacheDir, 'inventory'));
  assert.ok(files.some((f) => f.endsWith('.ndjson')) && files.some((f) => f.startsWith('snapshot-') && f.endsWith('.json')));
  for (const f of files) assert.equal(statSync(join(cacheDir, 'inventory', f)).mode & 0o777, 0o600, `${f} is 0600`);

  // Changes through Graph, as an admin would make them.
  const graph = graphFor(emu);
  const apps = emu.store.defaultTenant.record.applications.filter((a) => a.passwordCredentials.length > 0);
  const [gone, grown, shrunk, owned] = [apps[10]!, apps[500]!, apps[1200]!, apps[1300]!];
  const created = await graph.api('/applications').post({ displayName: 'Delta New App' });
  await graph.api(`/applications/${created.id}/addPassword`).post({ passwordCredential: { displayName: 'new one' } });
  await graph.api(`/applications/${gone.id}`).delete();
  await graph.api(`/applications/${grown.id}/addPassword`).post({ passwordCredential: { displayName: 'added' } });
  await graph.api(`/applications/${shrunk.id}/removePassword`).post({ keyId: shrunk.passwordCredentials[0]!.keyId });
  const user = emu.store.defaultTenant.record.users.find((u) => !(owned.owners ?? []).includes(u.id))!;
  await graph.api(`/applications/${owned.id}/owners/$ref`).post({ '@odata.id': `${emu.info.graphBaseUrl}/v1.0/directoryObjects/${user.id}` });

  const before = emu.graphStats().requests;
  const second = await scan(emu, cacheDir);
  assert.equal(second.mode, 'delta');
  assert.deepEqual(second.notices, []);
  assertComplete(second.rows, emu);
  assert.ok(second.rows.some((r) => r.appName === 'Delta New App' && r.name === 'new one'), 'the new app is listed');
  assert.ok(!second.rows.some((r) => r.objectId === gone.id), 'the deleted app is gone');
  assert.ok(second.rows.some((r) => r.objectId === grown.id && r.name === 'added'));
  assert.ok(second.rows.find((r) => r.objectId === owned.id)!.owners.some((o) => o.userPrincipalName === user.userPrincipalName), 'the new owner');
  assert.equal(second.summary.apps, emu.store.defaultTenant.record.applications.length);
  assert.ok(emu.graphStats().requests - before < 30, 'a handful of requests, not a rescan');

  // Nothing changed since: the same inventory again, from the second run's links.
  const third = await scan(emu, cacheDir);
  assert.equal(third.mode, 'delta');
  assertComplete(third.rows, emu);
  assert.equal(readdirSync(join(cacheDir, 'inventory')).filter((f) => f.endsWith('.ndjson')).length, 1, 'old snapshots are removed');
});

test('--delta with an expired link: a full scan, said on stderr, and a fresh snapshot', async () => {
  const emu = await testEmulator({ synthetic: { apps: 200, credentialsPerApp: 2, seed: 22 }, deltaTokenLifetimeMs: 1 });
  const cacheDir = tempDir('eac-delta-cache-');
  assert.equal((await scan(emu, cacheDir)).mode, 'full');
  await new Promise((r) => setTimeout(r, 10));
  const graph = graphFor(emu);
  const app = emu.store.defaultTenant.record.applications[5]!;
  await graph.api(`/applications/${app.id}/addPassword`).post({ passwordCredential: { displayName: 'after expiry' } });
  const again = await scan(emu, cacheDir);
  assert.equal(again.mode, 'full');
  assert.match(again.notices.join('\n'), /delta link has expired \(Graph: syncStateNotFound\): a full scan instead/);
  assertComplete(again.rows, emu);
  assert.ok(again.rows.some((r) => r.name === 'after expiry'));
});
