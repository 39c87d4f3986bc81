// Concurrent first get-token on one profile (issue 9, item 9): 20 real CLI processes start at once with no
// token cache and no cache key. The key is created only if absent, under the secret store's lock, and each
// run then uses the key that won (store/token-cache-plugin.ts): one key in the store, no "cannot be read"
// warnings, the cache file decrypts with that key, and every token printed is accepted by the emulator's Graph.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { secretKey } from '../../src/store/secret-keys.ts';
import { decryptTokenCache, readTokenCacheEnvelope } from '../../src/store/token-cache-file.ts';
import { cleanupCli, runCli } from '../helpers/cli.ts';
import { request } from '../helpers/emulator.ts';
import { storedSecrets } from '../helpers/stored-secrets.ts';
import { appWithSecret, homeWithEmulator } from '../helpers/token-profiles.ts';

after(cleanupCli);

const RUNS = 20;

test(`${RUNS} concurrent first get-token runs on one profile agree on one cache key, with no warnings, and all tokens work`, async () => {
  const { home, emu } = await homeWithEmulator();
  const { app, secretText } = appWithSecret(emu, 'Race App');
  const env = { EAC_SECRET_STORE: 'file', CI: undefined };
  const created = await runCli(['config', 'create', '--name', 'race', '--cloud', 'local', '--tenant', emu.info.tenantId, '--client-id', app.appId,
    '--auth-method', 'ClientSecret', '--client-secret-stdin', '--scope', 'https://graph.microsoft.com/.default'], { home, input: secretText, env });
  assert.equal(created.code, 0, created.stderr);

  const runs = await Promise.all(Array.from({ length: RUNS }, () => runCli(['get-token', '-p', 'race'], { home, env, timeoutMs: 90_000 })));
  for (const [i, r] of runs.entries()) {
    assert.equal(r.code, 0, `run ${i}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /warning/i, `run ${i} warned: ${r.stderr}`);
  }

  const keys = Object.entries(storedSecrets(home)).filter(([k]) => k.endsWith('/token-cache-key'));
  assert.deepEqual(keys.map(([k]) => k), [secretKey.tokenCacheKey('race')], 'one cache key');
  const envelope = readTokenCacheEnvelope(join(home, 'cache', 'tokens', 'race.cache'))!;
  assert.ok(decryptTokenCache(envelope, keys[0]![1], 'race').msal.length > 0, 'the cache decrypts with the one key');

  for (const token of new Set(runs.map((r) => r.stdout.trim()))) {
    const res = await request(`${emu.info.graphBaseUrl}/v1.0/applications?$top=1`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, res.text);
  }

  // And the next run is served from that cache.
  const again = await runCli(['get-token', '-p', 'race'], { home, env: { ...env, EAC_DEBUG: '1' } });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /served from the token cache/);
});
