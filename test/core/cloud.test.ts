// The one cloud table: endpoints and resources per cloud, the key that says which sign-in service a cloud
// is (admin sessions and the journal are filed under it), which hosts MSAL must trust without instance
// discovery, and a saved key back to its endpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudFromKey, cloudNameOfKey, resolveCloud } from '../../src/core/cloud.ts';

const EMU = { authorityHost: 'https://127.0.0.1:4443/', graphBaseUrl: 'https://127.0.0.1:4443', keyVaultUrl: 'https://127.0.0.1:4443', caCertPath: '/tmp/ca.pem' };

test('sovereign clouds, the emulator and a custom cloud resolve to their endpoints, resources and key', () => {
  const pub = resolveCloud({ cloud: 'public' });
  assert.deepEqual([pub.key, pub.graphResource, pub.keyVaultResource, pub.keyVaultUrl('kv'), pub.knownAuthorities], ['public', 'https://graph.microsoft.com', 'https://vault.azure.net', 'https://kv.vault.azure.net', []]);
  const cn = resolveCloud({ cloud: 'china' });
  assert.deepEqual([cn.key, cn.graphResource, cn.keyVaultResource], ['china', 'https://microsoftgraph.chinacloudapi.cn', 'https://vault.azure.cn']);
  const local = resolveCloud({ cloud: 'local' }, EMU);
  assert.deepEqual([local.key, local.graphResource, local.keyVaultUrl('kv'), local.knownAuthorities, local.caCertPath], ['local', 'https://graph.microsoft.com', 'https://127.0.0.1:4443/vaults/kv', ['127.0.0.1:4443'], '/tmp/ca.pem']);
  const custom = resolveCloud({ cloud: 'custom', custom: { authorityHost: 'https://Login.Example.com/', graphUrl: 'https://graph.example.com/', keyVaultSuffix: 'vault.example.com' } });
  assert.deepEqual([custom.key, custom.graphResource, custom.keyVaultResource, custom.keyVaultUrl('kv'), custom.knownAuthorities],
    ['custom:login.example.com', 'https://graph.example.com', 'https://vault.example.com', 'https://kv.vault.example.com', ['login.example.com']]);
  // Custom endpoints on Microsoft's own sign-in service: that cloud's sessions, and instance discovery works.
  const onPublic = resolveCloud({ cloud: 'custom', custom: { authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com', keyVaultSuffix: '.vault.azure.net' } });
  assert.deepEqual([onPublic.key, onPublic.knownAuthorities], ['public', []]);
  assert.throws(() => resolveCloud({ cloud: 'local' }));
  assert.throws(() => resolveCloud({ cloud: 'custom' }));
});

test('a saved key comes back to its cloud; a local one follows the running emulator', () => {
  assert.equal(cloudFromKey('usgov', {}, () => { throw new Error('not asked'); })?.graphUrl, 'https://graph.microsoft.us');
  assert.equal(cloudFromKey('local', {}, () => EMU)?.authorityHost, 'https://127.0.0.1:4443');
  assert.throws(() => cloudFromKey('local', {}, () => { throw new Error('no emulator'); }), /no emulator/);
  const c = cloudFromKey('custom:login.example.com', { authorityHost: 'https://login.example.com', graphUrl: 'https://graph.example.com' }, () => EMU);
  assert.equal(c?.keyVaultUrl('kv'), 'https://kv.vault.azure.net');
  assert.equal(cloudFromKey('custom:x', {}, () => EMU), undefined);
  assert.deepEqual(['public', 'local', 'custom:x'].map(cloudNameOfKey), ['public', 'local', 'custom']);
});
