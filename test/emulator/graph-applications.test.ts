// Proves Graph /applications over HTTPS: CRUD, addPassword/removePassword, addKey/removeKey with proof JWTs, owners $ref, and servicePrincipals (create, alternate key, accountEnabled=false → AADSTS7000112).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { testEmulator, postForm, tokenUrl } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';
import { assertGraphError, bootstrapToken, graph, GRAPH_DEFAULT, DEV } from '../helpers/graph.ts';
import { createSelfSigned, thumbprints, type PemPair } from '../../src/emulator/tls/certificates.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

async function setup(): Promise<{ emu: RunningEmulator; token: string; create: (name: string) => Promise<Record<string, any>> }> {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const create = async (displayName: string) => {
    const res = await graph(emu, 'POST', '/applications', { token, body: { displayName } });
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  return { emu, token, create };
}

test('POST creates (201, creator is owner, no SP); GET by id and by appId; PATCH 204; bad PATCHes 400; DELETE 204 then 404', async () => {
  const { emu, token } = await setup();
  const base = emu.info.graphBaseUrl;
  const created = await graph(emu, 'POST', '/applications', { token, body: { displayName: 'CRUD App', signInAudience: 'AzureADMyOrg' } });
  assert.equal(created.status, 201, created.text);
  const app = created.json;
  assert.equal(app['@odata.context'], `${base}/v1.0/$metadata#applications/$entity`);
  assert.match(app.id, /^[0-9a-f-]{36}$/);
  assert.match(app.appId, /^[0-9a-f-]{36}$/);
  assert.notEqual(app.id, app.appId);
  assert.equal(app.displayName, 'CRUD App');
  assert.deepEqual(app.passwordCredentials, []);
  assert.equal(created.headers.get('location'), `${base}/v1.0/applications/${app.id}`);
  assert.match(created.headers.get('content-type')!, /^application\/json;odata\.metadata=minimal/);
  assert.equal(created.headers.get('odata-version'), '4.0');

  const owners = await graph(emu, 'GET', `/applications/${app.id}/owners`, { token });
  assert.equal(owners.status, 200);
  const bootstrapSp = emu.store.defaultTenant.servicePrincipalByAppId(emu.info.bootstrap.clientId)!;
  assert.deepEqual(owners.json.value.map((o: any) => [o['@odata.type'], o.id]), [['#microsoft.graph.servicePrincipal', bootstrapSp.id]]);
  assertGraphError(await graph(emu, 'GET', `/servicePrincipals(appId='${app.appId}')`, { token }), 404, 'Request_ResourceNotFound');

  const byId = await graph(emu, 'GET', `/applications/${app.id}`, { token });
  assert.equal(byId.status, 200);
  assert.equal(byId.json.appId, app.appId);
  const byAppId = await graph(emu, 'GET', `/applications(appId='${app.appId}')`, { token });
  assert.equal(byAppId.status, 200, byAppId.text);
  assert.equal(byAppId.json.id, app.id);

  const patch = await graph(emu, 'PATCH', `/applications/${app.id}`, { token, body: { displayName: 'CRUD App v2', tags: ['t1'], identifierUris: ['api://crud-v2'], notes: 'n' } });
  assert.equal(patch.status, 204, patch.text);
  assert.equal(patch.text, '');
  const after = (await graph(emu, 'GET', `/applications(appId='${app.appId}')`, { token })).json;
  assert.equal(after.displayName, 'CRUD App v2');
  assert.deepEqual(after.tags, ['t1']);
  assert.deepEqual(after.identifierUris, ['api://crud-v2']);
  assert.equal(after.notes, 'n');

  const pw = await graph(emu, 'PATCH', `/applications/${app.id}`, { token, body: { passwordCredentials: [{ displayName: 'x' }] } });
  assertGraphError(pw, 400, 'Request_BadRequest', /passwordCredentials/);
  for (const body of [{ appId: app.appId }, { createdDateTime: '2020-01-01T00:00:00Z' }, { id: app.id }, { noSuchProperty: 1 }, { signInAudience: 'Everyone' }]) {
    assertGraphError(await graph(emu, 'PATCH', `/applications/${app.id}`, { token, body }), 400, 'Request_BadRequest');
  }
  assert.equal((await graph(emu, 'GET', `/applications/${app.id}`, { token })).json.displayName, 'CRUD App v2', 'failed PATCHes changed nothing');

  assert.equal((await graph(emu, 'DELETE', `/applications/${app.id}`, { token })).status, 204);
  const gone = await graph(emu, 'GET', `/applications/${app.id}`, { token, headers: { 'client-request-id': 'crid-after-delete' } });
  assertGraphError(gone, 404, 'Request_ResourceNotFound', new RegExp(`^Resource '${app.id}' does not exist`));
  assert.equal(gone.json.error.innerError['client-request-id'], 'crid-after-delete');
  assert.equal(gone.headers.get('client-request-id'), 'crid-after-delete');
  assertGraphError(await graph(emu, 'DELETE', `/applications/${app.id}`, { token }), 404, 'Request_ResourceNotFound');
});

test('addPassword returns secretText only in its own response; hint, default 2-year end, custom values; removePassword', async () => {
  const { emu, token, create } = await setup();
  const app = await create('Secret App');
  const added = await graph(emu, 'POST', `/applications/${app.id}/addPassword`, { token });
  assert.equal(added.status, 200, added.text);
  const c = added.json;
  assert.equal(c['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#microsoft.graph.passwordCredential`);
  assert.equal(typeof c.secretText, 'string');
  assert.equal(c.secretText.length, 40);
  assert.equal(c.hint, c.secretText.slice(0, 3), 'hint is the first 3 characters');
  assert.match(c.keyId, /^[0-9a-f-]{36}$/);
  assert.equal(c.customKeyIdentifier, null);
  const start = new Date(c.startDateTime);
  const twoYears = new Date(start);
  twoYears.setUTCFullYear(start.getUTCFullYear() + 2);
  assert.equal(Date.parse(c.endDateTime), twoYears.getTime(), 'default endDateTime is startDateTime + 2 years');
  assert.ok(Math.abs(start.getTime() - Date.now()) < 60_000, 'default startDateTime is now');

  const custom = await graph(emu, 'POST', `/applications(appId='${app.appId}')/addPassword`, {
    token, body: { passwordCredential: { displayName: 'ci pipeline', endDateTime: '2027-03-01T00:00:00Z' } },
  });
  assert.equal(custom.status, 200, custom.text);
  assert.equal(custom.json.displayName, 'ci pipeline');
  assert.equal(Date.parse(custom.json.endDateTime), Date.parse('2027-03-01T00:00:00Z'));
  assert.notEqual(custom.json.keyId, c.keyId);

  const get = await graph(emu, 'GET', `/applications/${app.id}`, { token });
  const list = await graph(emu, 'GET', `/applications?$filter=id eq '${app.id}'`, { token });
  const sel = await graph(emu, 'GET', `/applications/${app.id}?$select=passwordCredentials`, { token });
  for (const r of [get, list, sel]) {
    assert.equal(r.status, 200, r.text);
    assert.ok(!r.text.includes(c.secretText) && !r.text.includes(custom.json.secretText), 'a read never carries a secret value');
  }
  const creds = get.json.passwordCredentials;
  assert.equal(creds.length, 2);
  for (const pc of creds) assert.equal(pc.secretText, null);
  assert.equal(creds.find((x: any) => x.keyId === c.keyId).hint, c.hint);
  assert.equal(list.json.value[0].passwordCredentials.length, 2);

  const removed = await graph(emu, 'POST', `/applications/${app.id}/removePassword`, { token, body: { keyId: c.keyId } });
  assert.equal(removed.status, 204, removed.text);
  const left = (await graph(emu, 'GET', `/applications/${app.id}`, { token })).json.passwordCredentials;
  assert.deepEqual(left.map((x: any) => x.keyId), [custom.json.keyId]);
  assertGraphError(await graph(emu, 'POST', `/applications/${app.id}/removePassword`, { token, body: { keyId: c.keyId } }), 400, 'Request_BadRequest', /No password credential found with keyId/);
  assertGraphError(await graph(emu, 'POST', `/applications/${app.id}/removePassword`, { token, body: { keyId: '6a1b6f1e-0000-4000-8000-000000000000' } }), 400, 'Request_BadRequest');
});

function der(cert: PemPair): string {
  return thumbprints(cert.certPem).der.toString('base64');
}

async function proof(cert: PemPair, claims: Record<string, unknown>): Promise<string> {
  const t = Math.floor(Date.now() / 1000);
  return new SignJWT({ aud: '00000002-0000-0000-c000-000000000000', nbf: t, exp: t + 600, ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5t: thumbprints(cert.certPem).sha1.toString('base64url') })
    .sign(createPrivateKey(cert.keyPem));
}

test('addKey/removeKey need a proof signed by a current certificate; the first certificate comes through PATCH keyCredentials', async () => {
  const { emu, token, create } = await setup();
  const app = await create('Cert App');
  const [first, second, stranger] = [createSelfSigned('first-cert'), createSelfSigned('second-cert'), createSelfSigned('stranger')];
  const addKey = (p: string, cert = second) => graph(emu, 'POST', `/applications/${app.id}/addKey`, {
    token, body: { keyCredential: { type: 'AsymmetricX509Cert', usage: 'Verify', key: der(cert) }, passwordCredential: null, proof: p },
  });

  assertGraphError(await addKey(await proof(first, { iss: app.id })), 400, 'Authentication_MissingOrMalformed', /no valid certificate/);
  const patched = await graph(emu, 'PATCH', `/applications/${app.id}`, { token, body: { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: der(first), displayName: 'first' }] } });
  assert.equal(patched.status, 204, patched.text);
  const got = (await graph(emu, 'GET', `/applications/${app.id}`, { token })).json.keyCredentials;
  assert.equal(got.length, 1);
  assert.equal(got[0].key, null, 'key is null unless $select=keyCredentials');
  assert.equal(got[0].customKeyIdentifier, createHash('sha1').update(Buffer.from(der(first), 'base64')).digest('base64'));
  const selected = (await graph(emu, 'GET', `/applications/${app.id}?$select=keyCredentials`, { token })).json;
  assert.equal(selected.keyCredentials[0].key, der(first));
  const firstKeyId = got[0].keyId;

  for (const bad of [
    await proof(stranger, { iss: app.id }),
    await proof(first, { iss: app.appId }),
    await proof(first, { iss: app.id, aud: 'https://graph.microsoft.com' }),
    await proof(first, { iss: app.id, nbf: Math.floor(Date.now() / 1000) - 1200, exp: Math.floor(Date.now() / 1000) - 600 }),
    'not-a-jwt',
  ]) assertGraphError(await addKey(bad), 400, 'Authentication_MissingOrMalformed');

  const added = await addKey(await proof(first, { iss: app.id }));
  assert.equal(added.status, 200, added.text);
  assert.equal(added.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#microsoft.graph.keyCredential`);
  assert.equal(added.json.type, 'AsymmetricX509Cert');
  assert.equal(added.json.usage, 'Verify');
  const secondKeyId = added.json.keyId;
  assert.equal((await graph(emu, 'GET', `/applications/${app.id}`, { token })).json.keyCredentials.length, 2);

  const removeKey = (keyId: string, p: string) => graph(emu, 'POST', `/applications/${app.id}/removeKey`, { token, body: { keyId, proof: p } });
  assertGraphError(await removeKey(firstKeyId, await proof(stranger, { iss: app.id })), 400, 'Authentication_MissingOrMalformed');
  assert.equal((await removeKey(firstKeyId, await proof(second, { iss: app.id }))).status, 204);
  const remaining = (await graph(emu, 'GET', `/applications/${app.id}`, { token })).json.keyCredentials;
  assert.deepEqual(remaining.map((k: any) => k.keyId), [secondKeyId]);
  assertGraphError(await removeKey(firstKeyId, await proof(second, { iss: app.id })), 400, 'Request_BadRequest');
});

test('owners: list, add by $ref (a duplicate is 400), remove by $ref', async () => {
  const { emu, token, create } = await setup();
  const app = await create('Owned App');
  const dev = emu.store.defaultTenant.userByUpn(DEV)!;
  const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${dev.id}` };
  const add = await graph(emu, 'POST', `/applications/${app.id}/owners/$ref`, { token, body: ref });
  assert.equal(add.status, 204, add.text);
  assertGraphError(await graph(emu, 'POST', `/applications/${app.id}/owners/$ref`, { token, body: ref }), 400, 'Request_BadRequest',
    /^One or more added object references already exist for the following modified properties: 'owners'\.$/);

  const list = await graph(emu, 'GET', `/applications/${app.id}/owners`, { token });
  assert.equal(list.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#directoryObjects`);
  const user = list.json.value.find((o: any) => o.id === dev.id);
  assert.equal(user['@odata.type'], '#microsoft.graph.user');
  assert.equal(user.userPrincipalName, DEV);
  assert.equal(list.json.value.length, 2);

  assertGraphError(await graph(emu, 'POST', `/applications/${app.id}/owners/$ref`, { token, body: { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/0f0f0f0f-0000-4000-8000-000000000000' } }), 404, 'Request_ResourceNotFound');
  assert.equal((await graph(emu, 'DELETE', `/applications/${app.id}/owners/${dev.id}/$ref`, { token })).status, 204);
  const after = await graph(emu, 'GET', `/applications/${app.id}/owners`, { token });
  assert.ok(!after.json.value.some((o: any) => o.id === dev.id));
  assert.equal(after.json.value.length, 1);
  assertGraphError(await graph(emu, 'DELETE', `/applications/${app.id}/owners/${dev.id}/$ref`, { token }), 404, 'Request_ResourceNotFound');
});

test('servicePrincipals: created from appId, read by (appId=...), and accountEnabled=false makes the token endpoint answer AADSTS7000112', async () => {
  const { emu, token, create } = await setup();
  const app = await create('Daemon With SP');
  const secret = (await graph(emu, 'POST', `/applications/${app.id}/addPassword`, { token })).json.secretText as string;
  const askToken = () => postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: app.appId, client_secret: secret, scope: GRAPH_DEFAULT });
  assertEntraError(await askToken(), 400, 'invalid_client', 7000229);

  const created = await graph(emu, 'POST', '/servicePrincipals', { token, body: { appId: app.appId } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#servicePrincipals/$entity`);
  assert.equal(created.json.appId, app.appId);
  assert.equal(created.json.accountEnabled, true);
  assert.equal(created.json.servicePrincipalType, 'Application');
  assert.equal(created.json.appOwnerOrganizationId, emu.info.tenantId);
  const sp = await graph(emu, 'GET', `/servicePrincipals(appId='${app.appId}')`, { token });
  assert.equal(sp.status, 200, sp.text);
  assert.equal(sp.json.id, created.json.id);
  assert.equal(sp.json.appDisplayName, 'Daemon With SP');
  assert.equal((await askToken()).status, 200);
  assert.equal((await graph(emu, 'POST', '/servicePrincipals', { token, body: { appId: app.appId } })).status, 409);
  assertGraphError(await graph(emu, 'POST', '/servicePrincipals', { token, body: { appId: '0f0f0f0f-0000-4000-8000-000000000000' } }), 400, 'Request_BadRequest');

  const disable = await graph(emu, 'PATCH', `/servicePrincipals/${created.json.id}`, { token, body: { accountEnabled: false } });
  assert.equal(disable.status, 204, disable.text);
  assert.equal((await graph(emu, 'GET', `/servicePrincipals/${created.json.id}`, { token })).json.accountEnabled, false);
  assertEntraError(await askToken(), 400, 'unauthorized_client', 7000112);
  assertGraphError(await graph(emu, 'PATCH', `/servicePrincipals/${created.json.id}`, { token, body: { accountEnabled: 'no' } }), 400, 'Request_BadRequest');
  assert.equal((await graph(emu, 'PATCH', `/servicePrincipals(appId='${app.appId}')`, { token, body: { accountEnabled: true } })).status, 204);
  assert.equal((await askToken()).status, 200);
});
