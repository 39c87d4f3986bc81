// Proves an unmodified @azure/keyvault-secrets SecretClient works against the emulator's Key Vault: the
// challenge-based auth with a ClientSecretCredential, set/get/list/update, soft delete with its pollers,
// recover, purge, backup/restore, and Azure RBAC by role (Key Vault Secrets Officer vs Secrets User).
// The client needs `disableChallengeResourceVerification: true` because the vault URL is
// https://127.0.0.1:{port}/vaults/{name}, not a subdomain of the challenge resource (vault.azure.net).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { SecretClient, parseKeyVaultSecretIdentifier } from '@azure/keyvault-secrets';
import { testEmulator, claimsOf } from '../helpers/emulator.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { grantVaultRole } from '../../src/emulator/state/seed.ts';

const VERSION = /^[0-9a-f]{32}$/;

function credential(emu: RunningEmulator, clientId = emu.info.bootstrap.clientId, clientSecret = emu.info.bootstrap.clientSecret) {
  return new ClientSecretCredential(emu.info.tenantId, clientId, clientSecret, { authorityHost: emu.info.authorityHost, disableInstanceDiscovery: true });
}

function client(emu: RunningEmulator, cred: TokenCredential = credential(emu)) {
  return new SecretClient(emu.info.keyVaultUrl, cred, { disableChallengeResourceVerification: true });
}

/** A new app with a client secret and, optionally, a role on the default vault. */
function appWithVaultRole(emu: RunningEmulator, name: string, role?: string) {
  const tenant = emu.store.defaultTenant;
  const { app, sp } = tenant.addApplication({ displayName: name }, new Date());
  const { secretText } = tenant.addPassword(app, { displayName: 'test' }, new Date());
  if (role) grantVaultRole(tenant, 'default', sp.id, role);
  return { appId: app.appId, secretText, spId: sp.id };
}

async function rejectsWith(promise: Promise<unknown>, status: number, code: string, message?: RegExp | string) {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err?.statusCode, status, `${err?.name}: ${err?.message}`);
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

test('SecretClient: setSecret with tags, getSecret latest and by version, through the challenge', async () => {
  const emu = await testEmulator();
  const cred = credential(emu);
  const kv = client(emu, cred);
  const signIns = emu.store.defaultTenant.record.signIns;
  const before = signIns.length;

  // @azure/keyvault-secrets 4.11 drops the contentType option of setSecret/updateSecretProperties from the
  // request body (Azure/azure-sdk-for-js#38300), so contentType is sent over raw REST below.
  const first = await kv.setSecret('db-password', 'first value', { contentType: 'text/plain', tags: { env: 'test', owner: 'ci' } });
  assert.equal(first.name, 'db-password');
  assert.equal(first.value, 'first value');
  assert.match(first.properties.version!, VERSION);
  assert.deepEqual(first.properties.tags, { env: 'test', owner: 'ci' });
  assert.equal(first.properties.enabled, true);
  assert.equal(first.properties.recoveryLevel, 'Recoverable+Purgeable');
  assert.equal(first.properties.recoverableDays, 90);
  assert.ok(first.properties.createdOn instanceof Date && Math.abs(first.properties.createdOn.getTime() - Date.now()) < 60_000);
  assert.equal(first.properties.id, `${emu.info.authorityHost}/secrets/db-password/${first.properties.version}`);

  // The credential got exactly one token, for Key Vault, from the tenant named in the challenge.
  assert.equal(signIns.length, before + 1);
  assert.equal(signIns.at(-1)!.resourceDisplayName, 'Azure Key Vault');

  const token = (await cred.getToken('https://vault.azure.net/.default'))!.token; // a non-CAE token: its own cache entry
  const signInsSoFar = signIns.length;
  const put = await fetch(`${emu.info.keyVaultUrl}/secrets/db-password?api-version=7.5`, {
    method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ value: 'second value', contentType: 'text/plain' }),
  });
  assert.equal(put.status, 200);
  const secondVersion = parseKeyVaultSecretIdentifier(((await put.json()) as { id: string }).id).version;
  assert.notEqual(secondVersion, first.properties.version, 'a new version every time');

  const latest = await kv.getSecret('db-password');
  assert.equal(latest.value, 'second value');
  assert.equal(latest.properties.version, secondVersion);
  assert.equal(latest.properties.contentType, 'text/plain');
  assert.equal(latest.properties.tags, undefined, 'tags belong to a version');

  const old = await kv.getSecret('db-password', { version: first.properties.version! });
  assert.equal(old.value, 'first value');
  assert.deepEqual(old.properties.tags, { env: 'test', owner: 'ci' });

  // Names are case-insensitive; the first casing is kept.
  assert.equal((await kv.getSecret('DB-PASSWORD')).name, 'db-password');
  assert.equal(parseKeyVaultSecretIdentifier(latest.properties.id!).name, 'db-password');
  assert.equal(signIns.length, signInsSoFar, 'later calls reuse the cached token');

  await rejectsWith(kv.getSecret('no-such-secret'), 404, 'SecretNotFound', /^A secret with \(name\/id\) no-such-secret was not found in this key vault\./);
});

test('SecretClient: listPropertiesOfSecrets over several pages, listPropertiesOfSecretVersions', async () => {
  const emu = await testEmulator();
  const kv = client(emu);
  const names = Array.from({ length: 27 }, (_, i) => `page-secret-${String(i).padStart(2, '0')}`);
  for (const n of names) await kv.setSecret(n, `value of ${n}`);

  const listed: string[] = [];
  for await (const p of kv.listPropertiesOfSecrets()) {
    assert.equal((p as { value?: unknown }).value, undefined, 'list items carry no value');
    listed.push(p.name);
  }
  assert.deepEqual(listed.sort(), names);

  const pageSizes: number[] = [];
  for await (const page of kv.listPropertiesOfSecrets().byPage()) pageSizes.push(page.length);
  assert.deepEqual(pageSizes, [25, 2], 'default maxresults is 25, then a nextLink');

  const smallPages: number[] = [];
  for await (const page of kv.listPropertiesOfSecrets().byPage({ maxPageSize: 10 })) smallPages.push(page.length);
  assert.deepEqual(smallPages, [10, 10, 7]);

  const v1 = await kv.setSecret('versioned', 'one');
  const v2 = await kv.setSecret('versioned', 'two');
  const v3 = await kv.setSecret('versioned', 'three');
  const versions: string[] = [];
  for await (const p of kv.listPropertiesOfSecretVersions('versioned')) {
    assert.equal(p.name, 'versioned');
    versions.push(p.version!);
  }
  assert.deepEqual(versions.sort(), [v1, v2, v3].map((s) => s.properties.version!).sort());
});

test('SecretClient: updateSecretProperties; a disabled secret cannot be read (403 SecretDisabled)', async () => {
  const emu = await testEmulator();
  const kv = client(emu);
  const s = await kv.setSecret('api-key', 'the value', { tags: { a: '1' } });
  const updated = await kv.updateSecretProperties('api-key', s.properties.version!, { enabled: false, tags: { b: '2' } });
  assert.equal(updated.enabled, false);
  assert.deepEqual(updated.tags, { b: '2' });
  assert.ok(updated.updatedOn! >= updated.createdOn!);

  await rejectsWith(kv.getSecret('api-key'), 403, 'Forbidden', 'Operation get is not allowed on a disabled secret.');
  await rejectsWith(kv.getSecret('api-key', { version: s.properties.version! }), 403, 'Forbidden');
  // Still listed, with its properties.
  const listed = [];
  for await (const p of kv.listPropertiesOfSecrets()) listed.push(p);
  assert.equal(listed.length, 1);
  assert.equal(listed[0]!.enabled, false);

  await kv.updateSecretProperties('api-key', s.properties.version!, { enabled: true });
  assert.equal((await kv.getSecret('api-key')).value, 'the value');
});

test('SecretClient: soft delete, getDeletedSecret, recover, purge, and a soft-deleted name cannot be reused (409)', async () => {
  const emu = await testEmulator();
  const kv = client(emu);
  await kv.setSecret('rotating', 'v1', { tags: { purpose: 'rotation' } });

  const deletePoller = await kv.beginDeleteSecret('rotating');
  const deleted = await deletePoller.pollUntilDone();
  assert.equal(deleted.name, 'rotating');
  assert.equal(deleted.recoveryId, `${emu.info.authorityHost}/deletedsecrets/rotating`);
  assert.ok(deleted.deletedOn instanceof Date);
  assert.equal(deleted.scheduledPurgeDate!.getTime() - deleted.deletedOn!.getTime(), 90 * 86_400_000);
  assert.equal(deleted.value, undefined, 'a deleted secret shows no value');

  await rejectsWith(kv.getSecret('rotating'), 404, 'SecretNotFound');
  const got = await kv.getDeletedSecret('rotating');
  assert.deepEqual(got.properties.tags, { purpose: 'rotation' });
  assert.equal(got.properties.recoveryId, deleted.recoveryId);
  const deletedNames = [];
  for await (const d of kv.listDeletedSecrets()) deletedNames.push(d.name);
  assert.deepEqual(deletedNames, ['rotating']);

  await rejectsWith(kv.setSecret('rotating', 'v2'), 409, 'Conflict',
    'Secret rotating is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.');

  const recoverPoller = await kv.beginRecoverDeletedSecret('rotating');
  const recovered = await recoverPoller.pollUntilDone();
  assert.equal(recovered.name, 'rotating');
  assert.equal((await kv.getSecret('rotating')).value, 'v1');
  await rejectsWith(kv.getDeletedSecret('rotating'), 404, 'SecretNotFound');

  await (await kv.beginDeleteSecret('rotating')).pollUntilDone();
  await kv.purgeDeletedSecret('rotating');
  await rejectsWith(kv.getDeletedSecret('rotating'), 404, 'SecretNotFound');
  await rejectsWith(kv.getSecret('rotating'), 404, 'SecretNotFound');
  // Purged: the name is free again, and starts a new history.
  const again = await kv.setSecret('rotating', 'fresh');
  const versions = [];
  for await (const p of kv.listPropertiesOfSecretVersions('rotating')) versions.push(p.version);
  assert.deepEqual(versions, [again.properties.version]);
});

test('SecretClient: backupSecret and restoreSecretBackup', async () => {
  const emu = await testEmulator();
  const kv = client(emu);
  await kv.setSecret('backed-up', 'one');
  await kv.setSecret('backed-up', 'two');
  const blob = await kv.backupSecret('backed-up');
  assert.ok(blob instanceof Uint8Array && blob.length > 0);
  assert.ok(!Buffer.from(blob!).toString('latin1').includes('two'), 'the blob is opaque');

  await rejectsWith(kv.restoreSecretBackup(blob!), 409, 'Conflict');
  await (await kv.beginDeleteSecret('backed-up')).pollUntilDone();
  await kv.purgeDeletedSecret('backed-up');
  const restored = await kv.restoreSecretBackup(blob!);
  assert.equal(restored.name, 'backed-up');
  assert.equal((await kv.getSecret('backed-up')).value, 'two');
  const versions = [];
  for await (const p of kv.listPropertiesOfSecretVersions('backed-up')) versions.push(p.version);
  assert.equal(versions.length, 2, 'every version comes back');
});

test('RBAC: Key Vault Secrets User can get and list but not set or delete; no role, no access', async () => {
  const emu = await testEmulator();
  await client(emu).setSecret('shared', 'readable');

  const reader = appWithVaultRole(emu, 'Secrets reader', 'Key Vault Secrets User');
  const kv = client(emu, credential(emu, reader.appId, reader.secretText));
  assert.equal((await kv.getSecret('shared')).value, 'readable');
  const names = [];
  for await (const p of kv.listPropertiesOfSecrets()) names.push(p.name);
  assert.deepEqual(names, ['shared']);

  await assert.rejects(kv.setSecret('shared', 'overwritten'), (err: any) => {
    assert.equal(err.statusCode, 403);
    assert.equal(err.code, 'Forbidden');
    assert.match(err.message, /^Caller is not authorized to perform action on resource\.\r\n/);
    assert.ok(err.message.includes(`Caller: appid=${reader.appId};oid=${reader.spId};iss=${emu.info.authorityHost}/${emu.info.tenantId}/\r\n`), err.message);
    assert.ok(err.message.includes("Action: 'Microsoft.KeyVault/vaults/secrets/setSecret/action'\r\n"), err.message);
    assert.ok(err.message.includes("DecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: default;location=eastus\r\n"), err.message);
    return true;
  });
  await rejectsWith(kv.beginDeleteSecret('shared'), 403, 'Forbidden');
  assert.equal((await client(emu).getSecret('shared')).value, 'readable', 'nothing changed');

  const stranger = appWithVaultRole(emu, 'No vault role');
  await rejectsWith(client(emu, credential(emu, stranger.appId, stranger.secretText)).getSecret('shared'), 403, 'Forbidden', /getSecret\/action/);
});

test('A token for another audience is refused with AKV10022', async () => {
  const emu = await testEmulator();
  const inner = credential(emu);
  // A credential that answers every request with a Microsoft Graph token.
  const graphOnly: TokenCredential = { getToken: () => inner.getToken('https://graph.microsoft.com/.default') };
  const graphToken = await inner.getToken('https://graph.microsoft.com/.default');
  assert.equal(claimsOf(graphToken.token).aud, 'https://graph.microsoft.com');
  await rejectsWith(client(emu, graphOnly).getSecret('anything'), 401, 'Unauthorized',
    'AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://graph.microsoft.com.');
});

test('Secrets persist with the state dir (state.json 0600) and survive a restart; values never reach the request log', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'eac-kv-state-'));
  t.after(() => rmSync(stateDir, { recursive: true, force: true }));
  const lines: string[] = [];
  // The CA scripts/test.mjs trusts, rather than a new one under the state dir.
  const caDir = dirname(process.env.EAC_TEST_CA!);
  const first = await testEmulator({ stateDir, caDir, log: (l) => lines.push(l) });
  try {
    await client(first).setSecret('persisted', 'value-that-must-not-be-logged', { tags: { k: 'v' } });
  } finally {
    await first.stop();
  }
  if (process.platform !== 'win32') assert.equal(statSync(join(stateDir, 'state.json')).mode & 0o777, 0o600);
  assert.ok(lines.some((l) => l.includes('/secrets/persisted')), 'requests are logged');
  assert.ok(!lines.some((l) => l.includes('value-that-must-not-be-logged')));

  const second = await testEmulator({ stateDir, caDir });
  try {
    const s = await client(second).getSecret('persisted');
    assert.equal(s.value, 'value-that-must-not-be-logged');
    assert.deepEqual(s.properties.tags, { k: 'v' });
  } finally {
    await second.stop();
  }
});
