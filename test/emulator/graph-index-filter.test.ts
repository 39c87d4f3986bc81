// $filter on appId / id answers from the tenant's index, with exactly the results a full scan gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator } from '../helpers/emulator.ts';
import { bootstrapToken, graph } from '../helpers/graph.ts';

test('appId eq, appId in and id eq find the right objects (and nothing for unknown ids)', async () => {
  const emu = await testEmulator({ synthetic: { apps: 2000, seed: 3 } });
  const token = await bootstrapToken(emu);
  const apps = emu.store.defaultTenant.record.applications;
  const [a, b] = [apps[700]!, apps[1500]!];
  const q = async (path: string) => {
    const res = await graph(emu, 'GET', path, { token });
    assert.equal(res.status, 200, res.text);
    return res.json.value as { id: string; appId: string }[];
  };
  assert.deepEqual((await q(`/applications?$filter=appId eq '${a.appId.toUpperCase()}'&$select=id,appId`)).map((x) => x.id), [a.id]);
  assert.deepEqual((await q(`/applications?$filter=appId in ('${a.appId}','${b.appId}')&$select=id`)).map((x) => x.id).sort(), [a.id, b.id].sort());
  assert.deepEqual((await q(`/applications?$filter=id eq '${b.id}'&$select=id`)).map((x) => x.id), [b.id]);
  assert.deepEqual(await q(`/applications?$filter=appId eq '00000000-1111-2222-3333-444444444444'`), []);
  const sp = emu.store.defaultTenant.servicePrincipalByAppId(a.appId)!;
  assert.deepEqual((await q(`/servicePrincipals?$filter=appId eq '${a.appId}'&$select=id`)).map((x) => x.id), [sp.id]);
  // A compound filter is not narrowed by the index but still answers right.
  assert.deepEqual((await q(`/applications?$filter=appId eq '${a.appId}' and displayName eq '${a.displayName.replace(/'/g, "''")}'&$select=id`)).map((x) => x.id), [a.id]);
});
