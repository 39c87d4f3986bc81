// Proves app management policies (tenant default and custom, enforced on addPassword), beta service-principal sign-in logs, JSON $batch rules, and 429 throttling (direct and per batch item).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator, postForm, tokenUrl } from '../helpers/emulator.ts';
import { appToken, assertGraphError, bootstrapToken, graph, makeApp, userToken, GRAPH_DEFAULT, DEV } from '../helpers/graph.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const DEFAULT_ID = '00000000-0000-0000-0000-000000000000';
const DAY = 24 * 3600 * 1000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

async function newApp(emu: RunningEmulator, token: string, displayName: string): Promise<string> {
  const res = await graph(emu, 'POST', '/applications', { token, body: { displayName } });
  assert.equal(res.status, 201, res.text);
  return res.json.id;
}

const addPassword = (emu: RunningEmulator, token: string, id: string, endDateTime?: string) =>
  graph(emu, 'POST', `/applications/${id}/addPassword`, { token, body: { passwordCredential: { displayName: 'p', ...(endDateTime ? { endDateTime } : {}) } } });

const setDefault = async (emu: RunningEmulator, token: string, passwordCredentials: unknown[]) => {
  const res = await graph(emu, 'PATCH', '/policies/defaultAppManagementPolicy', { token, body: { isEnabled: true, applicationRestrictions: { passwordCredentials, keyCredentials: [] } } });
  assert.equal(res.status, 204, res.text);
};

test('the tenant default policy: GET/PATCH, passwordLifetime and passwordAddition enforced, restrictForAppsCreatedAfterDateTime exempts older apps', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const initial = await graph(emu, 'GET', '/policies/defaultAppManagementPolicy', { token });
  assert.equal(initial.status, 200, initial.text);
  assert.equal(initial.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#policies/defaultAppManagementPolicy/$entity`);
  assert.equal(initial.json.id, DEFAULT_ID);
  assert.equal(initial.json.isEnabled, false);
  assert.deepEqual(initial.json.applicationRestrictions, { passwordCredentials: [], keyCredentials: [] });
  assert.deepEqual(initial.json.servicePrincipalRestrictions, { passwordCredentials: [], keyCredentials: [] });
  const reader = await appToken(emu, ['Application.ReadWrite.All']);
  assertGraphError(await graph(emu, 'PATCH', '/policies/defaultAppManagementPolicy', { token: reader.token, body: { isEnabled: true } }), 403, 'Authorization_RequestDenied');

  const appId = await newApp(emu, token, 'Policy Target');
  await setDefault(emu, token, [{ restrictionType: 'passwordLifetime', maxLifetime: 'P90D', restrictForAppsCreatedAfterDateTime: null }]);
  const after = (await graph(emu, 'GET', '/policies/defaultAppManagementPolicy', { token })).json;
  assert.equal(after.isEnabled, true);
  assert.equal(after.applicationRestrictions.passwordCredentials[0].maxLifetime, 'P90D');

  for (const res of [await addPassword(emu, token, appId, inDays(180)), await addPassword(emu, token, appId)]) {
    assertGraphError(res, 400, 'CredentialInvalidLifetimeAsPerAppPolicy', new RegExp(`policy '${DEFAULT_ID}'`));
  }
  assert.equal((await addPassword(emu, token, appId, inDays(60))).status, 200);
  assertGraphError(await graph(emu, 'PATCH', '/policies/defaultAppManagementPolicy', { token, body: { applicationRestrictions: { passwordCredentials: [{ restrictionType: 'passwordLifetime', maxLifetime: 'ninety days' }] } } }), 400, 'Request_BadRequest');

  await setDefault(emu, token, [{ restrictionType: 'passwordAddition', maxLifetime: null, restrictForAppsCreatedAfterDateTime: '2020-01-01T00:00:00Z' }]);
  assertGraphError(await addPassword(emu, token, appId, inDays(30)), 400, 'CredentialTypeNotAllowedAsPerAppPolicy', new RegExp(`^Credential type not allowed as per assigned policy '${DEFAULT_ID}'`));
  const { app: old } = emu.store.defaultTenant.addApplication({ displayName: 'Legacy App', createdDateTime: '2019-06-01T00:00:00Z', withServicePrincipal: false }, new Date());
  assert.equal((await addPassword(emu, token, old.id, inDays(30))).status, 200, 'apps created before the date are exempt');

  assert.equal((await graph(emu, 'PATCH', '/policies/defaultAppManagementPolicy', { token, body: { isEnabled: false } })).status, 204);
  assert.equal((await addPassword(emu, token, appId)).status, 200, 'a disabled default policy enforces nothing');
});

test('a custom policy assigned via $ref overrides the default; a second custom policy is refused', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  await setDefault(emu, token, [{ restrictionType: 'passwordAddition', maxLifetime: null }]);
  const mk = async (displayName: string, passwordCredentials: unknown[]) => {
    const res = await graph(emu, 'POST', '/policies/appManagementPolicies', { token, body: { displayName, isEnabled: true, restrictions: { passwordCredentials, keyCredentials: [] } } });
    assert.equal(res.status, 201, res.text);
    return res.json.id as string;
  };
  const exempt = await mk('Exempt', []);
  const short = await mk('Short secrets', [{ restrictionType: 'passwordLifetime', maxLifetime: 'P30D' }]);
  const assign = (appId: string, pid: string) => graph(emu, 'POST', `/applications/${appId}/appManagementPolicies/$ref`, { token, body: { '@odata.id': `https://graph.microsoft.com/v1.0/policies/appManagementPolicies/${pid}` } });

  const a = await newApp(emu, token, 'Exempted');
  assertGraphError(await addPassword(emu, token, a, inDays(10)), 400, 'CredentialTypeNotAllowedAsPerAppPolicy');
  assert.equal((await assign(a, exempt)).status, 204);
  const assigned = await graph(emu, 'GET', `/applications/${a}/appManagementPolicies`, { token });
  assert.deepEqual(assigned.json.value.map((p: any) => p.id), [exempt]);
  assert.equal((await addPassword(emu, token, a, inDays(10))).status, 200);
  assertGraphError(await assign(a, short), 400, 'Request_BadRequest');
  const appliesTo = await graph(emu, 'GET', `/policies/appManagementPolicies/${exempt}/appliesTo`, { token });
  assert.deepEqual(appliesTo.json.value.map((o: any) => o.id), [a]);

  const b = await newApp(emu, token, 'Short lived');
  assert.equal((await assign(b, short)).status, 204);
  assertGraphError(await addPassword(emu, token, b, inDays(60)), 400, 'CredentialInvalidLifetimeAsPerAppPolicy', new RegExp(`policy '${short}'`));
  assert.equal((await addPassword(emu, token, b, inDays(20))).status, 200);
  assert.equal((await graph(emu, 'DELETE', `/applications/${b}/appManagementPolicies/${short}/$ref`, { token })).status, 204);
  assertGraphError(await addPassword(emu, token, b, inDays(20)), 400, 'CredentialTypeNotAllowedAsPerAppPolicy', new RegExp(DEFAULT_ID));
});

test('beta signIns: servicePrincipal events with credential type and key id, failures with their AADSTS code; AuditLog.Read.All required', async () => {
  const emu = await testEmulator();
  const daemon = makeApp(emu, 'Logged Daemon', []);
  const keyId = daemon.app.passwordCredentials[0]!.keyId;
  const ask = (secret: string) => postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: daemon.clientId, client_secret: secret, scope: GRAPH_DEFAULT });
  assert.equal((await ask(daemon.secret)).status, 200);
  assert.equal((await ask(`${daemon.secret.slice(0, -1)}#`)).status, 401);
  await userToken(emu, DEV, ['User.Read']);
  const token = await bootstrapToken(emu);

  const filter = encodeURIComponent("signInEventTypes/any(t: t eq 'servicePrincipal')");
  const sp = await graph(emu, 'GET', `/auditLogs/signIns?$filter=${filter}`, { token, version: 'beta' });
  assert.equal(sp.status, 200, sp.text);
  assert.equal(sp.json['@odata.context'], `${emu.info.graphBaseUrl}/beta/$metadata#auditLogs/signIns`);
  const mine = sp.json.value.filter((e: any) => e.appId === daemon.clientId);
  assert.equal(mine.length, 2);
  assert.ok(sp.json.value.every((e: any) => e.signInEventTypes.includes('servicePrincipal')));
  const ok = mine.find((e: any) => e.status.errorCode === 0);
  assert.equal(ok.clientCredentialType, 'clientSecret');
  assert.equal(ok.servicePrincipalCredentialKeyId, keyId);
  assert.equal(ok.servicePrincipalId, daemon.sp.id);
  assert.equal(ok.appDisplayName, 'Logged Daemon');
  assert.equal(ok.resourceDisplayName, 'Microsoft Graph');
  assert.equal(ok.isInteractive, false);
  const failed = mine.find((e: any) => e.status.errorCode !== 0);
  assert.equal(failed.status.errorCode, 7000215);
  assert.equal(failed.clientCredentialType, 'clientSecret');
  assert.ok(Date.parse(mine[0].createdDateTime) >= Date.parse(mine[1].createdDateTime), 'newest first');

  const since = encodeURIComponent(`signInEventTypes/any(t: t eq 'servicePrincipal') and createdDateTime ge ${new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z')}`);
  const recent = await graph(emu, 'GET', `/auditLogs/signIns?$filter=${since}&$top=50`, { token, version: 'beta' });
  assert.equal(recent.status, 200, recent.text);
  assert.equal(recent.json.value.filter((e: any) => e.appId === daemon.clientId).length, 2);
  const future = encodeURIComponent(`signInEventTypes/any(t: t eq 'servicePrincipal') and createdDateTime ge 2099-01-01T00:00:00Z`);
  assert.deepEqual((await graph(emu, 'GET', `/auditLogs/signIns?$filter=${future}`, { token, version: 'beta' })).json.value, []);

  const interactive = await graph(emu, 'GET', '/auditLogs/signIns', { token, version: 'beta' });
  assert.ok(interactive.json.value.length >= 1);
  assert.ok(interactive.json.value.every((e: any) => e.signInEventTypes.length === 1 && e.signInEventTypes[0] === 'interactiveUser'), 'no filter: interactive only');
  assert.ok(interactive.json.value.some((e: any) => e.userPrincipalName === DEV));
  const v1 = await graph(emu, 'GET', '/auditLogs/signIns', { token });
  assert.equal(v1.status, 200);
  assert.ok(v1.json.value.every((e: any) => !('servicePrincipalCredentialKeyId' in e)), 'v1.0 has no SP credential fields');

  const reader = await appToken(emu, ['Application.Read.All']);
  assertGraphError(await graph(emu, 'GET', `/auditLogs/signIns?$filter=${filter}`, { token: reader.token, version: 'beta' }), 403, 'Authorization_RequestDenied');
});

test('$batch: per-item status, 20 max, unique ids, dependsOn with a failed dependency → 424', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const orders = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders API')!;
  const batch = (requests: unknown[]) => graph(emu, 'POST', '/$batch', { token, body: { requests } });
  const res = await batch([
    { id: '1', method: 'GET', url: `/applications/${orders.id}?$select=displayName` },
    { id: '2', method: 'POST', url: '/applications', headers: { 'Content-Type': 'application/json' }, body: { displayName: 'Batched App' } },
    { id: '3', method: 'GET', url: '/applications/6a1b6f1e-0000-4000-8000-000000000000' },
    { id: '4', method: 'GET', url: '/applications?$top=1', dependsOn: ['3'] },
    { id: '5', method: 'PATCH', url: `/applications(appId='${orders.appId}')`, headers: { 'content-type': 'application/json' }, body: { notes: 'via batch' }, dependsOn: ['1'] },
  ]);
  assert.equal(res.status, 200, res.text);
  const by = Object.fromEntries(res.json.responses.map((r: any) => [r.id, r]));
  assert.deepEqual(Object.keys(by).sort(), ['1', '2', '3', '4', '5']);
  assert.equal(by['1'].status, 200);
  assert.equal(by['1'].body.displayName, 'Contoso Orders API');
  assert.match(by['1'].headers['Content-Type'], /^application\/json;odata\.metadata=minimal/, 'header names in Graph casing');
  assert.equal(by['2'].status, 201);
  assert.equal(by['2'].body.displayName, 'Batched App');
  assert.equal(by['3'].status, 404);
  assert.equal(by['3'].body.error.code, 'Request_ResourceNotFound');
  assert.equal(by['4'].status, 424);
  assert.equal(by['5'].status, 204);
  assert.equal(orders.notes, 'via batch');

  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/organization' }));
  const twenty = await batch(many(20));
  assert.equal(twenty.status, 200);
  assert.ok(twenty.json.responses.every((r: any) => r.status === 200));
  assertGraphError(await batch(many(21)), 400, 'BadRequest');
  assertGraphError(await batch([{ id: '1', method: 'GET', url: '/me' }, { id: '1', method: 'GET', url: '/organization' }]), 400, 'BadRequest');
  assert.equal((await batch([{ id: '1', method: 'POST', url: '/applications', body: { displayName: 'x' } }])).status, 400, 'a body needs a Content-Type header');
  assert.equal((await graph(emu, 'POST', '/$batch', { token, body: '{"requests": [' })).status, 400);
});

test('throttling: direct requests get 429 with Retry-After and throttle headers; a batch item gets its own 429', async () => {
  const emu = await testEmulator({ throttle: { limitPer10s: 10 } });
  const token = await bootstrapToken(emu);
  const orders = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders API')!;
  const requests = Array.from({ length: 15 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `/applications/${orders.id}` }));
  const res = await graph(emu, 'POST', '/$batch', { token, body: { requests } });
  assert.equal(res.status, 200, res.text);
  const statuses = res.json.responses.map((r: any) => r.status);
  assert.equal(statuses[0], 200);
  const limited = res.json.responses.filter((r: any) => r.status === 429);
  assert.ok(limited.length >= 3, `expected 429s inside the batch: ${statuses}`);
  for (const r of limited) {
    assert.match(r.headers['Retry-After'], /^\d+$/);
    assert.equal(r.body.error.code, 'TooManyRequests');
  }

  const direct = await graph(emu, 'GET', '/applications', { token }); // a list read costs 2 RU: more than has refilled
  assert.equal(direct.status, 429, direct.text);
  assert.ok(Number(direct.headers.get('retry-after')) >= 1);
  assert.equal(direct.headers.get('x-ms-throttle-scope'), `Tenant_Application/ReadWrite/${emu.info.bootstrap.clientId}/${emu.info.tenantId}`);
  assert.equal(direct.headers.get('x-ms-throttle-information'), 'ResourceUnitLimitExceeded');
  assert.ok(direct.json.error.innerError['request-id']);

  const other = await appToken(emu, ['Application.Read.All']);
  assert.equal((await graph(emu, 'GET', `/applications/${orders.id}`, { token: other.token })).status, 200, 'the budget is per app');
  await new Promise((r) => setTimeout(r, Number(direct.headers.get('retry-after')) * 1000 + 200));
  assert.equal((await graph(emu, 'GET', '/applications?$top=1', { token })).status, 200, 'after Retry-After the call succeeds');
});
