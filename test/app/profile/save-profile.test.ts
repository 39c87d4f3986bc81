// The one "save a profile with its secrets" transaction against the real stores in a temp folder, with
// failures injected into them at each step: whatever fails, the profiles file and the secret store hold
// either the old state or the new one, and no profile ever points at a missing value, at any moment.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import {
  claimName, ProfileChangedError, ProfileNameTakenError, replaceIfUnchanged, SAVE_STEPS, saveProfile, updateExisting, type ProfileStores,
} from '../../../src/app/profile/save-profile.ts';
import type { Profile } from '../../../src/core/profile.ts';
import { ProfileStore, type ProfilesDocument } from '../../../src/store/profile-store.ts';
import { secretAt, secretKey, storedKeysOf } from '../../../src/store/secret-keys.ts';
import { readSecretsFile } from '../../../src/store/secrets-file.ts';
import { FileSecretBackend, type SecretBackend } from '../../../src/store/secret-store.ts';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const NOW = '2026-01-01T00:00:00.000Z';

function profile(name: string, extra: Partial<Profile> = {}): Profile {
  return {
    name, cloud: 'public', tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555',
    authMethod: 'ClientSecret', scopes: ['https://graph.microsoft.com/.default'], defaultFlow: 'client-credentials',
    secret: { kind: 'stored' }, createdAt: NOW, updatedAt: NOW, ...extra,
  };
}

interface Faults {
  /** Called before each secret-store call; may throw to make it fail. */
  beforeSecret?: (op: string, keys: string[]) => void | Promise<void>;
  /** Called under the profiles lock before the file is written; may throw. */
  beforeWrite?: (doc: ProfilesDocument) => void;
  /** Profiles saved without their value on purpose (an import without secrets) are not checked. */
  unchecked?: string[];
}

/** The real stores in a fresh folder, with a check of the invariant at every step, and optional faults. */
function setup(faults: Faults = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'eac-save-'));
  dirs.push(dir);
  const profiles = new ProfileStore(dir);
  const file = new FileSecretBackend(dir);
  const checks: string[] = [];
  /** Every profile on disk finds a value under each key it uses (what a kill -9 at this moment would leave). */
  const invariant = async (when: string) => {
    for (const p of Object.values(profiles.read().profiles).filter((x) => !faults.unchecked?.includes(x.name))) {
      for (const k of storedKeysOf(p)) assert.ok(await file.has(k), `${when}: profile '${p.name}' points at ${k}, which holds nothing`);
    }
    checks.push(when);
  };
  const secrets: SecretBackend = {
    kind: 'file', location: file.location,
    where: (k) => file.where(k),
    setIfAbsent: (k, v) => file.setIfAbsent(k, v),
    get: (k) => file.get(k),
    has: (k) => file.has(k),
    set: async (k, v) => { await invariant(`before set ${k}`); await faults.beforeSecret?.('set', [k]); await file.set(k, v); await invariant(`after set ${k}`); },
    delete: async (k) => { await faults.beforeSecret?.('delete', [secretAt(k).key]); await file.delete(k); await invariant(`after delete ${k}`); },
    deleteMany: async (ks) => { await invariant('before deleteMany'); await faults.beforeSecret?.('deleteMany', ks.map((k) => secretAt(k).key)); const n = await file.deleteMany(ks); await invariant('after deleteMany'); return n; },
  };
  const stores: ProfileStores = {
    profiles: {
      update: async (change) => {
        const result = await profiles.update((doc) => {
          const r = change(doc);
          faults.beforeWrite?.(doc);
          return r;
        });
        await invariant('after the profile write');
        return result;
      },
    },
    secrets: async () => secrets,
  };
  return { dir, profiles, file, stores, checks };
}

test('a new profile with its secret: the value under a fresh key the profile records; it becomes the default', async () => {
  const s = setup();
  const saved = await saveProfile(s.stores, { name: 'demo', change: claimName(profile('demo')), values: { clientSecret: 'v1' } });
  const key = saved.profile.secret?.kind === 'stored' ? saved.profile.secret.key : undefined;
  assert.match(key!, /^profile\/demo\/client-secret\/[0-9a-f]{12}$/);
  assert.equal(await s.file.get(key!), 'v1');
  assert.deepEqual(s.profiles.read().profiles.demo, saved.profile);
  assert.equal(saved.isDefault, true);
  assert.equal(saved.previous, undefined);
  assert.ok(s.checks.length >= 3, 'the invariant was checked along the way');
});

test('a new value replaces the old one: the old one stays until the profile reads the new one, then goes', async () => {
  const s = setup();
  const first = await saveProfile(s.stores, { name: 'demo', change: claimName(profile('demo')), values: { clientSecret: 'old' } });
  const edited = profile('demo', { scopes: ['api://x/.default'], updatedAt: '2026-01-02T00:00:00.000Z' });
  const saved = await saveProfile(s.stores, { name: 'demo', keepsValues: true, change: replaceIfUnchanged(edited, first.profile), values: { clientSecret: 'new' } });
  const [oldKey] = storedKeysOf(first.profile);
  const [newKey] = storedKeysOf(saved.profile);
  assert.notEqual(oldKey, newKey);
  assert.equal(await s.file.has(oldKey!), false, 'the old value is removed after the switch');
  assert.equal(await s.file.get(newKey!), 'new');
  assert.deepEqual(s.profiles.read().profiles.demo!.scopes, ['api://x/.default']);
});

test('an edit without a new value keeps the value it has; a switch to a reference removes it', async () => {
  const s = setup();
  const first = await saveProfile(s.stores, { name: 'demo', change: claimName(profile('demo')), values: { clientSecret: 'v1' } });
  const kept = await saveProfile(s.stores, { name: 'demo', keepsValues: true, change: replaceIfUnchanged(profile('demo', { tenant: 'fabrikam.onmicrosoft.com', updatedAt: 'later' }), first.profile) });
  assert.deepEqual(storedKeysOf(kept.profile), storedKeysOf(first.profile));
  assert.equal(await s.file.get(storedKeysOf(kept.profile)[0]!), 'v1');
  const ref = await saveProfile(s.stores, { name: 'demo', keepsValues: true, change: replaceIfUnchanged(profile('demo', { secret: { kind: 'reference', ref: 'env:X' }, updatedAt: 'later2' }), kept.profile) });
  assert.deepEqual(ref.profile.secret, { kind: 'reference', ref: 'env:X' });
  assert.deepEqual(Object.keys(JSONsecrets(s.file)), []);
});

test('the secret store fails while storing the new value: the profile and its old value are untouched', async () => {
  let fail = false;
  const s = setup({ beforeSecret: (op) => { if (fail && op === 'set') throw new Error('keychain refused'); } });
  const first = await saveProfile(s.stores, { name: 'demo', change: claimName(profile('demo')), values: { clientSecret: 'old' } });
  const before = JSONsecrets(s.file);
  fail = true;
  await assert.rejects(saveProfile(s.stores, { name: 'demo', keepsValues: true, change: replaceIfUnchanged(profile('demo', { updatedAt: 'x' }), first.profile), values: { clientSecret: 'new' } }), /keychain refused/);
  assert.deepEqual(s.profiles.read().profiles.demo, first.profile);
  assert.deepEqual(JSONsecrets(s.file), before);
});

test('writing the profile fails: the new value is removed again, the old profile keeps its old value', async () => {
  let fail = false;
  const s = setup({ beforeWrite: () => { if (fail) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' }); } });
  const first = await saveProfile(s.stores, { name: 'demo', change: claimName(profile('demo')), values: { clientSecret: 'old' } });
  const before = JSONsecrets(s.file);
  fail = true;
  await assert.rejects(saveProfile(s.stores, { name: 'demo', keepsValues: true, change: replaceIfUnchanged(profile('demo', { updatedAt: 'x' }), first.profile), values: { clientSecret: 'new' } }), /disk full/);
  assert.deepEqual(s.profiles.read().profiles.demo, first.profile);
  assert.deepEqual(JSONsecrets(s.file), before, 'only the old value is left');
});

test('the name is taken meanwhile: nothing of ours is written, the other profile and its value are untouched', async () => {
  const s = setup({
    beforeSecret: async (op, keys) => {
      // Another command saves a profile of the same name while our value is being stored.
      if (op === 'set' && keys[0]!.startsWith('profile/race/') && !s.profiles.read().profiles.race) {
        await saveProfile(plain, { name: 'race', change: claimName(profile('race', { tenant: 'other.onmicrosoft.com' })), values: { clientSecret: 'theirs' } });
      }
    },
  });
  const plain: ProfileStores = { profiles: s.profiles, secrets: async () => s.file };
  await assert.rejects(saveProfile(s.stores, { name: 'race', change: claimName(profile('race')), values: { clientSecret: 'ours' } }), ProfileNameTakenError);
  const race = s.profiles.read().profiles.race!;
  assert.equal(race.tenant, 'other.onmicrosoft.com');
  assert.deepEqual(Object.values(JSONsecrets(s.file)), ['theirs'], 'our value was removed again; theirs stays');
  assert.equal(await s.file.get(storedKeysOf(race)[0]!), 'theirs');
});

test('an edit made by another command meanwhile is not overwritten', async () => {
  const s = setup();
  const first = await saveProfile(s.stores, { name: 'demo', change: claimName(profile('demo')), values: { clientSecret: 'v1' } });
  await saveProfile(s.stores, { name: 'demo', keepsValues: true, change: updateExisting('demo', (p) => ({ ...p, scopes: ['api://theirs/.default'], updatedAt: 'theirs' })) });
  await assert.rejects(
    saveProfile(s.stores, { name: 'demo', keepsValues: true, change: replaceIfUnchanged(profile('demo', { updatedAt: 'ours' }), first.profile), values: { clientSecret: 'v2' } }),
    ProfileChangedError,
  );
  assert.deepEqual(s.profiles.read().profiles.demo!.scopes, ['api://theirs/.default']);
  assert.deepEqual(Object.values(JSONsecrets(s.file)), ['v1']);
});

test('a profile saved before keys were recorded: read at its per-name key, moved to a fresh key on its next new value', async () => {
  const s = setup();
  await s.profiles.update((doc) => { doc.profiles.legacy = profile('legacy'); doc.defaultProfile = 'legacy'; });
  await s.file.set(secretKey.clientSecret('legacy'), 'old');
  assert.deepEqual(storedKeysOf(s.profiles.read().profiles.legacy!), [secretKey.clientSecret('legacy')]);
  const kept = await saveProfile(s.stores, { name: 'legacy', keepsValues: true, change: updateExisting('legacy', (p) => ({ ...p, scopes: ['api://x/.default'] })) });
  assert.deepEqual(storedKeysOf(kept.profile), [secretKey.clientSecret('legacy')], 'no new value: the same key');
  const moved = await saveProfile(s.stores, { name: 'legacy', keepsValues: true, change: updateExisting('legacy', (p) => p), values: { clientSecret: 'new' } });
  assert.notEqual(storedKeysOf(moved.profile)[0], secretKey.clientSecret('legacy'));
  assert.deepEqual(JSONsecrets(s.file), { [storedKeysOf(moved.profile)[0]!]: 'new' });
});

test('a replacing profile (import --overwrite) starts with only the values it brings; a new one never reads a leftover', async () => {
  // Both are saved without a value on purpose (an export made without --include-secrets).
  const s = setup({ unchecked: ['demo', 'ghost'] });
  await saveProfile(s.stores, { name: 'demo', change: claimName(profile('demo')), values: { clientSecret: 'old' } });
  await s.file.set(secretKey.clientSecret('ghost'), 'left behind by a deleted profile');
  const replaced = await saveProfile(s.stores, { name: 'demo', change: () => profile('demo') });
  const [key] = storedKeysOf(replaced.profile);
  assert.equal(await s.file.get(key!), undefined, 'the old value did not carry over');
  assert.equal(Object.values(JSONsecrets(s.file)).includes('old'), false, 'and it is gone');
  const ghost = await saveProfile(s.stores, { name: 'ghost', change: claimName(profile('ghost')) });
  assert.notEqual(storedKeysOf(ghost.profile)[0], secretKey.clientSecret('ghost'));
});

test('removing the old value fails after the switch: the profile is saved and reads its new value; the old key is reported', async () => {
  let fail = false;
  const s = setup({ beforeSecret: (op) => { if (fail && op === 'deleteMany') throw new Error('keychain locked'); } });
  const first = await saveProfile(s.stores, { name: 'demo', change: claimName(profile('demo')), values: { clientSecret: 'old' } });
  fail = true;
  const saved = await saveProfile(s.stores, { name: 'demo', keepsValues: true, change: updateExisting('demo', (p) => p), values: { clientSecret: 'new' } });
  assert.deepEqual(saved.leftovers, storedKeysOf(first.profile));
  assert.equal(await s.file.get(storedKeysOf(saved.profile)[0]!), 'new');
});

test('a certificate password: under its own fresh key, kept when only the path stays and no new one is given', async () => {
  const s = setup();
  const cert = (extra: object = {}) => profile('cert', { authMethod: 'Certificate', secret: undefined, certificate: { path: '/x.pfx', format: 'pfx', hasPassword: true }, ...extra });
  const first = await saveProfile(s.stores, { name: 'cert', change: claimName(cert()), values: { certificatePassword: 'pw' } });
  const key = first.profile.certificate?.passwordKey;
  assert.match(key!, /^profile\/cert\/certificate-password\/[0-9a-f]{12}$/);
  const kept = await saveProfile(s.stores, { name: 'cert', keepsValues: true, change: updateExisting('cert', () => cert({ scopes: ['api://y/.default'] })) });
  assert.equal(kept.profile.certificate?.passwordKey, key);
  assert.equal(await s.file.get(key!), 'pw');
});

function JSONsecrets(file: FileSecretBackend): Record<string, string> {
  return { ...readSecretsFile(dirname(file.path)) };
}

test('each step is reported once reached, in order; a listener that fails at the switch does not undo it', async () => {
  const s = setup();
  const first = await saveProfile(s.stores, { name: 'demo', change: claimName(profile('demo')), values: { clientSecret: 'old' } });
  const [oldKey] = storedKeysOf(first.profile);
  const keyAt: Record<string, string | undefined> = {};
  const saved = await saveProfile(s.stores, { name: 'demo', keepsValues: true, change: updateExisting('demo', (p) => p), values: { clientSecret: 'new' } }, (step) => {
    assert.equal(keyAt[step], undefined, `'${step}' is reported once`);
    keyAt[step] = storedKeysOf(s.profiles.read().profiles.demo!)[0];
  });
  const [newKey] = storedKeysOf(saved.profile);
  assert.deepEqual(Object.keys(keyAt), [...SAVE_STEPS]);
  assert.equal(keyAt['value-written'], oldKey, 'value-written: the profile still reads its old value');
  assert.equal(keyAt['profile-switched'], newKey, 'profile-switched: the profile reads the new value');
  assert.equal(await s.file.has(oldKey!), false, 'old-values-removed: the old value is gone');

  const boom = new Error('listener failed');
  await assert.rejects(saveProfile(s.stores, { name: 'demo', keepsValues: true, change: updateExisting('demo', (p) => p), values: { clientSecret: 'newer' } }, (step) => {
    if (step === 'profile-switched') throw boom;
  }), boom);
  assert.equal(await s.file.get(storedKeysOf(s.profiles.read().profiles.demo!)[0]!), 'newer', 'the profile reads the value it switched to; it was not compensated away');
});
