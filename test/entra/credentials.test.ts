// Both credentials (entra/credentials) against the emulator over HTTPS, fresh and then from the cache: a
// profile's client credentials (the secret resolved only on a cache miss), a profile's user signed in with
// a device code approved by a second process, and an admin session's user and service principal as the
// TokenCredentials Graph and Key Vault take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdminCredential, SignInNeeded } from '../../src/entra/credentials/admin-credential.ts';
import { ProfileCredential } from '../../src/entra/credentials/profile-credential.ts';
import type { SignInUi } from '../../src/entra/msal/user-sign-in.ts';
import { jwtClaims } from '../../src/core/jwt.ts';
import { approveElsewhere, DEVICE_CODE_MESSAGE } from '../helpers/device-code.ts';
import { testEmulator } from '../helpers/emulator.ts';
import { testHttp, testSetup } from '../helpers/entra-layer.ts';
import { MemoryMsalCache } from '../helpers/memory-msal-cache.ts';

const GRAPH = 'https://graph.microsoft.com/.default';

test('a profile\'s client credentials: fresh, then from the cache without resolving the secret; forceRefresh asks again', async () => {
  const emu = await testEmulator();
  const http = testHttp();
  const cache = new MemoryMsalCache();
  let resolved = 0;
  const make = () => new ProfileCredential({
    setup: testSetup(emu, http, undefined, cache), flow: 'client-credentials',
    credential: async () => { resolved++; return { clientSecret: emu.info.bootstrap.clientSecret }; },
  });
  const fresh = await make().acquire([GRAPH]);
  assert.equal(fresh.fromCache, false);
  assert.equal(resolved, 1);
  assert.equal(jwtClaims(fresh.accessToken).appid, emu.info.bootstrap.clientId);
  const cached = await make().acquire([GRAPH]);
  assert.equal(cached.fromCache, true);
  assert.equal(cached.accessToken, fresh.accessToken);
  assert.equal(resolved, 1, 'a cache hit never resolves the credential');
  const t = await make().getToken(GRAPH);
  assert.equal(t?.token, fresh.accessToken);
  assert.equal(t?.expiresOnTimestamp, fresh.expiresOn.getTime());
  const forced = await make().acquire([GRAPH], { forceRefresh: true });
  assert.equal(forced.fromCache, false);
  assert.equal(resolved, 2);
});

function deviceCodeUi(who: string, approvals: Promise<unknown>[]): SignInUi {
  return {
    mode: 'device-code', timeoutSeconds: 60, timeoutHint: 'try again',
    openUrl: async () => { throw new Error('no browser in this test'); },
    deviceCode: (message) => {
      const m = DEVICE_CODE_MESSAGE.exec(message);
      assert.ok(m, message);
      approvals.push(approveElsewhere(m[1]!, m[2]!, who));
    },
  };
}

test('a user by device code: a fresh sign-in, then the same account from the cache for profile and admin credentials', async () => {
  const emu = await testEmulator();
  const http = testHttp();
  const cache = new MemoryMsalCache();
  const tool = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Dev Tool')!;
  const approvals: Promise<unknown>[] = [];
  const setup = () => testSetup(emu, http, tool.appId, cache);
  const signedIn = await new ProfileCredential({ setup: setup(), flow: 'device-code', signIn: deviceCodeUi('dev@contoso.onmicrosoft.com', approvals) }).acquire(['User.Read']);
  await Promise.all(approvals);
  assert.equal(approvals.length, 1);
  assert.equal(signedIn.fromCache, false);
  assert.equal(jwtClaims(signedIn.accessToken).upn, 'dev@contoso.onmicrosoft.com');

  const again = await new ProfileCredential({ setup: setup(), flow: 'device-code', signIn: deviceCodeUi('x', approvals) }).acquire(['User.Read']);
  assert.equal(again.fromCache, true);
  assert.equal(approvals.length, 1, 'no second sign-in');

  // The admin credential finds the same account silently, and may not sign in when not allowed to.
  const admin = new AdminCredential(setup(), { kind: 'user' });
  assert.equal((await admin.silent(['User.Read']))?.accessToken, signedIn.accessToken);
  const other = new AdminCredential(testSetup(emu, http, tool.appId, new MemoryMsalCache()), { kind: 'user' });
  assert.equal(await other.silent(['User.Read']), undefined);
  await assert.rejects(other.acquire(['User.Read']), SignInNeeded);
});

test('an admin service principal: RESOURCE/.default for Graph and for Key Vault\'s getToken, cached after the first', async () => {
  const emu = await testEmulator();
  const http = testHttp();
  let resolved = 0;
  const sp = new AdminCredential(testSetup(emu, http), {
    kind: 'service-principal', credential: async () => { resolved++; return { clientSecret: emu.info.bootstrap.clientSecret }; },
  });
  const graph = await sp.acquire(['https://graph.microsoft.com/Application.ReadWrite.All']);
  assert.deepEqual(graph.scopes, [GRAPH]);
  const vault = await sp.getToken('https://vault.azure.net/.default');
  assert.equal(jwtClaims(vault!.token).aud, 'https://vault.azure.net');
  assert.equal((await sp.acquire([GRAPH])).fromCache, true);
  assert.equal(resolved, 1, 'the credential is resolved once per run');
});
