// Assembling a profile from answers: every field checked at once and named, flows that fit the method,
// default scopes per cloud, and endpoints per cloud (the emulator's for local profiles).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedFlows, assembleProfile, checkDraft, clientSecretProblem, defaultScopes, draftFromJson, ProfileInvalidError, type ProfileDraft } from '../../src/core/profile-draft.ts';
import { resolveCloud } from '../../src/core/cloud.ts';

const good: ProfileDraft = {
  name: 'demo', cloud: 'public', tenant: 'contoso.onmicrosoft.com', clientId: '1B730954-1685-4B74-9BFD-DAC224A7B894',
  authMethod: 'ClientSecret', scopes: ['https://graph.microsoft.com/.default'], defaultFlow: 'client-credentials', secret: { kind: 'stored' },
};

test('a good draft becomes a profile with timestamps and a lower-case client ID', () => {
  const p = assembleProfile(good, new Date('2026-01-02T03:04:05Z'));
  assert.equal(p.clientId, '1b730954-1685-4b74-9bfd-dac224a7b894');
  assert.equal(p.createdAt, '2026-01-02T03:04:05.000Z');
  assert.equal(assembleProfile(good, new Date('2026-02-01T00:00:00Z'), p.createdAt).createdAt, p.createdAt);
});

test('every problem is reported with its field', () => {
  const problems = checkDraft({ ...good, name: '-x', tenant: 'no tenant', clientId: 'x', scopes: ['https://graph.microsoft.com'], secret: undefined, defaultFlow: 'device-code' });
  assert.deepEqual(problems.map((p) => p.field), ['name', 'tenant', 'clientId', 'secret', 'scopes', 'defaultFlow']);
  assert.throws(() => assembleProfile({ ...good, clientId: 'x' }, new Date()), (e: Error) => e instanceof ProfileInvalidError && e.problems[0]!.field === 'clientId');
  assert.deepEqual(checkDraft({ ...good, cloud: 'custom' }).map((p) => p.field), ['authorityHost']);
  assert.deepEqual(checkDraft({ ...good, cloud: 'custom', custom: { authorityHost: 'http://x.example', graphUrl: 'https://g.example', keyVaultSuffix: 'nope' } }).map((p) => p.field), ['authorityHost', 'keyVaultSuffix']);
  assert.deepEqual(checkDraft({ ...good, authMethod: 'DeviceCode', defaultFlow: 'device-code' }).map((p) => p.field), ['secret'], 'a public client has no secret');
  assert.deepEqual(checkDraft({ ...good, secret: { kind: 'reference', ref: 'keyvault://my-vault/app-secret' } }), []);
});

test('flows fit the method; default scopes follow the cloud', () => {
  assert.deepEqual(allowedFlows('ClientSecret'), ['client-credentials', 'interactive']);
  assert.deepEqual(allowedFlows('DeviceCode'), ['interactive', 'device-code']);
  assert.deepEqual(defaultScopes('usgov'), ['https://graph.microsoft.us/.default']);
  assert.deepEqual(defaultScopes('local'), ['https://graph.microsoft.com/.default']);
  assert.deepEqual(defaultScopes('custom', { authorityHost: 'https://l.example', graphUrl: 'https://g.example/', keyVaultSuffix: '.v.example' }), ['https://g.example/.default']);
});

test('client secret values: a GUID is the secret ID, not its value', () => {
  assert.match(clientSecretProblem('1b730954-1685-4b74-9bfd-dac224a7b894') ?? '', /secret's ID/);
  assert.match(clientSecretProblem('  ') ?? '', /empty/);
  assert.match(clientSecretProblem('a\nb') ?? '', /one line/);
  assert.equal(clientSecretProblem('abc-def_ghi.jkl'), undefined);
});

test('draftFromJson accepts a profile shape and nothing else', () => {
  assert.deepEqual(draftFromJson(JSON.parse(JSON.stringify(good))), good);
  assert.equal(draftFromJson({ ...good, scopes: 'x' }), undefined);
  assert.equal(draftFromJson({ ...good, secret: { kind: 'other' } }), undefined);
  assert.equal(draftFromJson({ ...good, certificate: { path: 1 } }), undefined);
  assert.equal(draftFromJson('demo'), undefined);
});

test('endpoints: fixed per sovereign cloud, the emulator\'s for local, Key Vault URLs per vault', () => {
  const gov = resolveCloud({ cloud: 'usgov' });
  assert.equal(gov.authorityHost, 'https://login.microsoftonline.us');
  assert.equal(gov.keyVaultUrl('kv1'), 'https://kv1.vault.usgovcloudapi.net');
  const local = resolveCloud({ cloud: 'local' }, { authorityHost: 'https://127.0.0.1:4443/', graphBaseUrl: 'https://127.0.0.1:4443', keyVaultUrl: 'https://127.0.0.1:4443', caCertPath: '/tmp/ca.pem' });
  assert.equal(local.authorityHost, 'https://127.0.0.1:4443');
  assert.equal(local.keyVaultUrl('kv1'), 'https://127.0.0.1:4443/vaults/kv1');
  assert.equal(local.caCertPath, '/tmp/ca.pem');
  assert.throws(() => resolveCloud({ cloud: 'local' }));
});
