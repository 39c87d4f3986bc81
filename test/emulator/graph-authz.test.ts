// Proves Graph's permission rules: app roles (Read.All reads only, ReadWrite.OwnedBy only owned apps, none → 403) and delegated scp + directory role / ownership; /me needs a user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator, claimsOf } from '../helpers/emulator.ts';
import { appToken, assertGraphError, bootstrapToken, graph, userToken, ADMIN, DEV } from '../helpers/graph.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const appNamed = (emu: RunningEmulator, name: string) => emu.store.defaultTenant.record.applications.find((a) => a.displayName === name)!;
const bootstrapApp = (emu: RunningEmulator) => emu.store.defaultTenant.applicationByAppId(emu.info.bootstrap.clientId)!;

test('Application.Read.All reads applications but every write is 403 Authorization_RequestDenied', async () => {
  const emu = await testEmulator();
  const { token } = await appToken(emu, ['Application.Read.All']);
  assert.deepEqual(claimsOf(token).roles, ['Application.Read.All']);
  const orders = appNamed(emu, 'Contoso Orders API');
  const list = await graph(emu, 'GET', '/applications', { token });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.value.some((a: any) => a.id === orders.id));
  assert.equal((await graph(emu, 'GET', `/applications/${orders.id}`, { token })).status, 200);
  assert.equal((await graph(emu, 'GET', `/applications/${orders.id}/owners`, { token })).status, 200);
  assert.equal((await graph(emu, 'GET', `/servicePrincipals(appId='${orders.appId}')`, { token })).status, 200);

  const denied = [
    await graph(emu, 'POST', '/applications', { token, body: { displayName: 'nope' } }),
    await graph(emu, 'PATCH', `/applications/${orders.id}`, { token, body: { displayName: 'hijacked' } }),
    await graph(emu, 'POST', `/applications/${orders.id}/addPassword`, { token }),
    await graph(emu, 'DELETE', `/applications/${orders.id}`, { token }),
    await graph(emu, 'POST', '/servicePrincipals', { token, body: { appId: orders.appId } }),
  ];
  for (const res of denied) assertGraphError(res, 403, 'Authorization_RequestDenied', /^Insufficient privileges to complete the operation\.$/);
  assert.equal(orders.displayName, 'Contoso Orders API');
  assert.equal(orders.passwordCredentials.length, 0);
  assert.equal(emu.store.defaultTenant.record.applications.some((a) => a.displayName === 'nope'), false);
});

test('Application.ReadWrite.OwnedBy sees and changes only the apps it owns (including the ones it creates)', async () => {
  const emu = await testEmulator();
  const me = await appToken(emu, ['Application.ReadWrite.OwnedBy']);
  const token = me.token;
  const orders = appNamed(emu, 'Contoso Orders API');
  const tenant = emu.store.defaultTenant;
  const { app: assigned } = tenant.addApplication({ displayName: 'Assigned To Daemon', owners: [me.sp.id] }, new Date());

  const created = await graph(emu, 'POST', '/applications', { token, body: { displayName: 'Made By Daemon' } });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(tenant.applicationById(created.json.id)!.owners, [me.sp.id]);

  const list = await graph(emu, 'GET', '/applications', { token });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.value.map((a: any) => a.displayName).sort(), ['Assigned To Daemon', 'Made By Daemon']);
  const count = await graph(emu, 'GET', '/applications/$count', { token, headers: { consistencylevel: 'eventual' } });
  assert.equal(count.text, '2');

  const hidden = await graph(emu, 'GET', `/applications/${orders.id}`, { token });
  assert.ok([403, 404].includes(hidden.status), hidden.text);
  assertGraphError(await graph(emu, 'PATCH', `/applications/${orders.id}`, { token, body: { notes: 'x' } }), 403, 'Authorization_RequestDenied');
  assertGraphError(await graph(emu, 'POST', `/applications/${orders.id}/addPassword`, { token }), 403, 'Authorization_RequestDenied');
  assertGraphError(await graph(emu, 'DELETE', `/applications/${orders.id}`, { token }), 403, 'Authorization_RequestDenied');
  assert.equal(orders.notes, null);

  assert.equal((await graph(emu, 'PATCH', `/applications/${assigned.id}`, { token, body: { notes: 'mine' } })).status, 204);
  assert.equal(assigned.notes, 'mine');
  const pw = await graph(emu, 'POST', `/applications/${assigned.id}/addPassword`, { token });
  assert.equal(pw.status, 200, pw.text);
  assert.equal(assigned.passwordCredentials.length, 1);
  assert.equal((await graph(emu, 'DELETE', `/applications/${created.json.id}`, { token })).status, 204);
});

test('an app token without Graph roles gets 403 on reads and writes', async () => {
  const emu = await testEmulator();
  const { token } = await appToken(emu, []);
  assert.equal(claimsOf(token).roles, undefined);
  for (const res of [
    await graph(emu, 'GET', '/applications', { token }),
    await graph(emu, 'GET', `/applications/${appNamed(emu, 'Contoso Orders API').id}`, { token }),
    await graph(emu, 'POST', '/applications', { token, body: { displayName: 'nope' } }),
    await graph(emu, 'GET', '/policies/defaultAppManagementPolicy', { token }),
    await graph(emu, 'GET', '/auditLogs/signIns', { token, version: 'beta' }),
  ]) assertGraphError(res, 403, 'Authorization_RequestDenied');
});

test('delegated: an Application Administrator can addPassword on any app; a user without a role only on apps they own', async () => {
  const emu = await testEmulator();
  const scopes = ['Application.ReadWrite.All'];
  const admin = await userToken(emu, ADMIN, scopes);
  const dev = await userToken(emu, DEV, scopes);
  assert.equal(claimsOf(admin).scp, 'Application.ReadWrite.All');
  assert.equal(claimsOf(dev).upn, DEV);
  const orders = appNamed(emu, 'Contoso Orders API');
  const other = bootstrapApp(emu);
  const before = other.passwordCredentials.length;

  const byAdmin = await graph(emu, 'POST', `/applications/${other.id}/addPassword`, { token: admin, body: { passwordCredential: { displayName: 'by admin' } } });
  assert.equal(byAdmin.status, 200, byAdmin.text);
  assert.equal(other.passwordCredentials.length, before + 1);
  assert.equal((await graph(emu, 'POST', `/applications/${orders.id}/addPassword`, { token: admin })).status, 200);

  const own = await graph(emu, 'POST', `/applications/${orders.id}/addPassword`, { token: dev, body: { passwordCredential: { displayName: 'by dev' } } });
  assert.equal(own.status, 200, own.text);
  assert.ok(orders.passwordCredentials.some((c) => c.displayName === 'by dev'));
  assertGraphError(await graph(emu, 'POST', `/applications/${other.id}/addPassword`, { token: dev }), 403, 'Authorization_RequestDenied');
  assertGraphError(await graph(emu, 'PATCH', `/applications/${other.id}`, { token: dev, body: { notes: 'x' } }), 403, 'Authorization_RequestDenied');
  assert.equal(other.passwordCredentials.length, before + 1);
  assert.equal((await graph(emu, 'GET', `/applications/${other.id}`, { token: dev })).status, 200, 'any member may read apps');

  // After the admin makes dev an owner, dev may manage that app too.
  const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${emu.store.defaultTenant.userByUpn(DEV)!.id}` };
  assert.equal((await graph(emu, 'POST', `/applications/${other.id}/owners/$ref`, { token: admin, body: ref })).status, 204);
  assert.equal((await graph(emu, 'POST', `/applications/${other.id}/addPassword`, { token: dev })).status, 200);
});

test('delegated: the scope matters too, a read-only scp cannot write even for an admin', async () => {
  const emu = await testEmulator();
  const admin = await userToken(emu, ADMIN, ['Application.Read.All']);
  const orders = appNamed(emu, 'Contoso Orders API');
  assert.equal((await graph(emu, 'GET', `/applications/${orders.id}`, { token: admin })).status, 200);
  assertGraphError(await graph(emu, 'POST', `/applications/${orders.id}/addPassword`, { token: admin }), 403, 'Authorization_RequestDenied');
  const userRead = await userToken(emu, DEV, ['User.Read']);
  assertGraphError(await graph(emu, 'GET', '/applications', { token: userRead }), 403, 'Authorization_RequestDenied');
});

test('/me returns the signed-in user and is 400 for an app-only token', async () => {
  const emu = await testEmulator();
  const user = await userToken(emu, DEV, ['User.Read']);
  const me = await graph(emu, 'GET', '/me', { token: user });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#users/$entity`);
  assert.equal(me.json.userPrincipalName, DEV);
  assert.equal(me.json.id, emu.store.defaultTenant.userByUpn(DEV)!.id);
  assert.equal(me.json.displayName, 'Dev Developer');
  const sel = await graph(emu, 'GET', '/me?$select=id,userPrincipalName', { token: user });
  assert.deepEqual(Object.keys(sel.json).sort(), ['@odata.context', 'id', 'userPrincipalName']);

  const app = await bootstrapToken(emu);
  assertGraphError(await graph(emu, 'GET', '/me', { token: app }), 400, 'BadRequest', /^\/me request is only valid with delegated authentication flow\.$/);
});
