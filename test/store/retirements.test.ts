// The pending-retirements file (store/retirements.ts): 0600 in a 0700 config folder, no value in it; a file
// of unknown shape or a newer schema is refused with an error naming it, and left byte-for-byte as it was
// (never read as empty and rewritten: that would forget old secrets still to be removed). `secret prune`
// with such a file exits 1 naming it, no stack trace.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RetirementStore, type PendingRetirement } from '../../src/store/retirements.ts';
import { cleanupCli, runCli, tempDir } from '../helpers/cli.ts';

after(cleanupCli);

const ENTRY: PendingRetirement = {
  tenant: '11111111-1111-1111-1111-111111111111', cloud: 'global', appObjectId: 'o1', appId: '22222222-2222-2222-2222-222222222222',
  appDisplayName: 'Orders', keyId: 'k1', replacedBy: 'k2', profile: 'p', recordedAt: '2026-11-01T00:00:00.000Z',
  retireAfter: '2026-11-08T00:00:00.000Z', waitForUse: false,
};

test('written 0600 in a 0700 folder; add, list and remove round-trip', async () => {
  const config = join(tempDir(), 'config');
  const store = new RetirementStore(config);
  await store.add(ENTRY);
  if (process.platform !== 'win32') {
    assert.equal(statSync(store.path).mode & 0o777, 0o600, 'the file is 0600');
    assert.equal(statSync(config).mode & 0o777, 0o700, 'its folder is 0700');
  }
  assert.deepEqual(store.list(), [ENTRY]);
  await store.remove(ENTRY);
  assert.deepEqual(store.list(), []);
});

const BAD: Record<string, string> = {
  'not JSON': '{"schemaVersion": 1, "retirements": [',
  'a newer schema': JSON.stringify({ schemaVersion: 2, retirements: [] }),
  'an entry without a keyId': JSON.stringify({ schemaVersion: 1, retirements: [{ ...ENTRY, keyId: undefined }] }),
  'an unreadable retireAfter': JSON.stringify({ schemaVersion: 1, retirements: [{ ...ENTRY, retireAfter: 'soon' }] }),
  'no list': JSON.stringify({ schemaVersion: 1, retirements: {} }),
};

test('a file of unknown shape is refused, named, and left as it was', async () => {
  for (const [what, text] of Object.entries(BAD)) {
    const config = join(tempDir(), 'config');
    const store = new RetirementStore(config);
    await store.add(ENTRY);
    writeFileSync(store.path, text);
    assert.throws(() => store.list(), (e: Error) => e.message.includes(store.path), `${what}: list refuses it, naming it`);
    await assert.rejects(store.add({ ...ENTRY, keyId: 'k3' }), (e: Error) => e.message.includes(store.path), `${what}: add refuses it`);
    await assert.rejects(store.remove(ENTRY), (e: Error) => e.message.includes(store.path), `${what}: remove refuses it`);
    assert.equal(readFileSync(store.path, 'utf8'), text, `${what}: the file is left as it was`);
  }
});

test('secret prune with a file of unknown shape: exit 1, the file named, no stack trace', async () => {
  const home = tempDir();
  const store = new RetirementStore(join(home, 'config'));
  await store.add(ENTRY);
  writeFileSync(store.path, BAD['a newer schema']!);
  const res = await runCli(['secret', 'prune'], { home, env: { EAC_SECRET_STORE: 'file', CI: undefined } });
  assert.equal(res.code, 1, res.stderr);
  assert.ok(res.stderr.includes(store.path), res.stderr);
  assert.doesNotMatch(res.stderr, /^\s+at .+/m);
  assert.equal(res.stdout, '');
  assert.equal(readFileSync(store.path, 'utf8'), BAD['a newer schema']);
});
