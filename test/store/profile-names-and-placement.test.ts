// Every config command, in-process, with (1) profile names that are properties of every JavaScript object
// ("constructor", "toString", …): they work like any name, because the profiles and secrets maps have no
// prototype (store/profiles-file.ts, store/secrets-file.ts), and "__proto__" is refused by validation; and
// (2) a keychain (a fake of the OS's keychain) as the chosen backend: what each command says about where a
// value is matches where it is, each profile records its backend, and delete removes it there (issue 9).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run as create } from '../../src/cli/commands/config/create.ts';
import { run as del } from '../../src/cli/commands/config/delete.ts';
import { run as edit } from '../../src/cli/commands/config/edit.ts';
import { run as exportProfile } from '../../src/cli/commands/config/export.ts';
import { run as importProfile } from '../../src/cli/commands/config/import.ts';
import { run as list } from '../../src/cli/commands/config/list.ts';
import { run as show } from '../../src/cli/commands/config/show.ts';
import { run as use } from '../../src/cli/commands/config/use.ts';
import { keychainService } from '../../src/store/secret-store.ts';
import { cleanupCli, tempDir } from '../helpers/cli.ts';
import { storedSecrets, storedValue } from '../helpers/stored-secrets.ts';
import { testFactory } from '../helpers/test-factory.ts';
import { FakeOsKeyring, type FakeKeychainContents } from './fake-os-keyring.ts';

after(cleanupCli);

const PASSPHRASE = 'correct horse battery staple';
const flags = {
  cloud: 'public', tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555',
  authMethod: 'ClientSecret', clientSecretStdin: true, scope: ['https://graph.microsoft.com/.default'], flow: 'client-credentials',
};
const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

test('profile names that every object has work in every config command', async () => {
  const home = tempDir('eac-names-');
  const other = tempDir('eac-names-import-');
  for (const name of NAMES) {
    const t = testFactory({ home, input: `value-of-${name}` });
    await create({ ...flags, name }, t.f);
    assert.match(t.err(), new RegExp(`Saved profile '${name}'`));
    assert.equal(storedValue(home, name), `value-of-${name}`);
  }
  const listed = testFactory({ home });
  await list({ output: 'json' }, listed.f);
  assert.deepEqual((JSON.parse(listed.out()) as { name: string }[]).map((r) => r.name).sort(), [...NAMES].sort());

  for (const name of NAMES) {
    const shown = testFactory({ home });
    await show({ profile: name, output: 'json' }, shown.f);
    const json = JSON.parse(shown.out());
    assert.equal(json.name, name);
    assert.equal(json.clientSecret.present, true, `${name}: its secret is found`);

    await use({ name }, testFactory({ home }).f);
    assert.equal(JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8')).defaultProfile, name);

    await edit({ profile: name, clientSecretStdin: true }, testFactory({ home, input: `new-value-of-${name}` }).f);
    assert.equal(storedValue(home, name), `new-value-of-${name}`);

    const file = join(home, `${name}.eac.json`);
    await exportProfile({ profile: name, includeSecrets: true, out: file, passphraseStdin: true }, testFactory({ home, input: PASSPHRASE }).f);
    await importProfile({ file, passphraseStdin: true }, testFactory({ home: other, input: PASSPHRASE }).f);
    assert.equal(storedValue(other, name), `new-value-of-${name}`);
  }
  // A name that is not a profile is still not found, whatever Object.prototype has.
  for (const ghost of ['propertyIsEnumerable', 'toLocaleString']) {
    await assert.rejects(show({ profile: ghost }, testFactory({ home }).f), /No profile named|not found|no profile/i);
    await assert.rejects(use({ name: ghost }, testFactory({ home }).f), /No profile named|not found|no profile/i);
    await assert.rejects(del({ profile: ghost, yes: true }, testFactory({ home }).f), /No profile named|not found|no profile/i);
  }
  for (const name of NAMES) {
    const d = testFactory({ home });
    await del({ profile: name, yes: true }, d.f);
    assert.match(d.err(), new RegExp(`Deleted profile '${name}' \\(and 1 stored secret from .*secrets\\.json`));
  }
  assert.deepEqual(storedSecrets(home), {});
  assert.deepEqual(JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8')).profiles, {});
});

test('"__proto__" is refused as a profile name with the naming rule, and nothing is written', async () => {
  const home = tempDir('eac-names-');
  await assert.rejects(create({ ...flags, name: '__proto__' }, testFactory({ home, input: 'v' }).f), /Profile names are 1-64 letters, digits/);
  assert.deepEqual(storedSecrets(home), {});
});

test('with a keychain chosen, every command says where the value is, and that is where it is', async () => {
  const home = tempDir('eac-keychain-');
  const os: FakeKeychainContents = new Map();
  const keyring = async () => new FakeOsKeyring(os);
  const service = keychainService(join(home, 'config'));
  const entries = () => FakeOsKeyring.accounts(os, service);

  const c = testFactory({ home, input: 'kept-in-the-keychain', keyring });
  await create({ ...flags, name: 'demo' }, c.f);
  assert.match(c.err(), new RegExp(`Its client secret is in the fake keychain \\(service ${service}\\)`));
  const doc = JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8'));
  assert.deepEqual({ kind: doc.profiles.demo.secret.kind, store: doc.profiles.demo.secret.store }, { kind: 'stored', store: 'keychain' });
  assert.deepEqual(entries(), [doc.profiles.demo.secret.key]);
  assert.deepEqual(storedSecrets(home), {}, 'nothing in secrets.json');

  const s = testFactory({ home, keyring });
  await show({ profile: 'demo', output: 'json' }, s.f);
  assert.deepEqual(JSON.parse(s.out()).clientSecret, { storage: 'keychain', location: `the fake keychain (service ${service})`, present: true });
  const table = testFactory({ home, keyring });
  await show({ profile: 'demo', output: 'table' }, table.f);
  assert.match(table.out(), new RegExp(`stored in the fake keychain \\(service ${service}\\)`));

  await edit({ profile: 'demo', clientSecretStdin: true }, testFactory({ home, input: 'second-value', keyring }).f);
  assert.equal(entries().length, 1, 'the old value went once the new one was in place');

  const d = testFactory({ home, keyring });
  await del({ profile: 'demo', yes: true }, d.f);
  assert.match(d.err(), new RegExp(`Deleted profile 'demo' \\(and 1 stored secret from the fake keychain \\(service ${service}\\)`));
  assert.deepEqual(entries(), []);
});
