// Proves Graph's delta queries on the emulator: /applications/delta and /servicePrincipals/delta page with
// nextLink and end with a deltaLink; the next round returns only what changed (selected properties) and what
// was removed (@removed); $deltatoken=latest; $filter=id eq only; expired tokens give syncStateNotFound and a
// full sync starts over; tokens survive a restart; Microsoft's Graph client follows the links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { testEmulator } from '../helpers/emulator.ts';
import { appToken, assertGraphError, bootstrapToken, graph, makeApp } from '../helpers/graph.ts';
import { graphSdkClient } from '../helpers/graph-sdk.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

/** Follows a delta round from `path` (or an absolute link) to its deltaLink; returns every page's items. */
async function round(emu: RunningEmulator, token: string, start: string, headers: Record<string, string> = {}): Promise<{ pages: any[][]; deltaLink: string }> {
  const pages: any[][] = [];
  let url = start;
  for (let n = 0; n < 1000; n++) {
    const res = await graph(emu, 'GET', url.startsWith('https://') ? url.slice(`${emu.info.graphBaseUrl}/v1.0`.length) : url, { token, headers });
    assert.equal(res.status, 200, res.text);
    assert.ok(!(res.json['@odata.nextLink'] && res.json['@odata.deltaLink']), 'never both links');
    pages.push(res.json.value);
    if (res.json['@odata.deltaLink']) return { pages, deltaLink: res.json['@odata.deltaLink'] };
    url = res.json['@odata.nextLink'];
    assert.ok(url, 'a page has a nextLink or a deltaLink');
  }
  throw new Error('the round did not end');
}

test('a full round pages by 100 (or Prefer: odata.maxpagesize) and sees every application once, with the selected properties and id', async () => {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  for (let i = 0; i < 230; i++) tenant.addApplication({ displayName: `Delta ${i}`, withServicePrincipal: false }, new Date());
  const token = await bootstrapToken(emu);
  const all = tenant.record.applications.map((a) => a.id).sort();

  const first = await graph(emu, 'GET', '/applications/delta?$select=displayName', { token });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#applications(displayName)`);
  assert.match(first.json['@odata.nextLink'], new RegExp(`^${emu.info.graphBaseUrl}/v1.0/applications/delta\\?\\$skiptoken=[\\w-]+$`));
  assert.deepEqual(Object.keys(first.json.value[0]).sort(), ['displayName', 'id']);

  const { pages, deltaLink } = await round(emu, token, '/applications/delta?$select=displayName');
  assert.deepEqual(pages.map((p) => p.length), [100, 100, all.length - 200]);
  assert.deepEqual(pages.flat().map((a) => a.id).sort(), all);
  assert.match(deltaLink, /\/v1\.0\/applications\/delta\?\$deltatoken=[\w-]+$/);

  const sized = await round(emu, token, '/applications/delta?$select=id', { prefer: 'odata.maxpagesize=999' });
  assert.deepEqual(sized.pages.map((p) => p.length), [all.length]);
});

test('the next round returns what changed since, with the selected properties, and what was removed; then nothing', async () => {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const token = await bootstrapToken(emu);
  const [a, b, c] = ['Changes A', 'Changes B', 'Changes C'].map((displayName) => tenant.addApplication({ displayName }, new Date()));
  const full = await round(emu, token, '/applications/delta?$select=displayName,passwordCredentials');
  const spRound = await round(emu, token, '/servicePrincipals/delta?$select=appId');

  assert.equal((await graph(emu, 'PATCH', `/applications/${a!.app.id}`, { token, body: { displayName: 'Changes A renamed' } })).status, 204);
  const added = await graph(emu, 'POST', `/applications(appId='${b!.app.appId}')/addPassword`, { token, body: { passwordCredential: { displayName: 'new' } } });
  assert.equal(added.status, 200, added.text);
  assert.equal((await graph(emu, 'DELETE', `/applications/${c!.app.id}`, { token })).status, 204);
  const created = await graph(emu, 'POST', '/applications', { token, body: { displayName: 'Changes D' } });
  assert.equal(created.status, 201);

  const next = await round(emu, token, full.deltaLink);
  const items = next.pages.flat();
  const byId = Object.fromEntries(items.map((x) => [x.id, x]));
  assert.deepEqual(Object.keys(byId).sort(), [a!.app.id, b!.app.id, c!.app.id, created.json.id].sort());
  assert.deepEqual(byId[a!.app.id], { id: a!.app.id, displayName: 'Changes A renamed', passwordCredentials: [] });
  assert.deepEqual(byId[b!.app.id].passwordCredentials.map((p: any) => [p.displayName, p.keyId, p.secretText]), [['new', added.json.keyId, null]]);
  assert.deepEqual(byId[c!.app.id], { '@odata.type': '#microsoft.graph.application', id: c!.app.id, '@removed': { reason: 'changed' } });
  assert.equal(byId[created.json.id].displayName, 'Changes D');

  const quiet = await round(emu, token, next.deltaLink);
  assert.deepEqual(quiet.pages, [[]], 'no changes: one empty page with a deltaLink');

  // The deleted app's service principal is removed from the service principals' delta too.
  const spNext = await round(emu, token, spRound.deltaLink);
  assert.deepEqual(spNext.pages.flat(), [{ '@odata.type': '#microsoft.graph.servicePrincipal', id: c!.sp.id, '@removed': { reason: 'changed' } }]);
});

test('$deltatoken=latest gives just a deltaLink; beta too; only $select and $filter=id eq are accepted', async () => {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const token = await bootstrapToken(emu);
  const latest = await graph(emu, 'GET', '/servicePrincipals/delta?$deltatoken=latest&$select=displayName,accountEnabled', { token, version: 'beta' });
  assert.equal(latest.status, 200, latest.text);
  assert.deepEqual(latest.json.value, []);
  assert.equal(latest.json['@odata.nextLink'], undefined);
  assert.match(latest.json['@odata.deltaLink'], /\/beta\/servicePrincipals\/delta\?\$deltatoken=/);
  const sp = tenant.record.servicePrincipals.find((s) => s.appOwnerOrganizationId === tenant.id)!;
  assert.equal((await graph(emu, 'PATCH', `/servicePrincipals/${sp.id}`, { token, body: { accountEnabled: false } })).status, 204);
  const changed = await graph(emu, 'GET', latest.json['@odata.deltaLink'].slice(`${emu.info.graphBaseUrl}/beta`.length), { token, version: 'beta' });
  assert.deepEqual(changed.json.value, [{ id: sp.id, displayName: sp.displayName, accountEnabled: false }]);

  const [x, y] = tenant.record.applications;
  const filtered = await graph(emu, 'GET', `/applications/delta?$filter=${encodeURIComponent(`id eq '${x!.id}' or id eq '${y!.id}'`)}&$select=id`, { token });
  assert.equal(filtered.status, 200, filtered.text);
  assert.deepEqual(filtered.json.value.map((v: any) => v.id).sort(), [x!.id, y!.id].sort());
  assert.ok(filtered.json['@odata.deltaLink']);

  for (const bad of [`$filter=${encodeURIComponent("displayName eq 'x'")}`, `$filter=${encodeURIComponent("startswith(id,'a')")}`, '$top=5', '$orderby=displayName', '$expand=owners']) {
    assertGraphError(await graph(emu, 'GET', `/applications/delta?${bad}`, { token }), 400, 'Request_UnsupportedQuery');
  }
  assertGraphError(await graph(emu, 'GET', '/applications/delta?$select=nope', { token }), 400, 'Request_BadRequest', /nope/);
  assertGraphError(await graph(emu, 'GET', '/applications/delta?$deltatoken=garbage', { token }), 400, 'Request_BadRequest');
  const appsLink = new URL(latest.json['@odata.deltaLink']).searchParams.get('$deltatoken');
  assertGraphError(await graph(emu, 'GET', `/applications/delta?$deltatoken=${appsLink}`, { token }), 400, 'Request_BadRequest', /does not belong to applications/);
  assertGraphError(await graph(emu, 'GET', '/applications/delta', { token: (await appToken(emu, [])).token }), 403, 'Authorization_RequestDenied');
});

test('a delta token past its lifetime gives 400 syncStateNotFound, and a full round starts over', async () => {
  let clock = Date.now();
  const emu = await testEmulator({ deltaTokenLifetimeMs: 60_000, now: () => clock });
  const token = await bootstrapToken(emu);
  const first = await round(emu, token, '/applications/delta?$select=displayName');
  clock += 59_000;
  const fresh = await round(emu, token, first.deltaLink);
  assert.deepEqual(fresh.pages, [[]], 'within its lifetime the link works');
  clock += 2_000;
  const stale = await graph(emu, 'GET', first.deltaLink.slice(`${emu.info.graphBaseUrl}/v1.0`.length), { token });
  assertGraphError(stale, 400, 'syncStateNotFound', /delta token is expired/);
  const resync = await round(emu, token, '/applications/delta?$select=displayName');
  assert.equal(resync.pages.flat().length, emu.store.defaultTenant.record.applications.length, 'a full sync again');
  // The link from the second round is two seconds old: still good.
  assert.equal((await graph(emu, 'GET', fresh.deltaLink.slice(`${emu.info.graphBaseUrl}/v1.0`.length), { token })).status, 200);
});

test('delta links survive a restart of the emulator with its state dir; a rebuilt tenant refuses them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eac-delta-'));
  const caDir = dirname(process.env.EAC_TEST_CA!); // the CA the test runner trusts, not one in the state dir
  try {
    const emu1 = await testEmulator({ stateDir: dir, caDir });
    const token1 = await bootstrapToken(emu1);
    const { deltaLink } = await round(emu1, token1, '/applications/delta?$select=displayName');
    const target = emu1.store.defaultTenant.record.applications[0]!;
    await emu1.stop();

    const emu2 = await testEmulator({ stateDir: dir, caDir });
    assert.equal(emu2.restoredFromState, true);
    const token2 = await bootstrapToken(emu2);
    assert.equal((await graph(emu2, 'PATCH', `/applications/${target.id}`, { token: token2, body: { displayName: 'After restart' } })).status, 204);
    const path = deltaLink.slice(deltaLink.indexOf('/applications/delta'));
    const next = await graph(emu2, 'GET', path, { token: token2 });
    assert.equal(next.status, 200, next.text);
    assert.deepEqual(next.json.value, [{ id: target.id, displayName: 'After restart' }]);
    await emu2.stop();

    const emu3 = await testEmulator({ stateDir: dir, caDir, reset: true });
    assertGraphError(await graph(emu3, 'GET', path, { token: await bootstrapToken(emu3) }), 400, 'syncStateNotFound');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Microsoft's Graph client follows a delta round with PageIterator and keeps the deltaLink", async () => {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  for (let i = 0; i < 120; i++) tenant.addApplication({ displayName: `SDK Delta ${i}`, withServicePrincipal: false }, new Date());
  const daemon = makeApp(emu, 'Delta Daemon', ['Application.Read.All']);
  const client = graphSdkClient(emu, daemon.clientId, daemon.secret);
  const seen: string[] = [];
  const first: PageCollection = await client.api('/applications/delta').select('id,displayName').get();
  const it = new PageIterator(client, first, (a: { id: string }) => { seen.push(a.id); return true; });
  await it.iterate();
  assert.equal(seen.length, tenant.record.applications.length);
  assert.equal(new Set(seen).size, seen.length);
  const deltaLink = it.getDeltaLink();
  assert.ok(deltaLink, 'the iterator kept the deltaLink');
  tenant.record.applications[5]!.displayName = 'Renamed directly';
  tenant.changes.touch(tenant.record.applications[5]!);
  const changes = await client.api(deltaLink).get();
  assert.deepEqual(changes.value, [{ id: tenant.record.applications[5]!.id, displayName: 'Renamed directly' }]);
});
