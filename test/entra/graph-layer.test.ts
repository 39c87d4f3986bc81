// Our Graph layer (Microsoft's Graph client over our HTTP layer) against the emulator: app lookup by
// client ID, addPassword/removePassword, the policy that governs an app, paging to the end, and the
// Graph client's retry handler honouring a 429's Retry-After.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator } from '../helpers/emulator.ts';
import { HttpClient } from '../../src/entra/http.ts';
import { createGraphClient, GraphApiError } from '../../src/entra/graph-client.ts';
import { addPassword, findApplication, listApplications, passwordRestrictions, removePassword } from '../../src/entra/applications.ts';
import type { RunningEmulator, EmulatorOptions } from '../../src/emulator/index.ts';

const http = new HttpClient({ extraCaFiles: [process.env.EAC_TEST_CA!] });
after(() => http.close());

async function graphFor(opts: EmulatorOptions = {}): Promise<{ emu: RunningEmulator; graph: ReturnType<typeof createGraphClient> }> {
  const emu = await testEmulator(opts);
  const { clientId, clientSecret } = emu.info.bootstrap;
  const getAccessToken = async () => {
    const res = await http.send({
      method: 'POST', url: `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
    });
    return JSON.parse(res.body).access_token as string;
  };
  return { emu, graph: createGraphClient({ http, graphUrl: emu.info.graphBaseUrl, getAccessToken }) };
}

test('find an app by client ID, add a named secret, remove it; a missing app is undefined', async () => {
  const { emu, graph } = await graphFor();
  const api = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders API')!;
  const app = await findApplication(graph, api.appId);
  assert.equal(app?.id, api.id);
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
  const { emu, graph } = await graphFor();
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

test('listApplications follows nextLink to the last app, and the retry handler rides out a 429', async () => {
  const lines: string[] = [];
  const { emu, graph } = await graphFor({ throttle: { limitPer10s: 6 }, log: (l) => lines.push(l) });
  const tenant = emu.store.defaultTenant;
  for (let i = 0; i < 25; i++) tenant.addApplication({ displayName: `Paged ${i}` }, new Date());
  const names: string[] = [];
  for await (const app of listApplications(graph, { top: 4, select: 'id,appId,displayName' })) names.push(app.displayName);
  assert.equal(names.length, tenant.record.applications.length);
  assert.equal(new Set(names).size, names.length);
  assert.ok(lines.some((l) => / 429 /.test(l)), 'a 429 happened and was retried');
});
