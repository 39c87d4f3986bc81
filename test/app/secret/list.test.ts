// The secret list use case (app/secret/list.ts) with the emulator and nobody at a terminal: which profile
// uses which credential — recorded by entra-auth-cli, matched by the value's hint, ambiguous when two
// credentials share a hint, a keyvault:// reference never read, a recorded credential that is gone — and
// that the value reader is the only place a value is seen.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { listSecrets } from '../../../src/app/secret/list.ts';
import { profileSecretReader } from '../../../src/app/secret/profiles-using.ts';
import { resolveTarget } from '../../../src/app/admin/target.ts';
import type { Profile } from '../../../src/core/profile.ts';
import { AbsentPerson, testAdminDeps } from '../../helpers/admin-deps.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { appWithCredentials, signedInHome } from '../../helpers/lifecycle-fixtures.ts';
import { saveProfile } from '../../helpers/token-profiles.ts';

after(cleanupCli);

test('profiles: recorded, by hint, ambiguous, keyvault:// unread, gone', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  const tenant = emu.info.tenantId;
  const now = new Date();
  // Two credentials whose values share their first 3 characters: a value with that hint cannot be told apart.
  const twinA = emu.store.defaultTenant.addPassword(fx.app, { displayName: 'twin a', value: `Tw1${'a'.repeat(37)}` }, now);
  const twinB = emu.store.defaultTenant.addPassword(fx.app, { displayName: 'twin b', value: `Tw1${'b'.repeat(37)}` }, now);
  const base = { tenant, clientId: fx.app.appId, authMethod: 'ClientSecret' as const };
  await saveProfile(home, { name: 'recorded', ...base, secret: { kind: 'stored', credential: { keyId: fx.spare.keyId } } });
  await saveProfile(home, { name: 'twin', ...base }, { clientSecret: twinA.secretText });
  await saveProfile(home, { name: 'vault', ...base, secret: { kind: 'reference', ref: 'keyvault://default/nothing-here' } });
  await saveProfile(home, { name: 'vault-recorded', ...base, secret: { kind: 'reference', ref: 'keyvault://default/x', credential: { keyId: fx.expired.keyId } } });
  await saveProfile(home, { name: 'gone', ...base, secret: { kind: 'stored', credential: { keyId: '11111111-2222-3333-4444-555555555555' } } });
  // Another app's profile with the same value's hint is not this app's.
  await saveProfile(home, { name: 'other-app', tenant, clientId: '99999999-8888-7777-6666-555555555555', authMethod: 'ClientSecret' }, { clientSecret: fx.used });

  const deps = testAdminDeps(home, { interaction: new AbsentPerson() });
  const read: string[] = [];
  const reader = profileSecretReader(deps.secrets, {});
  const listing = await listSecrets(deps, { ...resolveTarget(deps, {}, { useCurrent: true }), appId: fx.app.appId }, {
    readSecret: async (p: Profile) => { read.push(p.name); return reader(p); },
  });
  const uses = (keyId: string) => listing.credentials.find((c) => c.keyId === keyId)!.profiles;
  assert.deepEqual(uses(fx.usedKeyId), [{ profile: 'demo', match: 'hint' }]);
  assert.deepEqual(uses(fx.spare.keyId), [{ profile: 'recorded', match: 'recorded' }]);
  assert.deepEqual(uses(fx.expired.keyId), [{ profile: 'vault-recorded', match: 'recorded' }]);
  assert.deepEqual(uses(twinA.credential.keyId), [{ profile: 'twin', match: 'ambiguous' }]);
  assert.deepEqual(uses(twinB.credential.keyId), [{ profile: 'twin', match: 'ambiguous' }]);
  assert.deepEqual(listing.profilesOnGoneCredentials, [{ profile: 'gone', keyId: '11111111-2222-3333-4444-555555555555' }]);
  assert.ok(!listing.credentials.some((c) => c.profiles.some((p) => p.profile === 'vault' || p.profile === 'other-app')));
  // Values are read only for profiles of this app without a recorded credential; keyvault:// gives nothing.
  assert.deepEqual(read.sort(), ['demo', 'twin', 'vault']);
  assert.equal(await reader({ ...(deps.profiles.get('vault') as Profile) }), undefined);
  assert.equal(listing.signInActivity.readable, true);
  assert.ok(!JSON.stringify(listing).includes(fx.used) && !JSON.stringify(listing).includes(twinA.secretText), 'no value in the listing');
});
