// Proves $expand=owners on applications and service principals as Graph limits it: owners expanded with
// their @odata.type, at most 20 per item, pages cut to 100 even with $top=999 (the nextLink keeps $expand),
// no nested query options, unknown or unsupported navigation properties refused; $count with
// ConsistencyLevel alongside; a service principal's own owners; and Microsoft's Graph client reading it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator } from '../helpers/emulator.ts';
import { assertGraphError, bootstrapToken, graph, makeApp } from '../helpers/graph.ts';
import { graphSdkClient } from '../helpers/graph-sdk.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const rel = (emu: RunningEmulator, link: string) => link.slice(`${emu.info.graphBaseUrl}/v1.0`.length);

async function tenantWithOwners() {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const now = new Date();
  const users = Array.from({ length: 25 }, (_, i) => tenant.addUser({ userPrincipalName: `owner${i}@${tenant.domain}`, displayName: `Owner ${i}` }, now));
  for (let i = 0; i < 230; i++) tenant.addApplication({ displayName: `Owned ${i}`, owners: [users[i % 25]!.id], withServicePrincipal: false }, now);
  const many = tenant.addApplication({ displayName: 'Many Owners', owners: users.map((u) => u.id) }, now);
  many.sp.owners = [users[0]!.id, users[1]!.id];
  return { emu, tenant, users, many, token: await bootstrapToken(emu) };
}

test('lists with $expand=owners: owners inline with @odata.type, at most 20 per item, 100 a page even with $top=999', async () => {
  const { emu, tenant, users, many, token } = await tenantWithOwners();
  const first = await graph(emu, 'GET', '/applications?$expand=owners&$select=id,displayName&$top=999', { token });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.headers.get('x-ms-resource-unit'), '2', 'applications 2, $select -1, $expand +1');
  assert.equal(first.json.value.length, 100);
  const owned0 = first.json.value.find((a: any) => a.displayName === 'Owned 0');
  assert.deepEqual(Object.keys(owned0).sort(), ['displayName', 'id', 'owners']);
  assert.equal(owned0.owners.length, 1);
  assert.equal(owned0.owners[0]['@odata.type'], '#microsoft.graph.user');
  assert.equal(owned0.owners[0].userPrincipalName, users[0]!.userPrincipalName);
  assert.equal(owned0.owners[0].displayName, 'Owner 0');
  assert.equal(first.json.value.some((a: any) => 'owners@odata.nextLink' in a), false, 'no nextLink inside an expansion');
  const next = new URL(first.json['@odata.nextLink']);
  assert.equal(next.searchParams.get('$expand'), 'owners');

  let all = [...first.json.value];
  for (let link: string | undefined = first.json['@odata.nextLink']; link;) {
    const page = await graph(emu, 'GET', rel(emu, link), { token });
    assert.equal(page.status, 200, page.text);
    assert.ok(page.json.value.length <= 100);
    all = all.concat(page.json.value);
    link = page.json['@odata.nextLink'];
  }
  assert.equal(all.length, tenant.record.applications.length);
  const manyJson = all.find((a) => a.id === many.app.id);
  assert.equal(manyJson.owners.length, 20, '25 owners, 20 expanded');
  assert.deepEqual(manyJson.owners.map((o: any) => o.id), users.slice(0, 20).map((u) => u.id));

  const counted = await graph(emu, 'GET', '/applications?$expand=owners&$count=true&$select=id', { token, headers: { consistencylevel: 'eventual' } });
  assert.equal(counted.status, 200, counted.text);
  assert.equal(counted.json['@odata.count'], tenant.record.applications.length);
  assert.equal(counted.json.value.length, 100);
  const noExpand = await graph(emu, 'GET', '/applications?$select=id&$top=999', { token });
  assert.equal(noExpand.json.value.length, tenant.record.applications.length, 'without $expand, $top=999 holds');
});

test('single gets with $expand=owners; a service principal has its own owners; limits and bad expansions are 400s', async () => {
  const { emu, users, many, token } = await tenantWithOwners();
  const app = await graph(emu, 'GET', `/applications/${many.app.id}?$select=displayName&$expand=owners`, { token });
  assert.equal(app.status, 200, app.text);
  assert.deepEqual(Object.keys(app.json).sort(), ['@odata.context', 'displayName', 'owners']);
  assert.equal(app.json.owners.length, 20);
  const byAppId = await graph(emu, 'GET', `/applications(appId='${many.app.appId}')?$expand=owners`, { token });
  assert.equal(byAppId.json.owners.length, 20);
  assert.equal(byAppId.json.displayName, 'Many Owners');

  const sp = await graph(emu, 'GET', `/servicePrincipals/${many.sp.id}?$expand=owners&$select=id`, { token });
  assert.equal(sp.status, 200, sp.text);
  assert.deepEqual(sp.json.owners.map((o: any) => o.id), [users[0]!.id, users[1]!.id]);
  const spOwners = await graph(emu, 'GET', `/servicePrincipals/${many.sp.id}/owners`, { token });
  assert.equal(spOwners.status, 200, spOwners.text);
  assert.deepEqual(spOwners.json.value.map((o: any) => o.userPrincipalName), [users[0]!.userPrincipalName, users[1]!.userPrincipalName]);
  const spList = await graph(emu, 'GET', `/servicePrincipals?$expand=owners&$filter=${encodeURIComponent(`appId eq '${many.app.appId}'`)}`, { token });
  assert.equal(spList.json.value[0].owners.length, 2);

  for (const bad of ['owners($select=id)', 'owners($filter=id eq 1)']) {
    assertGraphError(await graph(emu, 'GET', `/applications?$expand=${encodeURIComponent(bad)}`, { token }), 400, 'Request_UnsupportedQuery', /inside \$expand/);
  }
  assertGraphError(await graph(emu, 'GET', '/applications?$expand=appManagementPolicies', { token }), 400, 'Request_UnsupportedQuery');
  assertGraphError(await graph(emu, 'GET', `/applications/${many.app.id}?$expand=bogus`, { token }), 400, 'Request_BadRequest', /bogus/);
  assertGraphError(await graph(emu, 'GET', '/servicePrincipals?$expand=owners,owners', { token }), 400, 'Request_BadRequest');
});

test("Microsoft's Graph client reads owners expanded, 100 to a page", async () => {
  const { emu } = await tenantWithOwners();
  const daemon = makeApp(emu, 'Expand Daemon', ['Application.Read.All']);
  const client = graphSdkClient(emu, daemon.clientId, daemon.secret);
  const page = await client.api('/applications').expand('owners').select('id,displayName').top(999).get();
  assert.equal(page.value.length, 100);
  assert.ok(page['@odata.nextLink']);
  const owned = page.value.find((a: any) => a.displayName === 'Owned 3');
  assert.equal(owned.owners[0].displayName, 'Owner 3');
});
