// Proves the URL forms real clients send: /myorganization/… and /{tenant id or domain}/… prefixes (direct and in $batch), (appId='…') and (uniqueName='…') keys with the uniqueName upsert, and $count (/$count as text/plain, $count=true on the first page only) and $search with ConsistencyLevel: eventual on every directory collection, failing as Graph does without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator } from '../helpers/emulator.ts';
import { assertGraphError, bootstrapToken, graph, makeApp } from '../helpers/graph.ts';

const EVENTUAL = { consistencylevel: 'eventual' };

test('/myorganization, /{tenant id} and /{domain} prefixes are aliases, also inside $batch; another tenant is not', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const target = makeApp(emu, 'Prefixed App', []);
  for (const prefix of ['/myorganization', `/${emu.info.tenantId}`, `/${emu.info.tenantDomain.toUpperCase()}`]) {
    const res = await graph(emu, 'GET', `${prefix}/applications/${target.app.id}?$select=displayName`, { token });
    assert.equal(res.status, 200, `${prefix}: ${res.text}`);
    assert.equal(res.json.displayName, 'Prefixed App');
    const byAppId = await graph(emu, 'GET', `${prefix}/servicePrincipals(appId='${target.clientId}')`, { token, version: 'beta' });
    assert.equal(byAppId.json.id, target.sp.id, prefix);
  }
  assertGraphError(await graph(emu, 'GET', '/00000000-1111-2222-3333-444444444444/applications', { token }), 400, 'BadRequest');
  const batch = await graph(emu, 'POST', '/myorganization/$batch', { token, body: { requests: [
    { id: '1', method: 'GET', url: `/myorganization/applications(appId='${target.clientId}')?$select=id` },
    { id: '2', method: 'GET', url: `/${emu.info.tenantId}/applications/${target.app.id}/owners` },
  ] } });
  assert.equal(batch.status, 200, batch.text);
  const byId = Object.fromEntries(batch.json.responses.map((r: any) => [r.id, r]));
  assert.equal(byId['1'].status, 200, JSON.stringify(byId['1']));
  assert.equal(byId['1'].body.id, target.app.id);
  assert.equal(byId['2'].status, 200, JSON.stringify(byId['2']));
});

test("(uniqueName='…'): PATCH with Prefer: create-if-missing creates (201), then updates (204); GET and DELETE by it", async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const path = "/applications(uniqueName='ci-app-01')";
  assertGraphError(await graph(emu, 'PATCH', path, { token, body: { displayName: 'CI App' } }), 404, 'Request_ResourceNotFound');
  const created = await graph(emu, 'PATCH', path, { token, body: { displayName: 'CI App' }, headers: { prefer: 'create-if-missing' } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.uniqueName, 'ci-app-01');
  assert.equal((await graph(emu, 'PATCH', path, { token, body: { notes: 'second run' }, headers: { prefer: 'create-if-missing' } })).status, 204);
  const got = await graph(emu, 'GET', path, { token });
  assert.equal(got.json.id, created.json.id);
  assert.equal(got.json.notes, 'second run');
  assert.equal((await graph(emu, 'DELETE', path, { token })).status, 204);
});

test('$count and $search with ConsistencyLevel: eventual on every directory collection; without it, 400 Request_UnsupportedQuery', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const tenant = emu.store.defaultTenant;
  const target = makeApp(emu, 'Counted App', []);
  const ownerUsers = [tenant.record.users[0]!, tenant.record.users[1]!];
  target.app.owners = [...ownerUsers.map((u) => u.id), emu.store.defaultTenant.servicePrincipalByAppId(emu.info.bootstrap.clientId)!.id];
  const deleted = makeApp(emu, 'Counted Deleted', []);
  assert.equal((await graph(emu, 'DELETE', `/applications/${deleted.app.id}`, { token })).status, 204);

  const counts: Record<string, number> = {
    '/servicePrincipals/$count': tenant.record.servicePrincipals.length,
    '/users/$count': tenant.record.users.length,
    [`/applications/${target.app.id}/owners/$count`]: 3,
    '/directory/deletedItems/microsoft.graph.application/$count': 1,
    '/directory/deletedItems/microsoft.graph.servicePrincipal/$count': 1,
    '/applications/$count': tenant.record.applications.length,
  };
  for (const [path, n] of Object.entries(counts)) {
    const res = await graph(emu, 'GET', path, { token, headers: EVENTUAL });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(res.text, String(n), path);
    assertGraphError(await graph(emu, 'GET', path, { token }), 400, 'Request_UnsupportedQuery');
  }
  const filtered = await graph(emu, 'GET', `/users/$count?$filter=${encodeURIComponent("startswith(userPrincipalName,'admin')")}`, { token, headers: EVENTUAL });
  assert.equal(filtered.text, '1');

  const owners = `/applications/${target.app.id}/owners`;
  const first = await graph(emu, 'GET', `${owners}?$count=true&$top=2`, { token, headers: EVENTUAL });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json['@odata.count'], 3);
  assert.equal(first.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#directoryObjects`);
  const next = first.json['@odata.nextLink'] as string;
  assert.ok(next && !/\$count/.test(next), `the count is not carried into the nextLink: ${next}`);
  const second = (await fetch(next, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())) as Record<string, any>;
  assert.equal(second.value.length, 1);
  assert.ok(!('@odata.count' in second), 'first page only');
  assertGraphError(await graph(emu, 'GET', `${owners}?$count=true`, { token }), 400, 'Request_UnsupportedQuery');

  const upn = tenant.record.users[0]!.displayName.split(' ')[0]!;
  const search = `${owners}?$search=${encodeURIComponent(`"displayName:${upn}"`)}`;
  assertGraphError(await graph(emu, 'GET', search, { token }), 400, 'Request_UnsupportedQuery');
  const found = await graph(emu, 'GET', search, { token, headers: EVENTUAL });
  assert.equal(found.status, 200, found.text);
  assert.ok(found.json.value.some((o: any) => o.id === tenant.record.users[0]!.id));
  for (const coll of ['/servicePrincipals', '/users', '/directory/deletedItems/microsoft.graph.application']) {
    assertGraphError(await graph(emu, 'GET', `${coll}?$search=${encodeURIComponent('"displayName:a"')}`, { token }), 400, 'Request_UnsupportedQuery');
    assert.equal((await graph(emu, 'GET', `${coll}?$search=${encodeURIComponent('"displayName:a"')}&$count=true`, { token, headers: EVENTUAL })).status, 200, coll);
  }
});
