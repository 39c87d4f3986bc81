// Storing a just-created secret fails (src/app/secret/create.ts afterFailedStore): a secret store or a Key
// Vault that refuses (fakes of our own ports), Graph the emulator's over HTTPS. Without a person the new
// credential is removed again (or kept with --keep-on-store-failure, its value handed back once); with one,
// the value is shown through the port and "roll back?" decides. The profile keeps its working secret.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AdminDeps } from '../../../src/app/admin/deps.ts';
import { resolveTarget } from '../../../src/app/admin/target.ts';
import { createClientSecret, SecretCreationError, type SecretDestination } from '../../../src/app/secret/create.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { AbsentPerson, failingWrites, signInBootstrap, testAdminDeps, tokenWorks, type TestDepsOptions } from '../../helpers/admin-deps.ts';
import { ScriptedInteraction } from '../../helpers/scripted-interaction.ts';
import { storedValue, valuesKept } from '../../helpers/stored-secrets.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';

after(cleanupCli);

async function setUp(opts: TestDepsOptions) {
  const { home, emu } = await homeWithEmulator();
  await signInBootstrap(testAdminDeps(home), emu);
  const { app, secretText: old } = appWithSecret(emu, 'Store Target');
  await saveProfile(home, { name: 'p', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: old });
  const deps = testAdminDeps(home, opts);
  const target = resolveTarget(deps, { profile: 'p' }, { useCurrent: true });
  const create = (destination: SecretDestination = { kind: 'profile', profile: 'p' }, more: { keepOnStoreFailure?: boolean } = {}) =>
    createClientSecret(deps, { appId: app.appId, tenant: target.tenant, cloud: target.cloud }, { destination, ...more });
  const journal = () => (existsSync(join(home, 'data', 'journal')) ? readdirSync(join(home, 'data', 'journal')) : []);
  return { home, emu, app, old, deps, create, journal };
}

const storeError = (e: unknown) => e instanceof SecretCreationError && e.kind === 'store' && e.exitCode === 1;

test('no person, the secret store refuses: rolled back, nothing left, the profile keeps its working secret', async () => {
  const person = new AbsentPerson();
  const s = await setUp({ interaction: person, secrets: (real) => failingWrites(real) });
  await assert.rejects(s.create(), (e: unknown) => storeError(e) && /saving it to profile 'p' failed: the secret store refused the write \(test\)\. It was removed from the app again \(rolled back\)/.test((e as Error).message));
  assert.equal(s.app.passwordCredentials.length, 1, 'only the old credential');
  assert.deepEqual(s.journal(), []);
  assert.equal(storedValue(s.home, 'p'), s.old);
  assert.ok(await tokenWorks(s.emu, s.app.appId, s.old));
  assert.deepEqual(person.revealed, [], 'the value was never shown');
});

test('no person, --keep-on-store-failure: the credential stays and its value comes back once, not in the message', async () => {
  const s = await setUp({ secrets: (real) => failingWrites(real) });
  const err = await s.create(undefined, { keepOnStoreFailure: true }).then(() => undefined, (e: unknown) => e);
  assert.ok(storeError(err));
  const kept = (err as SecretCreationError).keptValue!;
  assert.ok(kept && !(err as Error).message.includes(kept) && !JSON.stringify(err).includes(kept));
  assert.equal(s.app.passwordCredentials.length, 2);
  assert.ok(await tokenWorks(s.emu, s.app.appId, kept), 'the value handed back is the working one');
  assert.deepEqual(s.journal(), []);
});

test('a person: the value is shown through the port, and "roll back?" yes removes the secret again', async () => {
  const person = new ScriptedInteraction([{ q: 'roll back', answer: true, kind: 'confirm' }]);
  const s = await setUp({ interaction: person, secrets: (real) => failingWrites(real) });
  await assert.rejects(s.create(), (e: unknown) => storeError(e) && /It was removed from the app again \(rolled back\)\.$/.test((e as Error).message));
  person.assertDone();
  assert.equal(person.revealed.length, 1, 'shown once, before the question');
  assert.match(person.warnings[0]!, /⚠ The client secret 'EAC-EXP-[^']+' \(keyId [0-9a-f-]{36}\) was created in 'Store Target'/);
  assert.equal(s.app.passwordCredentials.length, 1);
  assert.ok(await tokenWorks(s.emu, s.app.appId, s.old));
});

test('a person who keeps it: the credential stays, its value was shown, nothing in the journal', async () => {
  const person = new ScriptedInteraction([{ q: 'roll back', answer: false, kind: 'confirm' }]);
  const s = await setUp({ interaction: person, secrets: (real) => failingWrites(real) });
  await assert.rejects(s.create(), (e: unknown) => storeError(e) && /The secret was kept; its value was shown above/.test((e as Error).message));
  assert.equal(s.app.passwordCredentials.length, 2);
  assert.ok(await tokenWorks(s.emu, s.app.appId, person.revealed[0]!.value));
  assert.deepEqual(s.journal(), []);
});

test('Key Vault refuses the write: rolled back, the profile still reads its old value', async () => {
  const writeVault: AdminDeps['writeVault'] = async () => { throw new Error('Forbidden by the vault (test)'); };
  const s = await setUp({ overrides: { writeVault } });
  await assert.rejects(s.create({ kind: 'keyvault', vault: 'default', name: 'p-secret', profile: 'p' }),
    (e: unknown) => storeError(e) && /saving it to Key Vault default\/p-secret failed: Forbidden by the vault \(test\)\. It was removed/.test((e as Error).message));
  assert.equal(s.app.passwordCredentials.length, 1);
  assert.deepEqual(valuesKept(s.home, 'p'), [s.old]);
  assert.deepEqual(s.journal(), []);
});
