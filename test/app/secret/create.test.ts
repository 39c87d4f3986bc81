// Creating a client secret in-process (src/app/secret/create.ts) against the emulator over HTTPS, signed in
// as a service principal, with nobody at a terminal: the value lands in the profile through the save
// transaction, the steps come in order through the port, and the created value is the one Entra accepts.
// Two secrets for one app in the same second both survive (issue 9, item 3).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { resolveTarget } from '../../../src/app/admin/target.ts';
import { createClientSecret } from '../../../src/app/secret/create.ts';
import { CREATION_STEPS } from '../../../src/app/secret/steps.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { AbsentPerson, signInBootstrap, testAdminDeps, tokenWorks } from '../../helpers/admin-deps.ts';
import { storedValue, valuesKept } from '../../helpers/stored-secrets.ts';
import { appWithSecret, GRAPH_DEFAULT, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';

after(cleanupCli);

test('to an existing profile: the steps in order, the profile switched to the new value, the old credential kept and working', async () => {
  const { home, emu } = await homeWithEmulator();
  const person = new AbsentPerson();
  const deps = testAdminDeps(home, { interaction: person });
  await signInBootstrap(deps, emu);
  const { app, secretText: old } = appWithSecret(emu, 'Existing Target');
  await saveProfile(home, { name: 'target', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: old });

  const target = resolveTarget(deps, { profile: 'target' }, { useCurrent: true });
  const created = await createClientSecret(deps, { appId: app.appId, tenant: target.tenant, cloud: target.cloud }, { days: 30, destination: { kind: 'profile', profile: 'target' } });

  assert.deepEqual(person.steps, [...CREATION_STEPS], 'every step, in order');
  assert.equal(created.storedIn.kind, 'profile');
  assert.equal(storedValue(home, 'target'), created.secretText, 'the profile reads the new value');
  assert.deepEqual(valuesKept(home, 'target'), [created.secretText], 'the old value is gone from the store once switched');
  assert.ok(!JSON.stringify(created).includes(created.secretText), 'the value is not enumerable');
  const saved = deps.profiles.get('target');
  assert.deepEqual(saved?.secret?.credential, { keyId: created.keyId, endDateTime: created.endDateTime }, 'the profile records which credential it uses');
  assert.equal(app.passwordCredentials.length, 2, 'the old credential stays in the app');
  assert.ok(await tokenWorks(emu, app.appId, created.secretText));
  assert.ok(await tokenWorks(emu, app.appId, old), 'the previous secret still works (it is not ours to remove)');
  assert.deepEqual(person.warnings, []);
});

test('two secrets for one app in the same second: both survive, both profiles get tokens', async () => {
  const { home, emu } = await homeWithEmulator();
  const { app } = appWithSecret(emu, 'Same Second');
  const second = new Date(Math.floor(Date.now() / 1000) * 1000);
  const at = (ms: number) => () => new Date(second.getTime() + ms);
  const first = testAdminDeps(home, { now: at(100) });
  await signInBootstrap(first, emu);
  const target = resolveTarget(first, { cloud: 'local' }, { useCurrent: false });
  const tgt = { appId: app.appId, tenant: target.tenant, cloud: target.cloud };
  const base = { tenant: emu.info.tenantId, clientId: app.appId, cloud: 'local' as const, scopes: [GRAPH_DEFAULT], defaultFlow: 'client-credentials' as const, authMethod: 'ClientSecret' as const, createdAt: second.toISOString(), updatedAt: second.toISOString() };

  const a = await createClientSecret(first, tgt, { destination: { kind: 'profile', profile: 'a', create: { ...base, name: 'a' } } });
  const b = await createClientSecret(testAdminDeps(home, { now: at(700) }), tgt, { destination: { kind: 'profile', profile: 'b', create: { ...base, name: 'b' } } });

  assert.equal(a.displayName, b.displayName, 'the same name: the same expiry day');
  const ours = app.passwordCredentials.filter((c) => c.displayName === a.displayName);
  assert.deepEqual(ours.map((c) => c.keyId).sort(), [a.keyId, b.keyId].sort(), 'both credentials are in the app');
  assert.ok(await tokenWorks(emu, app.appId, storedValue(home, 'a')), 'profile a gets a token');
  assert.ok(await tokenWorks(emu, app.appId, storedValue(home, 'b')), 'profile b gets a token');
});
