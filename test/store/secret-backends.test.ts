// Contract tests for the secret store's backends (src/store/secret-store.ts): one suite run against the file
// backend, the keychain backend over an in-memory fake of the OS's keychain, and the real Secret Service when
// one runs here (gnome-keyring in a private D-Bus session: see secretServiceAvailable below). Then the choice
// of backend (issue 9, item 1): made once per config dir, recorded, never re-probed into another answer —
// including a keychain whose probe fails first and works later — and keychain entries namespaced by config dir.
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionableError } from '../../src/core/actionable-error.ts';
import { loadOsKeyring, type OsKeyring } from '../../src/store/os-keyring.ts';
import {
  FileSecretBackend, KeychainSecretBackend, keychainService, openSecretStore, type SecretBackend,
} from '../../src/store/secret-store.ts';
import { readFileSecretSync } from '../../src/store/secret-keys.ts';
import { FakeOsKeyring, type FakeKeychainContents } from './fake-os-keyring.ts';

const root = mkdtempSync(join(tmpdir(), 'eac-backends-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${++n}`);

/** The Secret Service, if one answers here (tests/CI run it with dbus-run-session + gnome-keyring). */
async function realSecretService(): Promise<OsKeyring | undefined> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return undefined;
  const keyring = await loadOsKeyring();
  if (!keyring) return undefined;
  const probe = new KeychainSecretBackend(keyring, freshDir());
  return probe.probe() ? keyring : undefined;
}
const secretService = await realSecretService();
// .ci/run runs this file again inside a D-Bus session with gnome-keyring: there a missing one is a failure.
if (process.env.EAC_TEST_SECRET_SERVICE === '1' && !secretService) throw new Error('EAC_TEST_SECRET_SERVICE=1, but no Secret Service answers');

const backends: [string, () => SecretBackend, { skip?: string | false }][] = [
  ['file', () => new FileSecretBackend(freshDir()), {}],
  ['keychain over a fake OS keychain', () => new KeychainSecretBackend(new FakeOsKeyring(), freshDir()), {}],
  ['keychain over the Secret Service', () => new KeychainSecretBackend(secretService!, freshDir()),
    { skip: !secretService && 'no Secret Service here (run under dbus-run-session with gnome-keyring unlocked)' }],
];

/** Names that are properties of every plain object: they must be plain keys to a store. */
const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

for (const [name, make, opts] of backends) {
  describe(`secret backend contract: ${name}`, opts, () => {
    test('get/has of a missing key: nothing, even for names every object has', async () => {
      const b = make();
      for (const k of ['profile/a/client-secret', ...PROTOTYPE_NAMES]) {
        assert.equal(await b.get(k), undefined, k);
        assert.equal(await b.has(k), false, k);
      }
    });

    test('set, get, overwrite, delete; deleteMany counts what was there', async () => {
      const b = make();
      await b.set('profile/a/client-secret', 'v1');
      assert.equal(await b.get('profile/a/client-secret'), 'v1');
      assert.equal(await b.has({ key: 'profile/a/client-secret', store: b.kind }), true, 'recorded in this backend');
      await b.set('profile/a/client-secret', 'v2');
      assert.equal(await b.get('profile/a/client-secret'), 'v2');
      await b.set('profile/b/client-secret', 'w');
      await b.delete('profile/b/client-secret');
      assert.equal(await b.get('profile/b/client-secret'), undefined);
      await b.set('profile/c/x', '1');
      assert.equal(await b.deleteMany(['profile/a/client-secret', 'profile/c/x', 'profile/none']), 2);
      assert.equal(await b.has('profile/a/client-secret'), false);
    });

    test('names of object properties are ordinary keys', async () => {
      const b = make();
      for (const k of PROTOTYPE_NAMES) await b.set(k, `value of ${k}`);
      for (const k of PROTOTYPE_NAMES) assert.equal(await b.get(k), `value of ${k}`);
      assert.equal(await b.deleteMany(PROTOTYPE_NAMES), PROTOTYPE_NAMES.length);
      for (const k of PROTOTYPE_NAMES) assert.equal(await b.has(k), false);
    });

    test('setIfAbsent keeps the first value; concurrent callers all get the one kept', async () => {
      const b = make();
      const kept = await Promise.all(Array.from({ length: 8 }, (_, i) => b.setIfAbsent('profile/p/token-cache-key', `k${i}`)));
      assert.equal(new Set(kept).size, 1, `one value: ${kept.join(',')}`);
      assert.equal(await b.get('profile/p/token-cache-key'), kept[0]);
      assert.equal(await b.setIfAbsent('profile/p/token-cache-key', 'later'), kept[0]);
    });

    test('a value recorded in the other backend is refused, not answered "missing"', async () => {
      const b = make();
      const other = b.kind === 'file' ? 'keychain' : 'file';
      await assert.rejects(b.get({ key: 'profile/a/client-secret', store: other }), ActionableError);
      await assert.rejects(b.deleteMany([{ key: 'profile/a/client-secret', store: other }]), ActionableError);
    });
  });
}

const quiet = () => undefined;
const noEnv = {} as NodeJS.ProcessEnv;

test('a keychain that answers is chosen once and recorded; values go there under the config dir\'s service', async () => {
  const dir = freshDir();
  const os: FakeKeychainContents = new Map();
  const warnings: string[] = [];
  const store = await openSecretStore(dir, noEnv, (m) => warnings.push(m), { keyring: async () => new FakeOsKeyring(os) });
  assert.equal(store.kind, 'keychain');
  assert.deepEqual(warnings, []);
  assert.match(store.location, /^the fake keychain \(service entra-auth-cli:[0-9a-f]{16}\)$/);
  await store.set('profile/a/client-secret', 'v');
  assert.deepEqual(FakeOsKeyring.accounts(os, keychainService(dir)), ['profile/a/client-secret'], 'the probe left nothing');
  assert.equal(existsSync(join(dir, 'secrets.json')), false, 'nothing in the file');
  assert.equal(JSON.parse(readFileSync(join(dir, 'secret-store.json'), 'utf8')).backend, 'keychain');
  assert.deepEqual(store.where({ key: 'profile/a/client-secret', store: 'keychain' }), { kind: 'keychain', location: store.location });
});

test('the keychain probe fails first and works later: the file is chosen once and stays chosen', async () => {
  const dir = freshDir();
  const os: FakeKeychainContents = new Map();
  // Each "process" gets its own keyring instance whose first call fails (the headless-Linux pattern).
  const flipping = () => new FakeOsKeyring(os, (call) => call > 1);
  const made: FakeOsKeyring[] = [];
  const keyring = async () => { const k = flipping(); made.push(k); return k; };
  const warnings: string[] = [];
  const first = await openSecretStore(dir, noEnv, (m) => warnings.push(m), { keyring });
  assert.equal(first.kind, 'file');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /no OS keychain is available, so secrets are stored in .*secrets\.json .*secret-store\.json/);
  await first.set('profile/a/client-secret', 'a');
  for (let i = 0; i < 5; i++) {
    const next = await openSecretStore(dir, noEnv, (m) => warnings.push(m), { keyring });
    assert.equal(next.kind, 'file', `run ${i}: not re-probed into the keychain`);
    await next.set(`profile/r${i}/client-secret`, `v${i}`);
    assert.equal(await next.get('profile/a/client-secret'), 'a');
  }
  assert.equal(warnings.length, 1, 'warned once, when the choice was made');
  assert.equal(os.size, 0, 'nothing ever went to the keychain');
  assert.equal(made.slice(1).reduce((sum, k) => sum + k.calls, 0), 0, 'the keychain was not even asked again');
  assert.equal(readFileSecretSync(dir, 'profile/r4/client-secret'), 'v4');
});

test('the keychain works first and fails later: an error naming it, never a move to the file', async () => {
  const dir = freshDir();
  const os: FakeKeychainContents = new Map();
  const first = await openSecretStore(dir, noEnv, quiet, { keyring: async () => new FakeOsKeyring(os) });
  await first.set('profile/a/client-secret', 'v');
  const later = await openSecretStore(dir, noEnv, quiet, { keyring: async () => new FakeOsKeyring(os, () => false) });
  assert.equal(later.kind, 'keychain');
  await assert.rejects(later.get('profile/a/client-secret'), (e: Error) => e instanceof ActionableError
    && /the fake keychain \(service entra-auth-cli:[0-9a-f]+\) did not answer .*nothing was moved elsewhere/.test(e.message));
  await assert.rejects(later.set('profile/b/client-secret', 'w'), ActionableError);
  assert.equal(existsSync(join(dir, 'secrets.json')), false);
});

test('concurrent first opens agree on one choice', async () => {
  const dir = freshDir();
  const os: FakeKeychainContents = new Map();
  let i = 0;
  // Every other "process" sees a keychain that does not answer: still one recorded answer for all.
  const stores = await Promise.all(Array.from({ length: 6 }, () => openSecretStore(dir, noEnv, quiet, {
    keyring: async () => { const up = i++ % 2 === 0; return new FakeOsKeyring(os, () => up); },
  })));
  assert.equal(new Set(stores.map((s) => s.kind)).size, 1, stores.map((s) => s.kind).join(','));
});

test('two config dirs never share keychain entries', async () => {
  const os: FakeKeychainContents = new Map();
  const keyring = async () => new FakeOsKeyring(os);
  const [a, b] = [freshDir(), freshDir()];
  const sa = await openSecretStore(a, noEnv, quiet, { keyring });
  const sb = await openSecretStore(b, noEnv, quiet, { keyring });
  assert.notEqual(keychainService(a), keychainService(b));
  await sa.set('profile/demo/client-secret', 'of a');
  assert.equal(await sb.get('profile/demo/client-secret'), undefined);
  await sb.set('profile/demo/client-secret', 'of b');
  assert.equal(await sb.deleteMany(['profile/demo/client-secret']), 1);
  assert.equal(await sa.get('profile/demo/client-secret'), 'of a');
});

test('each value is read where its profile recorded it, whatever the dir chose', async () => {
  const os: FakeKeychainContents = new Map();
  const dir = freshDir();
  const keychain = new KeychainSecretBackend(new FakeOsKeyring(os), dir);
  await keychain.set('profile/k/client-secret', 'in the keychain');
  const store = await openSecretStore(dir, { EAC_SECRET_STORE: 'file' }, quiet, { keyring: async () => new FakeOsKeyring(os) });
  assert.equal(store.kind, 'file');
  await store.set('profile/f/client-secret', 'in the file');
  assert.equal(await store.get({ key: 'profile/k/client-secret', store: 'keychain' }), 'in the keychain');
  assert.equal(await store.get({ key: 'profile/k/client-secret', store: 'file' }), undefined);
  assert.equal(await store.get({ key: 'profile/f/client-secret', store: 'file' }), 'in the file');
  assert.equal(store.where({ key: 'profile/k/client-secret', store: 'keychain' }).kind, 'keychain');
  assert.equal(await store.deleteMany([{ key: 'profile/k/client-secret', store: 'keychain' }, { key: 'profile/f/client-secret', store: 'file' }]), 2);
  assert.equal(os.size, 0);
});

test('EAC_SECRET_STORE makes the first choice and cannot overrule it later; a bad value is refused', async () => {
  const os: FakeKeychainContents = new Map();
  const keyring = async () => new FakeOsKeyring(os);
  const dir = freshDir();
  assert.equal((await openSecretStore(dir, { EAC_SECRET_STORE: 'file' }, quiet, { keyring })).kind, 'file');
  assert.equal((await openSecretStore(dir, noEnv, quiet, { keyring })).kind, 'file', 'recorded, although a keychain answers now');
  await assert.rejects(openSecretStore(dir, { EAC_SECRET_STORE: 'keychain' }, quiet, { keyring }), /EAC_SECRET_STORE=keychain, but the config dir .* keeps its secrets in the file store/);
  await assert.rejects(openSecretStore(freshDir(), { EAC_SECRET_STORE: 'keychain' }, quiet, { keyring: async () => new FakeOsKeyring(os, () => false) }), /cannot be reached/);
  await assert.rejects(openSecretStore(freshDir(), { EAC_SECRET_STORE: 'vault' }, quiet, { keyring }), /must be 'file' or 'keychain'/);
});

test('a config dir that already keeps values in secrets.json stays with the file', async () => {
  const dir = freshDir();
  await new FileSecretBackend(dir).set('profile/old/client-secret', 'old');
  const store = await openSecretStore(dir, noEnv, quiet, { keyring: async () => new FakeOsKeyring() });
  assert.equal(store.kind, 'file');
  assert.equal(await store.get('profile/old/client-secret'), 'old');
});

test('an unreadable secret-store.json is refused with its path and left as it is', async () => {
  const dir = freshDir();
  await openSecretStore(dir, { EAC_SECRET_STORE: 'file' }, quiet);
  for (const bytes of ['{"schemaVersion":1,"backend":"vault","chosenAt":"x"}', '{"schemaVersion":9,"backend":"file"}', 'nope']) {
    writeFileSync(join(dir, 'secret-store.json'), bytes);
    await assert.rejects(openSecretStore(dir, noEnv, quiet), (e: Error) => e.message.includes(join(dir, 'secret-store.json')) && /left untouched/.test(e.message));
    assert.equal(readFileSync(join(dir, 'secret-store.json'), 'utf8'), bytes);
  }
});
