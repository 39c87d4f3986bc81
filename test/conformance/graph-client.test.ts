// Proves unmodified @microsoft/microsoft-graph-client (with @azure/identity's ClientSecretCredential) works against the emulator: calls and GraphError, PageIterator over several pages, JSON batching, and RetryHandler riding out a real 429.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchRequestContent, BatchResponseContent, GraphError, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { testEmulator, request } from '../helpers/emulator.ts';
import { ClientSecretCredential } from '@azure/identity';
import { clientCredentialsToken, makeApp, GRAPH_DEFAULT } from '../helpers/graph.ts';
import { graphSdkClient } from '../helpers/graph-sdk.ts';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.ts';

async function setup(opts: EmulatorOptions = {}) {
  const log: string[] = [];
  const emu = await testEmulator({ ...opts, log: (line) => log.push(line) });
  const daemon = makeApp(emu, 'Graph SDK Daemon', ['Application.ReadWrite.All']);
  const client = graphSdkClient(emu, daemon.clientId, daemon.secret);
  return { emu, daemon, client, log };
}

const ordersId = (emu: RunningEmulator) => emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders API')!.id;

test('api().get/post and GraphError: the SDK authenticates with the credential and reads Graph errors', async () => {
  const { emu, client } = await setup();
  const app = await client.api(`/applications/${ordersId(emu)}`).select('id,displayName').get();
  assert.equal(app.displayName, 'Contoso Orders API');
  assert.equal(app['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#applications(id,displayName)/$entity`);

  const created = await client.api('/applications').post({ displayName: 'Made With SDK' });
  assert.ok(created.id);
  const secret = await client.api(`/applications/${created.id}/addPassword`).post({ passwordCredential: { displayName: 'sdk' } });
  assert.equal(secret.hint, secret.secretText.slice(0, 3));
  await client.api(`/applications/${created.id}`).patch({ notes: 'patched by SDK' });
  assert.equal((await client.api(`/applications/${created.id}`).get()).notes, 'patched by SDK');

  const err = await client.api('/applications/6a1b6f1e-0000-4000-8000-000000000000').get().then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof GraphError, `expected a GraphError, got ${String(err)}`);
  assert.equal(err.statusCode, 404);
  assert.equal(err.code, 'Request_ResourceNotFound');
  assert.match(err.message, /does not exist/);
  assert.match(err.requestId ?? '', /^[0-9a-f-]{36}$/);
  assert.ok(err.date instanceof Date && !Number.isNaN(err.date.getTime()));

  const count = await client.api('/applications/$count').header('ConsistencyLevel', 'eventual').get();
  assert.equal(Number(count), emu.store.defaultTenant.record.applications.length);
});

test('PageIterator follows @odata.nextLink across several pages and sees every item once', async () => {
  const { emu, client, log } = await setup();
  const tenant = emu.store.defaultTenant;
  for (let i = 0; i < 25; i++) tenant.addApplication({ displayName: `Paged App ${String(i).padStart(2, '0')}`, withServicePrincipal: false }, new Date());
  const pageLines = () => log.filter((l) => l.startsWith('GET /v1.0/applications 200')).length;
  const before = pageLines();
  const first: PageCollection = await client.api('/applications').filter("startswith(displayName,'Paged App')").select('id,displayName').top(7).get();
  assert.equal(first.value.length, 7);
  assert.ok(first['@odata.nextLink']);
  const seen: string[] = [];
  const iterator = new PageIterator(client, first, (item: { displayName: string }) => { seen.push(item.displayName); return true; });
  await iterator.iterate();
  assert.ok(iterator.isComplete());
  // The server logs a request when its response has finished, which can trail the client by a moment.
  for (let i = 0; i < 20 && pageLines() - before < 4; i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(pageLines() - before, 4, 'four pages in all (7+7+7+4)');
  assert.equal(seen.length, 25);
  assert.deepEqual([...seen].sort(), Array.from({ length: 25 }, (_, i) => `Paged App ${String(i).padStart(2, '0')}`));
});

test('BatchRequestContent + BatchResponseContent: statuses per step, bodies, dependsOn failure → 424', async () => {
  const { emu, client } = await setup();
  const base = emu.info.graphBaseUrl; // the SDK strips scheme and host: these become "/applications/..."
  const batch = new BatchRequestContent([
    { id: '1', request: new Request(`${base}/applications/${ordersId(emu)}?$select=displayName`, { method: 'GET' }) },
    { id: '2', request: new Request(`${base}/applications`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ displayName: 'SDK Batch App' }) }) },
    { id: '3', request: new Request(`${base}/applications/6a1b6f1e-0000-4000-8000-000000000000`, { method: 'GET' }) },
  ]);
  const raw = await client.api('/$batch').post(await batch.getContent());
  const responses = new BatchResponseContent(raw);
  const r1 = responses.getResponseById('1');
  assert.equal(r1.status, 200);
  assert.equal(((await r1.json()) as { displayName: string }).displayName, 'Contoso Orders API');
  const r2 = responses.getResponseById('2');
  assert.equal(r2.status, 201);
  const made = (await r2.json()) as { id: string; displayName: string };
  assert.equal(made.displayName, 'SDK Batch App');
  assert.ok(emu.store.defaultTenant.applicationById(made.id), 'the batched POST created the app');
  const r3 = responses.getResponseById('3');
  assert.equal(r3.status, 404);
  assert.equal(((await r3.json()) as { error: { code: string } }).error.code, 'Request_ResourceNotFound');
  assert.equal(responses.getResponses().size, 3);

  // The SDK allows "serial" dependencies: step b runs only if step a succeeded.
  const serial = new BatchRequestContent([
    { id: 'a', request: new Request(`${base}/applications/6a1b6f1e-0000-4000-8000-000000000000`, { method: 'DELETE' }) },
    { id: 'b', request: new Request(`${base}/organization`, { method: 'GET' }), dependsOn: ['a'] },
  ]);
  const chained = new BatchResponseContent(await client.api('/$batch').post(await serial.getContent()));
  assert.equal(chained.getResponseById('a').status, 404);
  assert.equal(chained.getResponseById('b').status, 424);
});

test('RetryHandler retries a 429 after Retry-After and the call succeeds', async () => {
  // 20 RU per 10 s refills 2 RU a second: single reads (1 RU) drain it, then a list read (2 RU) must wait ~1 s.
  const { emu, daemon, client, log } = await setup({ throttle: { limitPer10s: 20 } });
  const id = ordersId(emu);
  await client.api(`/applications/${id}`).get(); // warms the credential's token cache
  const token = await clientCredentialsToken(emu, daemon.clientId, daemon.secret);
  let drained = false;
  for (let i = 0; i < 60 && !drained; i++) {
    drained = (await request(`${emu.info.graphBaseUrl}/v1.0/applications/${id}`, { headers: { authorization: `Bearer ${token}` } })).status === 429;
  }
  assert.ok(drained, 'the budget ran out');

  const started = Date.now();
  const page = await client.api('/applications').top(1).get();
  const elapsed = Date.now() - started;
  assert.equal(page.value.length, 1);
  // The server logs a request once its response has finished, which can trail the client by a moment.
  const statuses = () => log.filter((l) => l.startsWith('GET /v1.0/applications ')).map((l) => Number(l.split(' ')[2]));
  for (let i = 0; i < 20 && statuses().at(-1) !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  const seen = statuses();
  assert.equal(seen[0], 429, `the SDK's first attempt was throttled: ${seen.join(',')}`);
  assert.equal(seen.at(-1), 200);
  assert.ok(seen.length >= 2 && seen.length <= 4, `retried, within RetryHandler's 3 retries: ${seen.join(',')}`);
  assert.ok(elapsed >= 900 && elapsed < 10_000, `waited for Retry-After (${elapsed} ms)`);
});

test('beta sign-in activity reports through the SDK: .version("beta") and .filter() find the key that just signed in', async () => {
  const { emu, client } = await setup();
  const auditor = makeApp(emu, 'SDK Auditor', ['AuditLog.Read.All']);
  await clientCredentialsToken(emu, auditor.clientId, auditor.secret);
  const keyId = auditor.app.passwordCredentials[0]!.keyId;
  const res = await graphSdkClient(emu, auditor.clientId, auditor.secret).api('/reports/appCredentialSignInActivities').version('beta').filter(`keyId eq '${keyId}'`).get();
  assert.equal(res.value.length, 1);
  assert.equal(res.value[0].appId, auditor.clientId);
  assert.equal(res.value[0].keyType, 'clientSecret');
  const err = await client.api('/reports/appCredentialSignInActivities').get().then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof GraphError && err.statusCode === 400, 'v1.0 has no such segment');
});

test('propagation delay: a secret the SDK adds is refused by Azure Identity with AADSTS7000215 until the delay has passed', async () => {
  let now = Date.now();
  const { emu, client } = await setup({ propagationDelayMs: 20_000, now: () => now });
  const app = await client.api('/applications').post({ displayName: 'Delayed SDK App' });
  await client.api('/servicePrincipals').post({ appId: app.appId });
  const secret = await client.api(`/applications/${app.id}/addPassword`).post({ passwordCredential: { displayName: 'fresh' } });
  const fresh = () => new ClientSecretCredential(emu.info.tenantId, app.appId, secret.secretText, { authorityHost: emu.info.authorityHost, disableInstanceDiscovery: true });
  await assert.rejects(fresh().getToken(GRAPH_DEFAULT), /AADSTS7000215/);
  now += 20_000;
  const token = await fresh().getToken(GRAPH_DEFAULT);
  assert.ok(token.token);
});

test('directoryAudits through the SDK: the credential change the SDK just made, found by target with .filter() and .top()', async () => {
  const { emu, daemon, client } = await setup();
  const app = await client.api('/applications').post({ displayName: 'Audited by SDK' });
  const secret = await client.api(`/applications/${app.id}/addPassword`).post({ passwordCredential: { displayName: 'sdk-audit' } });
  const reader = makeApp(emu, 'SDK Audit Reader', ['AuditLog.Read.All']);
  const auditor = graphSdkClient(emu, reader.clientId, reader.secret);
  const res = await auditor.api('/auditLogs/directoryAudits').filter(`targetResources/any(t: t/id eq '${app.id}')`).top(10).get();
  assert.deepEqual(res.value.map((a: { activityDisplayName: string }) => a.activityDisplayName), ['Update application – Certificates and secrets management', 'Add application']);
  assert.equal(res.value[0].initiatedBy.app.appId, daemon.clientId);
  assert.match(res.value[0].targetResources[0].modifiedProperties[0].newValue, new RegExp(secret.keyId));
});

test('deleted items through the SDK: delete, find under directory/deletedItems, restore, purge', async () => {
  const { client } = await setup();
  const app = await client.api('/applications').post({ displayName: 'SDK Recycled' });
  await client.api(`/applications/${app.id}`).delete();
  const deleted = await client.api('/directory/deletedItems/microsoft.graph.application').filter(`displayName eq 'SDK Recycled'`).get();
  assert.deepEqual(deleted.value.map((a: { id: string }) => a.id), [app.id]);
  assert.ok(deleted.value[0].deletedDateTime);
  const restored = await client.api(`/directory/deletedItems/${app.id}/restore`).post({});
  assert.equal(restored.id, app.id);
  await client.api(`/applications/${app.id}`).delete();
  await client.api(`/directory/deletedItems/${app.id}`).delete();
  const gone = await client.api(`/directory/deletedItems/${app.id}`).get().then(() => undefined, (e: unknown) => e);
  assert.ok(gone instanceof GraphError && gone.statusCode === 404);
});

test('URL forms through the SDK: /myorganization prefix, (appId=…) key, /$count with ConsistencyLevel', async () => {
  const { emu, daemon, client } = await setup();
  const sp = await client.api(`/myorganization/servicePrincipals(appId='${daemon.clientId}')`).select('id').get();
  assert.equal(sp.id, daemon.sp.id);
  const count = await client.api(`/${emu.info.tenantId}/servicePrincipals/$count`).header('ConsistencyLevel', 'eventual').get();
  assert.equal(Number(count), emu.store.defaultTenant.record.servicePrincipals.length);
  const err = await client.api('/servicePrincipals/$count').get().then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof GraphError && err.code === 'Request_UnsupportedQuery');
});
