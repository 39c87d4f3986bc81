// Our Graph module (Microsoft's Graph client over our HTTP layer, tokens from a TokenCredential) against the
// emulator: app lookup by client ID, addPassword/removePassword, the policy that governs an app, and lists
// as PagedAsyncIterableIterators: streaming to the end, byPage with page sizes, and resuming at a
// continuation token (the nextLink) in a new iterator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator } from '../helpers/emulator.ts';
import { testGraph, testHttp } from '../helpers/entra-layer.ts';
import {
  addPassword, findApplication, type AppRegistration, type GraphPage, getApplication, GraphApiError, listApplications, listServicePrincipals, passwordRestrictions, removePassword,
} from '../../src/entra/graph/index.ts';

test('find an app by client ID, add a named secret, remove it; a missing app is undefined', async () => {
  const emu = await testEmulator();
  const graph = testGraph(emu, testHttp());
  const api = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders API')!;
  const app = await findApplication(graph, api.appId);
  assert.equal(app?.id, api.id);
  assert.equal((await getApplication(graph, api.id))?.appId, api.appId);
  assert.equal(await findApplication(graph, '11111111-2222-3333-4444-555555555555'), undefined);
  const end = new Date(Date.now() + 180 * 86400e3);
  const created = await addPassword(graph, app!.id, { displayName: 'EAC-EXP-TEST', startDateTime: new Date(), endDateTime: end });
  assert.equal(created.displayName, 'EAC-EXP-TEST');
  assert.equal(created.hint, created.secretText.slice(0, 3));
  assert.equal(Date.parse(created.endDateTime), end.getTime());
  assert.ok((await findApplication(graph, api.appId))!.passwordCredentials.some((c) => c.keyId === created.keyId));
  await removePassword(graph, app!.id, created.keyId);
  assert.ok(!(await findApplication(graph, api.appId))!.passwordCredentials.some((c) => c.keyId === created.keyId));
  await assert.rejects(removePassword(graph, app!.id, created.keyId), (e: unknown) => e instanceof GraphApiError && e.status === 400);
});

test('the tenant default policy is read when no custom policy is assigned; a violation is a GraphApiError', async () => {
  const emu = await testEmulator();
  const graph = testGraph(emu, testHttp());
  emu.store.defaultTenant.record.defaultAppManagementPolicy = {
    isEnabled: true,
    applicationRestrictions: { passwordCredentials: [{ restrictionType: 'passwordLifetime', maxLifetime: 'P90D', restrictForAppsCreatedAfterDateTime: null }], keyCredentials: [] },
    servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
  };
  const api = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders API')!;
  const app = (await findApplication(graph, api.appId))!;
  const policy = await passwordRestrictions(graph, app);
  assert.equal(policy?.policyId, '00000000-0000-0000-0000-000000000000');
  assert.equal(policy?.restrictions[0]?.maxLifetime, 'P90D');
  await assert.rejects(addPassword(graph, app.id, { displayName: 'x', startDateTime: new Date(), endDateTime: new Date(Date.now() + 180 * 86400e3) }),
    (e: unknown) => e instanceof GraphApiError && e.status === 400 && e.code === 'CredentialInvalidLifetimeAsPerAppPolicy');
});

test('a list streams every app once, page by page, and byPage resumes at a continuation token', async () => {
  const lines: string[] = [];
  const emu = await testEmulator({ log: (l) => lines.push(l) });
  const tenant = emu.store.defaultTenant;
  for (let i = 0; i < 25; i++) tenant.addApplication({ displayName: `Paged ${i}` }, new Date());
  const total = tenant.record.applications.length;
  const graph = testGraph(emu, testHttp());
  const listRequests = () => lines.filter((l) => /GET \/v1\.0\/applications/.test(l)).length;

  const names: string[] = [];
  for await (const app of listApplications(graph, { top: 4, select: 'id,appId,displayName' })) names.push(app.displayName);
  assert.equal(names.length, total);
  assert.equal(new Set(names).size, total);
  assert.equal(listRequests(), Math.ceil(total / 4), 'one request per page');

  // Streaming: taking the first item fetches the first page only.
  const before = listRequests();
  for await (const _ of listApplications(graph, { top: 4 })) break;
  assert.equal(listRequests(), before + 1);

  // byPage: pages of the asked size; the first page's token resumes the list in a fresh iterator.
  const pages = listApplications(graph, { select: 'id,displayName' }).byPage({ maxPageSize: 10 });
  const first = (await pages.next()).value as GraphPage<AppRegistration>;
  assert.equal(first.length, 10);
  assert.ok(first.continuationToken?.includes('/applications'), 'the token is the nextLink');
  const rest: string[] = [];
  for await (const page of listApplications(graph).byPage({ continuationToken: first.continuationToken })) rest.push(...page.map((a) => a.id));
  assert.equal(rest.length, total - 10);
  assert.ok(!rest.some((id) => first.some((a) => a.id === id)), 'resumed after the first page');

  const sps: string[] = [];
  for await (const sp of listServicePrincipals(graph, { top: 5 })) sps.push(sp.appId);
  assert.equal(sps.length, emu.store.defaultTenant.record.servicePrincipals.length);
});

test('the retry policy rides out Graph throttling (429 with Retry-After) with the Graph client\'s own retry off', async () => {
  const lines: string[] = [];
  const emu = await testEmulator({ throttle: { limitPer10s: 6 }, log: (l) => lines.push(l) });
  const tenant = emu.store.defaultTenant;
  for (let i = 0; i < 25; i++) tenant.addApplication({ displayName: `Paged ${i}` }, new Date());
  const sleeps: number[] = [];
  const graph = testGraph(emu, testHttp({ sleeps }));
  let n = 0;
  for await (const _ of listApplications(graph, { top: 4, select: 'id' })) n++;
  assert.equal(n, tenant.record.applications.length);
  assert.ok(lines.some((l) => / 429 /.test(l)), 'a 429 happened and was retried');
  assert.ok(sleeps.length > 0 && sleeps.every((ms) => ms >= 1000), `waited what Retry-After said (${sleeps.join(', ')} ms)`);
});
