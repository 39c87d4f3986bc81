// The token cache file: AES-256-GCM under a 32-byte key, bound to its profile, written 0600 in a 0700 dir;
// a wrong key, another profile's file or a flipped bit does not decrypt. And the plugin: the key appears in
// the secret store on the first write, and a file it cannot read is started over with one warning.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decryptTokenCache, encryptTokenCache, newTokenCacheKey, readTokenCacheEnvelope, tokenCachePath, writeTokenCacheFile, TokenCacheError, TokenCacheFileError,
} from '../../src/store/token-cache-file.ts';
import { TokenCachePlugin } from '../../src/store/token-cache-plugin.ts';
import { FileSecretBackend, secretKey } from '../../src/store/secret-store.ts';
import { readFileSecretSync } from '../../src/store/secret-keys.ts';
import { PublicClientApplication, TokenCacheContext, type TokenCache } from '@azure/msal-node';

const dir = mkdtempSync(join(tmpdir(), 'eac-cache-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const POSIX = process.platform !== 'win32';

const doc = { msal: JSON.stringify({ AccessToken: { k: { secret: 'token-value-for-test' } } }), authorityMetadata: { 'https://h/t': '{"issuer":"x"}' } };

test('round trip; the plaintext is nowhere in the file; a wrong key, another profile or a flipped bit fails', () => {
  const key = newTokenCacheKey();
  assert.equal(Buffer.from(key, 'base64').length, 32);
  const text = encryptTokenCache(doc, key, 'demo', 'file');
  assert.ok(!text.includes('token-value-for-test'));
  const path = tokenCachePath(join(dir, 'c1'), 'demo');
  writeTokenCacheFile(path, text);
  const env = readTokenCacheEnvelope(path)!;
  assert.equal(env.keyStore, 'file');
  assert.deepEqual(decryptTokenCache(env, key, 'demo'), doc);
  assert.throws(() => decryptTokenCache(env, newTokenCacheKey(), 'demo'), TokenCacheError);
  assert.throws(() => decryptTokenCache(env, key, 'other'), TokenCacheError, 'bound to the profile name');
  const data = Buffer.from(env.data, 'base64');
  data[0]! ^= 1;
  assert.throws(() => decryptTokenCache({ ...env, data: data.toString('base64') }, key, 'demo'), TokenCacheError);
  if (POSIX) {
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'c1', 'tokens')).mode & 0o777, 0o700);
  }
  writeFileSync(path, 'not json');
  assert.throws(() => readTokenCacheEnvelope(path), TokenCacheFileError);
  assert.equal(readTokenCacheEnvelope(join(dir, 'nope.cache')), undefined);
});

/** A real MSAL token cache (of a public client app), optionally holding one access token. */
function msalCache(withToken: boolean): TokenCache {
  const cache = new PublicClientApplication({ auth: { clientId: '11111111-2222-3333-4444-555555555555' } }).getTokenCache() as TokenCache;
  if (withToken) cache.deserialize(JSON.stringify({ Account: {}, IdToken: {}, RefreshToken: {}, AppMetadata: {}, AccessToken: { k: {
    home_account_id: '', environment: 'h', credential_type: 'AccessToken', client_id: '11111111-2222-3333-4444-555555555555', secret: 'token-value-for-test',
    realm: 't', target: 's/.default', cached_at: '1', expires_on: '2', extended_expires_on: '3', token_type: 'Bearer',
  } } }));
  return cache;
}

test('plugin: the key is created in the secret store on the first write; the next run reads what was written', async () => {
  const paths = { config: join(dir, 'p-config'), cache: join(dir, 'p-cache') };
  const secrets = new FileSecretBackend(paths.config);
  const warnings: string[] = [];
  const p1 = await TokenCachePlugin.open('demo', paths, secrets, (m) => warnings.push(m));
  const empty = msalCache(false);
  await p1.beforeCacheAccess(new TokenCacheContext(empty, false));
  assert.doesNotMatch(empty.serialize(), /token-value-for-test/, 'nothing to load yet');
  assert.equal(await secrets.get(secretKey.tokenCacheKey('demo')), undefined, 'no key before the first write');
  await p1.afterCacheAccess(new TokenCacheContext(msalCache(true), true));
  const key = await secrets.get(secretKey.tokenCacheKey('demo'));
  assert.ok(key, 'the key is in the secret store');
  assert.equal(readFileSecretSync(paths.config, secretKey.tokenCacheKey('demo')), key, 'and readable without the store machinery');
  assert.ok(!readFileSync(tokenCachePath(paths.cache, 'demo'), 'utf8').includes('token-value-for-test'));

  const p2 = await TokenCachePlugin.open('demo', paths, secrets, (m) => warnings.push(m));
  const loaded = msalCache(false);
  await p2.beforeCacheAccess(new TokenCacheContext(loaded, false));
  assert.match(loaded.serialize(), /token-value-for-test/);
  assert.deepEqual(warnings, []);
});

test('plugin: a cache written under a lost key is started over with one warning, then re-keyed', async () => {
  const paths = { config: join(dir, 'q-config'), cache: join(dir, 'q-cache') };
  const secrets = new FileSecretBackend(paths.config);
  writeTokenCacheFile(tokenCachePath(paths.cache, 'demo'), encryptTokenCache(doc, newTokenCacheKey(), 'demo', 'file'));
  const warnings: string[] = [];
  const p = await TokenCachePlugin.open('demo', paths, secrets, (m) => warnings.push(m));
  const c = msalCache(false);
  await p.beforeCacheAccess(new TokenCacheContext(c, false));
  await p.beforeCacheAccess(new TokenCacheContext(c, false));
  assert.doesNotMatch(c.serialize(), /token-value-for-test/);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /cannot be read .*starting a new one/);
  await p.afterCacheAccess(new TokenCacheContext(msalCache(true), true));
  const key = (await secrets.get(secretKey.tokenCacheKey('demo')))!;
  assert.match(decryptTokenCache(readTokenCacheEnvelope(tokenCachePath(paths.cache, 'demo'))!, key, 'demo').msal, /token-value-for-test/);
});
