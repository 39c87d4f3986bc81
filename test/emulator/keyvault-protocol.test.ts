// Key Vault secrets data plane over raw HTTPS (docs/protocol-notes.md, the "Key Vault" sections): the
// challenge of an unauthenticated request (answered before any body is read), token checks, error bodies
// with x-ms-error-code, api-version, paging bounds and nextLink, the trailing-slash "latest" get,
// soft-delete shapes, and unknown vaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator, request, postForm, tokenUrl, type RawResponse } from '../helpers/emulator.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { grantVaultRole } from '../../src/emulator/state/seed.ts';

const KV_SCOPE = 'https://vault.azure.net/.default';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function vaultToken(emu: RunningEmulator, opts: { clientId?: string; secret?: string; tenant?: string; scope?: string } = {}): Promise<string> {
  const res = await postForm(tokenUrl(emu, opts.tenant ?? emu.info.tenantId), {
    grant_type: 'client_credentials', client_id: opts.clientId ?? emu.info.bootstrap.clientId,
    client_secret: opts.secret ?? emu.info.bootstrap.clientSecret, scope: opts.scope ?? KV_SCOPE,
  });
  assert.equal(res.status, 200, res.text);
  return res.json.access_token;
}

interface KvInit { method?: string; token?: string; body?: unknown; raw?: string; apiVersion?: string | null; headers?: Record<string, string>; vaultUrl?: string }

/** A request to `${vaultUrl}${path}` with api-version 7.5 unless told otherwise. */
function kv(emu: RunningEmulator, path: string, init: KvInit = {}): Promise<RawResponse> {
  const url = new URL(`${init.vaultUrl ?? emu.info.keyVaultUrl}${path}`);
  const apiVersion = init.apiVersion === undefined ? '7.5' : init.apiVersion;
  if (apiVersion !== null) url.searchParams.set('api-version', apiVersion);
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  // $skiptoken must stay literal in URLs built from nextLink, so pass the string, not a re-encoded URL.
  return request(url.toString().replace(/%24skiptoken/g, '$skiptoken'), { method: init.method ?? 'GET', headers, body });
}

function assertKvError(res: RawResponse, status: number, code: string, message?: string | RegExp, innerCode?: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get('x-ms-error-code'), code);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(Object.keys(res.json), ['error']);
  assert.equal(res.json.error.code, code);
  if (typeof message === 'string') assert.equal(res.json.error.message, message);
  else if (message) assert.match(res.json.error.message, message);
  if (innerCode) assert.deepEqual(res.json.error.innererror, { code: innerCode });
  else assert.equal(res.json.error.innererror, undefined);
}

function assertChallenge(emu: RunningEmulator, res: RawResponse, tenantId = emu.info.tenantId): void {
  const header = res.headers.get('www-authenticate');
  assert.equal(header, `Bearer authorization="${emu.info.authorityHost}/${tenantId}", resource="https://vault.azure.net"`);
  // How @azure/keyvault-common reads it: split on /,? +/, then each pair on "=": values must hold neither.
  const pairs = header!.split(/,? +/).filter((p) => /\w="/.test(p)).map((p) => p.split('='));
  assert.deepEqual(pairs.map((p) => p.length), [2, 2]);
  assert.equal(new URL(pairs[0]![1]!.slice(1, -1)).pathname.slice(1), tenantId);
}

test('no Authorization: 401 with the challenge, before the body is read or validated', async () => {
  const emu = await testEmulator();
  // What SecretClient sends first: the PUT with its body stripped.
  const first = await kv(emu, '/secrets/new-secret', { method: 'PUT', headers: { 'x-ms-client-request-id': 'c0ffee00-1111-2222-3333-444455556666' } });
  assertKvError(first, 401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.');
  assert.equal(first.text, '{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}');
  assertChallenge(emu, first);
  assert.equal(first.headers.get('x-ms-client-request-id'), 'c0ffee00-1111-2222-3333-444455556666');
  assert.match(first.headers.get('x-ms-request-id') ?? '', UUID);
  assert.equal(first.headers.get('cache-control'), 'no-cache');
  assert.ok(first.headers.get('x-ms-keyvault-service-version'));
  assert.equal(first.headers.get('x-ms-keyvault-region'), 'eastus');

  // A body that would be a 400 is not looked at; neither is a missing api-version.
  const badBody = await kv(emu, '/secrets/new-secret', { method: 'PUT', raw: '{not json' });
  assertKvError(badBody, 401, 'Unauthorized');
  assertChallenge(emu, badBody);
  assertKvError(await kv(emu, '/secrets', { apiVersion: null }), 401, 'Unauthorized');
  assertKvError(await kv(emu, '/secrets/bad_name', { method: 'PUT' }), 401, 'Unauthorized');
  // Another scheme is no bearer token.
  assertKvError(await kv(emu, '/secrets', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.');
  assert.equal(emu.store.defaultTenant.record.vaults[0]!.secrets?.length ?? 0, 0, 'nothing was created');
});

test('token checks: audience (AKV10022), tenant (AKV10032), signature, expiry; every 401 carries the challenge', async () => {
  let clock = Date.now();
  const emu = await testEmulator({
    now: () => clock,
    seed: {
      tenants: [
        { domain: 'contoso.onmicrosoft.com', vaults: ['default'] },
        { domain: 'fabrikam.onmicrosoft.com', vaults: ['fabrikam-kv'], applications: [{ displayName: 'Fabrikam app', vaultRoles: [{ vault: 'fabrikam-kv', role: 'Key Vault Secrets Officer' }] }] },
      ],
    },
  });
  const graph = await vaultToken(emu, { scope: 'https://graph.microsoft.com/.default' });
  const wrongAud = await kv(emu, '/secrets', { token: graph });
  assertKvError(wrongAud, 401, 'Unauthorized', 'AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://graph.microsoft.com.');
  assertChallenge(emu, wrongAud);

  // A Fabrikam app with a token for Key Vault: fine on Fabrikam's vault, refused by Contoso's.
  const fabrikam = emu.store.tenants[1]!;
  const app = fabrikam.record.applications.find((a) => a.displayName === 'Fabrikam app')!;
  const { secretText } = fabrikam.addPassword(app, { displayName: 'test' }, new Date(clock));
  const fabToken = await vaultToken(emu, { tenant: fabrikam.id, clientId: app.appId, secret: secretText });
  const fabVault = `${emu.info.authorityHost}/vaults/fabrikam-kv`;
  const unauth = await kv(emu, '/secrets', { vaultUrl: fabVault });
  assertChallenge(emu, unauth, fabrikam.id);
  assert.equal((await kv(emu, '/secrets', { vaultUrl: fabVault, token: fabToken })).status, 200);
  const otherTenant = await kv(emu, '/secrets', { token: fabToken });
  assertKvError(otherTenant, 401, 'Unauthorized',
    `AKV10032: Invalid issuer. Expected one of ${emu.info.authorityHost}/${emu.info.tenantId}/, ${emu.info.authorityHost}/${emu.info.tenantId}/v2.0, found ${emu.info.authorityHost}/${fabrikam.id}/.`);
  assertChallenge(emu, otherTenant);

  const token = await vaultToken(emu);
  const [h, p, s] = token.split('.');
  const tampered = `${h}.${p}.${s!.slice(0, -4)}${s!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  assertKvError(await kv(emu, '/secrets', { token: tampered }), 401, 'Unauthorized', 'AKV10046: Unable to resolve the key used for signature validation.');
  assertKvError(await kv(emu, '/secrets', { token: 'not-a-jwt' }), 401, 'Unauthorized');

  assert.equal((await kv(emu, '/secrets', { token })).status, 200);
  clock += 2 * 3600_000;
  const expired = await kv(emu, '/secrets', { token });
  assertKvError(expired, 401, 'Unauthorized', "[TokenExpired] Error validating token: 'S2S12086'.");
  assertChallenge(emu, expired);
});

test('api-version: required; 7.x and dated versions accepted, others refused', async () => {
  const emu = await testEmulator();
  const token = await vaultToken(emu);
  for (const v of ['7.0', '7.4', '7.5', '7.6', '7.6-preview.2', '2016-10-01', '2025-07-01']) {
    const res = await kv(emu, '/secrets', { token, apiVersion: v });
    assert.equal(res.status, 200, `${v}: ${res.text}`);
    assert.deepEqual(res.json, { value: [], nextLink: null });
  }
  assertKvError(await kv(emu, '/secrets', { token, apiVersion: null }), 400, 'BadParameter', /api-version/);
  assertKvError(await kv(emu, '/secrets', { token, apiVersion: '6.0' }), 400, 'BadParameter',
    'The specified version (6.0) is not recognized. Consider using the latest supported version (2025-07-01).');
});

test('set / get shapes: new 32-hex version each time, trailing-slash and versioned get, update without value', async () => {
  const emu = await testEmulator();
  const token = await vaultToken(emu);
  const base = emu.info.authorityHost;

  const set1 = await kv(emu, '/secrets/conn-string', { method: 'PUT', token, body: { value: 'v-one', contentType: 'text/plain', tags: { a: '1' }, attributes: { enabled: true, exp: 1893456000 } } });
  assert.equal(set1.status, 200, set1.text);
  assert.match(set1.headers.get('x-ms-request-id') ?? '', UUID);
  assert.equal(set1.headers.get('cache-control'), 'no-cache');
  assert.equal(set1.headers.get('x-ms-error-code'), null);
  const v1 = set1.json.id.split('/').pop();
  assert.match(v1, /^[0-9a-f]{32}$/);
  assert.equal(set1.json.id, `${base}/secrets/conn-string/${v1}`);
  assert.deepEqual(Object.keys(set1.json).sort(), ['attributes', 'contentType', 'id', 'tags', 'value']);
  assert.equal(set1.json.value, 'v-one');
  const { created, updated, ...rest } = set1.json.attributes;
  assert.equal(created, updated);
  assert.ok(Math.abs(created - Date.now() / 1000) < 60, 'unix seconds');
  assert.deepEqual(rest, { enabled: true, exp: 1893456000, recoverableDays: 90, recoveryLevel: 'Recoverable+Purgeable' });

  const set2 = await kv(emu, '/secrets/conn-string', { method: 'PUT', token, body: { value: 'v-two' } });
  const v2 = set2.json.id.split('/').pop();
  assert.notEqual(v2, v1);
  assert.deepEqual(Object.keys(set2.json).sort(), ['attributes', 'id', 'value']);

  for (const path of ['/secrets/conn-string/', '/secrets/conn-string']) {
    const got = await kv(emu, path, { token });
    assert.equal(got.status, 200, `${path}: ${got.text}`);
    assert.equal(got.json.value, 'v-two');
    assert.equal(got.json.id, `${base}/secrets/conn-string/${v2}`);
  }
  const byVersion = await kv(emu, `/secrets/conn-string/${v1}`, { token });
  assert.equal(byVersion.json.value, 'v-one');
  assert.equal(byVersion.json.contentType, 'text/plain');
  assertKvError(await kv(emu, `/secrets/conn-string/${'0'.repeat(32)}`, { token }), 404, 'SecretNotFound',
    `A secret with (name/id) conn-string/${'0'.repeat(32)} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`);

  const patched = await kv(emu, `/secrets/conn-string/${v1}`, { method: 'PATCH', token, body: { contentType: 'application/json', tags: { b: '2' }, attributes: { enabled: false }, value: 'ignored' } });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.value, undefined, 'update answers carry no value');
  assert.equal(patched.json.contentType, 'application/json');
  assert.deepEqual(patched.json.tags, { b: '2' });
  assert.equal(patched.json.attributes.enabled, false);
  assert.equal(patched.json.attributes.exp, 1893456000, 'attributes not sent are kept');
  assertKvError(await kv(emu, `/secrets/conn-string/${v1}`, { token }), 403, 'Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled');
  assert.equal((await kv(emu, '/secrets/conn-string/', { token })).json.value, 'v-two', 'only that version is disabled');

  const versions = await kv(emu, '/secrets/conn-string/versions', { token });
  assert.deepEqual(versions.json.value.map((i: { id: string }) => i.id).sort(), [v1, v2].map((v) => `${base}/secrets/conn-string/${v}`).sort());
  assert.ok(versions.json.value.every((i: object) => !('value' in i)));
  const list = await kv(emu, '/secrets', { token });
  assert.deepEqual(list.json.value.map((i: { id: string }) => i.id), [`${base}/secrets/conn-string`]);
});

test('bad input: names, JSON bodies and properties are 400 BadParameter', async () => {
  const emu = await testEmulator();
  const token = await vaultToken(emu);
  assertKvError(await kv(emu, '/secrets/bad_name', { method: 'PUT', token, body: { value: 'x' } }), 400, 'BadParameter', 'The request URI contains an invalid name: bad_name');
  assertKvError(await kv(emu, `/secrets/${'a'.repeat(128)}`, { method: 'PUT', token, body: { value: 'x' } }), 400, 'BadParameter');
  assert.equal((await kv(emu, `/secrets/${'a'.repeat(127)}`, { method: 'PUT', token, body: { value: 'x' } })).status, 200);
  assertKvError(await kv(emu, '/secrets/bad_name', { token }), 400, 'BadParameter');

  for (const raw of ['{not json', '', '[1,2]', '"text"', 'null']) {
    assertKvError(await kv(emu, '/secrets/ok-name', { method: 'PUT', token, raw }), 400, 'BadParameter', undefined);
  }
  for (const body of [{}, { value: 42 }, { value: 'x', tags: { t: 1 } }, { value: 'x', attributes: { enabled: 'yes' } }, { value: 'x', attributes: { exp: 'tomorrow' } }, { value: 'x', contentType: 7 }]) {
    const res = await kv(emu, '/secrets/ok-name', { method: 'PUT', token, body });
    assertKvError(res, 400, 'BadParameter');
  }
  const tooBig = await kv(emu, '/secrets/ok-name', { method: 'PUT', token, body: { value: 'x'.repeat(25 * 1024 + 1) } });
  assertKvError(tooBig, 400, 'BadParameter', /25 KB/);
  assert.ok(!tooBig.text.includes('xxxxxxxx'), 'errors never echo the value');
  assertKvError(await kv(emu, '/secrets/ok-name', { token }), 404, 'SecretNotFound', /^A secret with \(name\/id\) ok-name was not found/);
  assertKvError(await kv(emu, '/secrets/ok-name/extra/segments', { token }), 404, 'NotFound');
  assertKvError(await kv(emu, '/secrets', { method: 'POST', token, body: {} }), 405, 'MethodNotAllowed');
});

test('paging: maxresults 1-25 (default 25), absolute nextLink with $skiptoken, null on the last page', async () => {
  const emu = await testEmulator();
  const token = await vaultToken(emu);
  for (let i = 0; i < 5; i++) assert.equal((await kv(emu, `/secrets/s${i}`, { method: 'PUT', token, body: { value: `v${i}` } })).status, 200);

  for (const bad of ['0', '26', '-1', 'abc', '1.5']) {
    assertKvError(await kv(emu, `/secrets?maxresults=${bad}`, { token }), 400, 'BadParameter', /maxresults/);
  }
  assert.equal((await kv(emu, '/secrets?maxresults=25', { token })).json.value.length, 5);
  assertKvError(await kv(emu, '/secrets?$skiptoken=garbage', { token }), 400, 'BadParameter');

  const first = await kv(emu, '/secrets?maxresults=2', { token });
  assert.equal(first.json.value.length, 2);
  assert.ok(first.json.nextLink.startsWith(`${emu.info.keyVaultUrl}/secrets?api-version=7.5&$skiptoken=`), first.json.nextLink);
  assert.ok(first.json.nextLink.endsWith('&maxresults=2'));
  const ids: string[] = first.json.value.map((i: { id: string }) => i.id);
  let next: string | null = first.json.nextLink;
  let pages = 1;
  while (next) {
    const res = await request(next, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, res.text);
    ids.push(...res.json.value.map((i: { id: string }) => i.id));
    next = res.json.nextLink;
    pages++;
  }
  assert.equal(pages, 3);
  assert.deepEqual(ids, [0, 1, 2, 3, 4].map((i) => `${emu.info.authorityHost}/secrets/s${i}`));

  for (let i = 0; i < 3; i++) await kv(emu, '/secrets/s0', { method: 'PUT', token, body: { value: `again ${i}` } });
  const versions = await kv(emu, '/secrets/s0/versions?maxresults=3', { token });
  assert.equal(versions.json.value.length, 3);
  assert.ok(versions.json.nextLink.startsWith(`${emu.info.keyVaultUrl}/secrets/s0/versions?`), versions.json.nextLink);
  const rest = await request(versions.json.nextLink, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(rest.json.value.length, 1);
  assert.equal(rest.json.nextLink, null);
  assert.deepEqual(await kv(emu, '/secrets/never-set/versions', { token }).then((r) => r.json), { value: [], nextLink: null });
});

test('soft delete: DeletedSecretBundle shape, 409 on a deleted name, recover, purge 204, purge after 90 days', async () => {
  let clock = Date.now();
  const emu = await testEmulator({ now: () => clock });
  let token = await vaultToken(emu);
  const base = emu.info.authorityHost;
  const set = await kv(emu, '/secrets/old-key', { method: 'PUT', token, body: { value: 'v', tags: { t: 'x' } } });
  const version = set.json.id.split('/').pop();

  const del = await kv(emu, '/secrets/old-key', { method: 'DELETE', token });
  assert.equal(del.status, 200, del.text);
  assert.equal(del.json.recoveryId, `${base}/deletedsecrets/old-key`);
  assert.equal(del.json.id, `${base}/secrets/old-key/${version}`);
  assert.equal(del.json.value, undefined);
  assert.equal(del.json.scheduledPurgeDate - del.json.deletedDate, 90 * 86400);
  assert.ok(Math.abs(del.json.deletedDate - clock / 1000) < 5);
  assert.deepEqual(del.json.tags, { t: 'x' });

  assertKvError(await kv(emu, '/secrets/old-key', { method: 'DELETE', token }), 404, 'SecretNotFound');
  const listed = await kv(emu, '/deletedsecrets', { token });
  assert.deepEqual(listed.json.value.map((d: { id: string; recoveryId: string }) => [d.id, d.recoveryId]), [[`${base}/secrets/old-key`, `${base}/deletedsecrets/old-key`]]);
  assert.equal((await kv(emu, '/deletedsecrets/old-key', { token })).json.id, `${base}/secrets/old-key/${version}`);

  const conflict = await kv(emu, '/secrets/old-key', { method: 'PUT', token, body: { value: 'again' } });
  assertKvError(conflict, 409, 'Conflict',
    'Secret old-key is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.',
    'ObjectIsDeletedButRecoverable');

  const recovered = await kv(emu, '/deletedsecrets/old-key/recover', { method: 'POST', token });
  assert.equal(recovered.status, 200, recovered.text);
  assert.equal(recovered.json.id, `${base}/secrets/old-key/${version}`);
  assert.equal(recovered.json.value, undefined);
  assertKvError(await kv(emu, '/deletedsecrets/old-key', { token }), 404, 'SecretNotFound', 'Deleted Secret not found');
  assertKvError(await kv(emu, '/deletedsecrets/old-key/recover', { method: 'POST', token }), 404, 'SecretNotFound');

  await kv(emu, '/secrets/old-key', { method: 'DELETE', token });
  const purge = await kv(emu, '/deletedsecrets/old-key', { method: 'DELETE', token });
  assert.equal(purge.status, 204);
  assert.equal(purge.text, '');
  assert.equal(purge.headers.get('content-length'), null);
  assert.match(purge.headers.get('x-ms-request-id') ?? '', UUID);
  assertKvError(await kv(emu, '/deletedsecrets/old-key', { method: 'DELETE', token }), 404, 'SecretNotFound');

  // Retention: 90 days after deletion the secret is purged by the vault itself.
  await kv(emu, '/secrets/short-lived', { method: 'PUT', token, body: { value: 'v' } });
  await kv(emu, '/secrets/short-lived', { method: 'DELETE', token });
  clock += 89 * 86400_000;
  token = await vaultToken(emu);
  assert.equal((await kv(emu, '/deletedsecrets', { token })).json.value.length, 1);
  clock += 2 * 86400_000;
  token = await vaultToken(emu);
  assert.deepEqual((await kv(emu, '/deletedsecrets', { token })).json, { value: [], nextLink: null });
  assert.equal((await kv(emu, '/secrets/short-lived', { method: 'PUT', token, body: { value: 'reborn' } })).status, 200);
});

test('RBAC: a 403 ForbiddenByRbac body in Key Vault\'s layout; Secrets User reads but cannot write', async () => {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const officer = await vaultToken(emu);
  await kv(emu, '/secrets/guarded', { method: 'PUT', token: officer, body: { value: 'v' } });

  const { app, sp } = tenant.addApplication({ displayName: 'KV reader' }, new Date());
  const { secretText } = tenant.addPassword(app, { displayName: 'test' }, new Date());
  const token = await vaultToken(emu, { clientId: app.appId, secret: secretText });

  const denied = await kv(emu, '/secrets/guarded', { token });
  assertKvError(denied, 403, 'Forbidden', undefined, 'ForbiddenByRbac');
  assert.equal(denied.json.error.message,
    'Caller is not authorized to perform action on resource.\r\n'
    + 'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n'
    + `Caller: appid=${app.appId};oid=${sp.id};iss=${emu.info.authorityHost}/${emu.info.tenantId}/\r\n`
    + "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\n"
    + "Resource: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/emulator/providers/microsoft.keyvault/vaults/default/secrets/guarded'\r\n"
    + 'Assignment: (not found)\r\n'
    + "DecisionReason: 'DeniedWithNoValidRBAC' \r\n"
    + 'Vault: default;location=eastus\r\n');

  // Roles are read per request: granting takes effect at once, with the same token.
  grantVaultRole(tenant, 'default', sp.id, 'Key Vault Secrets User');
  assert.equal((await kv(emu, '/secrets/guarded', { token })).json.value, 'v');
  assert.equal((await kv(emu, '/secrets', { token })).status, 200);
  assert.equal((await kv(emu, '/deletedsecrets', { token })).status, 200);
  for (const [method, path, action] of [
    ['PUT', '/secrets/guarded', 'setSecret/action'],
    ['PATCH', '/secrets/guarded/', 'update/action'],
    ['DELETE', '/secrets/guarded', 'delete'],
    ['POST', '/secrets/guarded/backup', 'backup/action'],
    ['DELETE', '/deletedsecrets/guarded', 'purge/action'],
    ['POST', '/deletedsecrets/guarded/recover', 'recover/action'],
  ] as const) {
    const res = await kv(emu, path, { method, token, body: method === 'PUT' || method === 'PATCH' ? { value: 'x' } : undefined });
    assertKvError(res, 403, 'Forbidden', new RegExp(`Action: 'Microsoft\\.KeyVault/vaults/secrets/${action.replace('/', '\\/')}'`), 'ForbiddenByRbac');
  }
  assert.equal((await kv(emu, '/secrets/guarded', { token: officer })).json.value, 'v', 'nothing changed');
});

test('unknown vault: 404 VaultNotFound, with or without a token', async () => {
  const emu = await testEmulator();
  const token = await vaultToken(emu);
  const vaultUrl = `${emu.info.authorityHost}/vaults/no-such-vault`;
  assertKvError(await kv(emu, '/secrets', { vaultUrl }), 404, 'VaultNotFound', /no-such-vault/);
  assertKvError(await kv(emu, '/secrets/x', { vaultUrl, token, method: 'PUT', body: { value: 'x' } }), 404, 'VaultNotFound');
  assertKvError(await kv(emu, 'secrets', { vaultUrl: `${emu.info.authorityHost}/vaults/`, token }), 404, 'VaultNotFound');
  // Vault names are case-insensitive, like their DNS names.
  assert.equal((await kv(emu, '/secrets', { vaultUrl: `${emu.info.authorityHost}/vaults/DEFAULT`, token })).status, 200);
});
