// Proves auditLogs/directoryAudits (v1.0 and beta): credential changes on applications (addPassword, removePassword, PATCH keyCredentials) and service principals are recorded with Graph's shape, who did it (app or user) and the key ids and names before and after, never a value; failed changes are not; $filter on time, activity and target, $top paging; AuditLog.Read.All required.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator } from '../helpers/emulator.ts';
import { ADMIN, appToken, assertGraphError, bootstrapToken, graph, makeApp, userToken } from '../helpers/graph.ts';
import { createSelfSigned } from '../../src/emulator/tls/certificates.ts';

const ACTIVITY = 'Update application – Certificates and secrets management';
const q = (s: string) => encodeURIComponent(s);
const derOf = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

test('addPassword and removePassword on an application: one audit each, with the key ids and names before and after, never the value', async () => {
  const emu = await testEmulator();
  const target = makeApp(emu, 'Audited App', []);
  const token = await bootstrapToken(emu);
  const since = new Date(Date.now() - 1000).toISOString();
  const added = await graph(emu, 'POST', `/applications/${target.app.id}/addPassword`, { token, body: { passwordCredential: { displayName: 'EAC-rotated' } } });
  assert.equal(added.status, 200);
  const oldKey = target.app.passwordCredentials[0]!.keyId;
  assert.equal((await graph(emu, 'POST', `/applications/${target.app.id}/removePassword`, { token, body: { keyId: oldKey } })).status, 204);
  assert.equal((await graph(emu, 'POST', `/applications/${target.app.id}/removePassword`, { token, body: { keyId: oldKey } })).status, 400, 'a failed change…');

  const filter = q(`activityDateTime ge ${since} and targetResources/any(t: t/id eq '${target.app.id}')`);
  const res = await graph(emu, 'GET', `/auditLogs/directoryAudits?$filter=${filter}`, { token });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#auditLogs/directoryAudits`);
  assert.equal(res.json.value.length, 2, '…is not audited');
  const [removal, addition] = res.json.value; // newest first
  for (const a of [removal, addition]) {
    assert.equal(a.activityDisplayName, ACTIVITY);
    assert.equal(a.category, 'ApplicationManagement');
    assert.equal(a.result, 'success');
    assert.equal(a.loggedByService, 'Core Directory');
    assert.equal(a.initiatedBy.user, null);
    assert.equal(a.initiatedBy.app.appId, emu.info.bootstrap.clientId);
    assert.ok(a.initiatedBy.app.servicePrincipalId);
    assert.deepEqual(a.targetResources.map((t: any) => [t.id, t.displayName, t.type]), [[target.app.id, 'Audited App', 'Application']]);
    assert.ok(Date.parse(a.activityDateTime) >= Date.parse(since));
    const text = JSON.stringify(a);
    assert.ok(!text.includes(added.json.secretText) && !text.includes(target.secret), 'no secret value in an audit');
  }
  const kd = (a: any) => a.targetResources[0].modifiedProperties.find((m: any) => m.displayName === 'KeyDescription');
  assert.deepEqual(JSON.parse(kd(addition).oldValue), [`[KeyIdentifier=${oldKey},KeyType=Password,KeyUsage=Verify,DisplayName=test]`]);
  assert.deepEqual(JSON.parse(kd(addition).newValue), [
    `[KeyIdentifier=${oldKey},KeyType=Password,KeyUsage=Verify,DisplayName=test]`,
    `[KeyIdentifier=${added.json.keyId},KeyType=Password,KeyUsage=Verify,DisplayName=EAC-rotated]`,
  ]);
  assert.deepEqual(JSON.parse(kd(removal).newValue), [`[KeyIdentifier=${added.json.keyId},KeyType=Password,KeyUsage=Verify,DisplayName=EAC-rotated]`]);

  const one = await graph(emu, 'GET', `/auditLogs/directoryAudits/${addition.id}`, { token, version: 'beta' });
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.id, addition.id);
  const paged = await graph(emu, 'GET', `/auditLogs/directoryAudits?$top=1&$filter=${q(`activityDisplayName eq '${ACTIVITY}'`)}`, { token });
  assert.equal(paged.json.value.length, 1);
  assert.ok(paged.json['@odata.nextLink'], 'two entries, one per page');
  const none = await graph(emu, 'GET', `/auditLogs/directoryAudits?$filter=${q("activityDateTime ge 2099-01-01T00:00:00Z")}`, { token });
  assert.deepEqual(none.json.value, []);
});

test('a user\'s PATCH of keyCredentials, and a service principal\'s secret, are audited with their initiator', async () => {
  const emu = await testEmulator();
  const target = makeApp(emu, 'Cert App', []);
  const admin = await userToken(emu, ADMIN, ['Application.ReadWrite.All']);
  const cert = createSelfSigned('audit-cert');
  const patched = await graph(emu, 'PATCH', `/applications/${target.app.id}`, { token: admin, body: { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: derOf(cert.certPem), displayName: 'CN=audit-cert' }] } });
  assert.equal(patched.status, 204, patched.text);
  assert.equal((await graph(emu, 'PATCH', `/applications/${target.app.id}`, { token: admin, body: { notes: 'not a credential' } })).status, 204);
  const token = await bootstrapToken(emu);
  assert.equal((await graph(emu, 'POST', `/servicePrincipals/${target.sp.id}/addPassword`, { token, body: {} })).status, 200);

  const res = await graph(emu, 'GET', `/auditLogs/directoryAudits?$filter=${q(`targetResources/any(t: t/id eq '${target.app.id}') or targetResources/any(t: t/id eq '${target.sp.id}')`)}`, { token, version: 'beta' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.value.length, 2, 'the notes PATCH changed no credential');
  const [onSp, onApp] = res.json.value;
  assert.equal(onApp.activityDisplayName, ACTIVITY);
  assert.equal(onApp.initiatedBy.app, null);
  assert.equal(onApp.initiatedBy.user.userPrincipalName, ADMIN);
  const kc = target.app.keyCredentials[0]!;
  assert.ok(JSON.parse(onApp.targetResources[0].modifiedProperties[0].newValue).includes(`[KeyIdentifier=${kc.keyId},KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=CN=audit-cert]`));
  assert.equal(onSp.activityDisplayName, 'Add service principal credentials');
  assert.equal(onSp.targetResources[0].type, 'ServicePrincipal');
});

test('directoryAudits need AuditLog.Read.All', async () => {
  const emu = await testEmulator();
  const reader = await appToken(emu, ['Application.Read.All']);
  assertGraphError(await graph(emu, 'GET', '/auditLogs/directoryAudits', { token: reader.token }), 403, 'Authorization_RequestDenied');
  const auditor = await appToken(emu, ['AuditLog.Read.All'], 'Auditor');
  assert.equal((await graph(emu, 'GET', '/auditLogs/directoryAudits', { token: auditor.token })).status, 200);
});
