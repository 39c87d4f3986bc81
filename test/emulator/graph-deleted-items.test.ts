// Proves /directory/deletedItems: DELETE of an application moves it (and its service principal) there with deletedDateTime, a deleted app cannot sign in (AADSTS700016), restore brings the app back with its credentials and the service principal separately, a service principal cannot come back before its app, DELETE purges for good, items older than 30 days are gone, every step is audited, and deleted items survive a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { testEmulator, postForm, tokenUrl } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';
import { appToken, assertGraphError, bootstrapToken, graph, makeApp, GRAPH_DEFAULT } from '../helpers/graph.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const ask = (emu: RunningEmulator, clientId: string, secret: string) =>
  postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: GRAPH_DEFAULT });
const DELETED_APPS = '/directory/deletedItems/microsoft.graph.application';
const DELETED_SPS = '/directory/deletedItems/microsoft.graph.servicePrincipal';

test('delete → deletedItems (no sign-in) → restore the app, then its service principal: the old secret works again', async () => {
  const emu = await testEmulator();
  const victim = makeApp(emu, 'Deleted Daemon', []);
  const token = await bootstrapToken(emu);
  assert.equal((await graph(emu, 'DELETE', `/applications/${victim.app.id}`, { token })).status, 204);
  assertGraphError(await graph(emu, 'GET', `/applications/${victim.app.id}`, { token }), 404, 'Request_ResourceNotFound');
  assertEntraError(await ask(emu, victim.clientId, victim.secret), 400, 'unauthorized_client', 700016);

  const apps = await graph(emu, 'GET', DELETED_APPS, { token });
  assert.equal(apps.status, 200, apps.text);
  assert.equal(apps.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#directory/deletedItems/microsoft.graph.application`);
  const row = apps.json.value.find((a: any) => a.id === victim.app.id);
  assert.ok(row, 'listed among deleted applications');
  assert.ok(Date.now() - Date.parse(row.deletedDateTime) < 60_000);
  assert.deepEqual(row.passwordCredentials.map((c: any) => c.keyId), [victim.app.passwordCredentials[0]!.keyId]);
  const sps = await graph(emu, 'GET', `${DELETED_SPS}?$filter=${encodeURIComponent(`appId eq '${victim.clientId}'`)}`, { token });
  assert.deepEqual(sps.json.value.map((s: any) => s.id), [victim.sp.id], 'its service principal went with it');
  const one = await graph(emu, 'GET', `/directory/deletedItems/${victim.app.id}`, { token, version: 'beta' });
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json['@odata.type'], '#microsoft.graph.application');

  assertGraphError(await graph(emu, 'POST', `/directory/deletedItems/${victim.sp.id}/restore`, { token }), 400, 'Request_BadRequest', /restore the application first/);
  const restored = await graph(emu, 'POST', `/directory/deletedItems/${victim.app.id}/restore`, { token });
  assert.equal(restored.status, 200, restored.text);
  assert.equal(restored.json.id, victim.app.id);
  assert.equal(restored.json.deletedDateTime, null);
  assert.equal((await graph(emu, 'GET', `/applications/${victim.app.id}`, { token })).status, 200);
  assertEntraError(await ask(emu, victim.clientId, victim.secret), 400, 'invalid_client', 7000229);
  assert.equal((await graph(emu, 'POST', `/directory/deletedItems/${victim.sp.id}/restore`, { token })).status, 200);
  assert.equal((await ask(emu, victim.clientId, victim.secret)).status, 200, 'credentials came back with the app');
  assertGraphError(await graph(emu, 'GET', `/directory/deletedItems/${victim.app.id}`, { token }), 404, 'Request_ResourceNotFound');

  const audits = await graph(emu, 'GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent(`targetResources/any(t: t/id eq '${victim.app.id}')`)}`, { token });
  assert.deepEqual(audits.json.value.map((a: any) => a.activityDisplayName), ['Restore application', 'Delete application']);
});

test('DELETE on a deleted item purges it for good; items older than 30 days are purged on their own', async () => {
  let now = Date.now();
  const emu = await testEmulator({ now: () => now });
  const token = await bootstrapToken(emu);
  const a = makeApp(emu, 'Purged Now', []);
  const b = makeApp(emu, 'Purged Later', []);
  assert.equal((await graph(emu, 'DELETE', `/applications/${a.app.id}`, { token })).status, 204);
  assert.equal((await graph(emu, 'DELETE', `/directory/deletedItems/${a.app.id}`, { token })).status, 204);
  assertGraphError(await graph(emu, 'POST', `/directory/deletedItems/${a.app.id}/restore`, { token }), 404, 'Request_ResourceNotFound');

  assert.equal((await graph(emu, 'DELETE', `/servicePrincipals/${b.sp.id}`, { token })).status, 204);
  assertEntraError(await ask(emu, b.clientId, b.secret), 400, 'invalid_client', 7000229);
  const fresh = await bootstrapToken(emu);
  assert.ok((await graph(emu, 'GET', DELETED_SPS, { token: fresh })).json.value.some((s: any) => s.id === b.sp.id));
  now += 31 * 24 * 3600_000;
  const later = await bootstrapToken(emu);
  assert.ok(!(await graph(emu, 'GET', DELETED_SPS, { token: later })).json.value.some((s: any) => s.id === b.sp.id), 'gone after 30 days');
});

test('reading deleted items needs read rights, restoring needs write rights', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const victim = makeApp(emu, 'Guarded', []);
  assert.equal((await graph(emu, 'DELETE', `/applications/${victim.app.id}`, { token })).status, 204);
  const reader = await appToken(emu, ['Application.Read.All']);
  assert.equal((await graph(emu, 'GET', DELETED_APPS, { token: reader.token })).status, 200);
  assertGraphError(await graph(emu, 'POST', `/directory/deletedItems/${victim.app.id}/restore`, { token: reader.token }), 403, 'Authorization_RequestDenied');
  assertGraphError(await graph(emu, 'DELETE', `/directory/deletedItems/${victim.app.id}`, { token: reader.token }), 403, 'Authorization_RequestDenied');
});

test('deleted items are kept across a restart, like the rest of the tenant', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'eac-deleted-'));
  const caDir = dirname(process.env.EAC_TEST_CA!); // the CA this test process trusts, not one in the state dir
  const first = await testEmulator({ stateDir, caDir });
  const victim = makeApp(first, 'Kept Deleted', []);
  assert.equal((await graph(first, 'DELETE', `/applications/${victim.app.id}`, { token: await bootstrapToken(first) })).status, 204);
  await first.stop();
  const second = await testEmulator({ stateDir, caDir });
  assert.ok(second.restoredFromState);
  const list = await graph(second, 'GET', DELETED_APPS, { token: await bootstrapToken(second) });
  assert.ok(list.json.value.some((a: any) => a.id === victim.app.id));
});
