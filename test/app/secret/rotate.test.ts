// Rotating a profile's client secret in-process (src/app/secret/rotate.ts) against the emulator over HTTPS,
// signed in as a service principal, nobody at a terminal: the steps in order, the new value proven and
// stored where the old one lived (recording its credential), the old one removed / recorded for prune /
// kept as asked; a dry run changes nothing; a secret of unknown provenance is rotated but never retired; a
// credential another profile uses is never removed. No value in the result, the journal or the retirements.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pruneRetirements } from '../../../src/app/secret/prune.ts';
import { ROTATION_STEPS } from '../../../src/app/secret/rotate-steps.ts';
import { rotateProfileSecret } from '../../../src/app/secret/rotate.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { AbsentPerson, signInBootstrap, testAdminDeps, tokenWorks } from '../../helpers/admin-deps.ts';
import { storedSecrets, storedValue } from '../../helpers/stored-secrets.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';

after(cleanupCli);

async function setUp(name = 'Rotate Target') {
  const { home, emu } = await homeWithEmulator();
  const person = new AbsentPerson();
  const deps = testAdminDeps(home, { interaction: person });
  await signInBootstrap(deps, emu);
  const { app, secretText: old, secretId: oldKeyId } = appWithSecret(emu, name);
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: old });
  return { home, emu, person, deps, app, old, oldKeyId };
}

const keyIds = (app: { passwordCredentials: { keyId: string }[] }) => app.passwordCredentials.map((c) => c.keyId).sort();
const DAY = 86_400_000;

function noValueIn(home: string, values: string[]): void {
  for (const dir of ['data/journal', 'config']) {
    const d = join(home, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) {
      if (f === 'secrets.json' || !f.endsWith('.json')) continue;
      const text = readFileSync(join(d, f), 'utf8');
      for (const v of values) assert.ok(!text.includes(v), `${dir}/${f} holds no secret value`);
    }
  }
}

test('--remove-old now: every step in order, the profile on the proven new value, the old credential removed', async () => {
  const s = await setUp();
  const r = await rotateProfileSecret(s.deps, { profile: 'demo', removeOld: 'now' });
  assert.deepEqual(s.person.steps, [...ROTATION_STEPS], 'every step, in order');
  const now = storedValue(s.home, 'demo')!;
  assert.notEqual(now, s.old);
  assert.ok(await tokenWorks(s.emu, s.app.appId, now), 'the profile gets a token');
  assert.ok(!(await tokenWorks(s.emu, s.app.appId, s.old)), 'the old secret no longer works');
  assert.deepEqual(keyIds(s.app), [r.new.keyId], 'only the new credential is left');
  assert.equal(r.old.keyId, s.oldKeyId);
  assert.equal(r.old.match, 'hint', 'a hand-entered secret is found by its hint');
  assert.equal(r.old.action, 'removed');
  assert.ok(r.verifiedAfterSeconds !== null && r.verifiedAfterSeconds >= 0);
  assert.match(r.new.displayName, /^EAC-EXP-\d{2}-[A-Z]{3}-\d{2}$/);
  assert.deepEqual(s.deps.profiles.get('demo')?.secret?.credential, { keyId: r.new.keyId, endDateTime: r.new.endDateTime }, 'the profile records its new credential');
  assert.ok(!JSON.stringify(r).includes(now) && !JSON.stringify(r).includes(s.old), 'no value in the result');
  assert.ok(s.person.notices.some((n) => n.includes('was not shown')), 'says where the value went');
  assert.deepEqual(s.person.revealed, [], 'the value is never shown');
  noValueIn(s.home, [now, s.old]);
  assert.deepEqual(readdirSync(join(s.home, 'data', 'journal')), [], 'the journal is done');
});

test('after-overlap (default): both work; prune before the overlap keeps it, after it removes it (clock injected)', async () => {
  const s = await setUp();
  const r = await rotateProfileSecret(s.deps, { profile: 'demo' });
  assert.equal(r.old.action, 'retires');
  const retiresAt = Date.parse(r.old.retiresAt!);
  assert.ok(Math.abs(retiresAt - (Date.now() + 7 * DAY)) < 60_000, 'seven days of overlap by default');
  assert.ok(await tokenWorks(s.emu, s.app.appId, s.old), 'the old one still works during the overlap');
  assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, 'demo')));
  noValueIn(s.home, [s.old, storedValue(s.home, 'demo')!]);

  const early = await pruneRetirements(testAdminDeps(s.home, { now: () => new Date(retiresAt - 60_000) }));
  assert.deepEqual(early.map((x) => [x.keyId, x.action]), [[s.oldKeyId, 'pending']]);
  assert.equal(keyIds(s.app).length, 2, 'nothing removed before the overlap ends');

  const dry = await pruneRetirements(testAdminDeps(s.home, { now: () => new Date(retiresAt + 1000) }), { dryRun: true });
  assert.deepEqual(dry.map((x) => x.action), ['removed'], 'a dry run says what it would remove');
  assert.equal(keyIds(s.app).length, 2, '... and removes nothing');

  const late = await pruneRetirements(testAdminDeps(s.home, { now: () => new Date(retiresAt + 1000) }));
  assert.deepEqual(late.map((x) => [x.keyId, x.action]), [[s.oldKeyId, 'removed']]);
  assert.deepEqual(keyIds(s.app), [r.new.keyId]);
  assert.deepEqual(await pruneRetirements(testAdminDeps(s.home, { now: () => new Date(retiresAt + 2000) })), [], 'nothing left to prune');
});

test('--remove-old never keeps the old one; --overlap sets when prune may remove it', async () => {
  const s = await setUp();
  const r = await rotateProfileSecret(s.deps, { profile: 'demo', removeOld: 'never' });
  assert.equal(r.old.action, 'kept');
  assert.equal(keyIds(s.app).length, 2);
  assert.deepEqual(await pruneRetirements(s.deps), [], 'nothing recorded for prune');

  const r2 = await rotateProfileSecret(s.deps, { profile: 'demo', overlapMs: 3_600_000 });
  assert.equal(r2.old.keyId, r.new.keyId, 'the recorded credential is the one replaced');
  assert.equal(r2.old.match, 'recorded');
  assert.ok(Math.abs(Date.parse(r2.old.retiresAt!) - (Date.now() + 3_600_000)) < 60_000);
});

test('--dry-run: the plan, and nothing changes (app, profile, store, journal, retirements)', async () => {
  const s = await setUp();
  const profileBefore = JSON.stringify(s.deps.profiles.get('demo'));
  const storeBefore = JSON.stringify(storedSecrets(s.home));
  const before = keyIds(s.app);
  const r = await rotateProfileSecret(s.deps, { profile: 'demo', removeOld: 'now', dryRun: true });
  assert.equal(r.dryRun, true);
  assert.equal(r.new.keyId, null);
  assert.equal(r.old.action, 'removed', 'what would happen');
  assert.deepEqual(keyIds(s.app), before);
  assert.equal(JSON.stringify(s.deps.profiles.get('demo')), profileBefore);
  assert.equal(JSON.stringify(storedSecrets(s.home)), storeBefore);
  assert.ok(!existsSync(join(s.home, 'data', 'journal')) || readdirSync(join(s.home, 'data', 'journal')).length === 0);
  assert.ok(!existsSync(join(s.home, 'config', 'retirements.json')));
});

test('a secret whose credential cannot be told (two with its hint): rotated, nothing retired, and said so', async () => {
  const s = await setUp();
  // Another credential with the same first three characters: the hint no longer tells which one it is.
  const twin = s.emu.store.defaultTenant.addPassword(s.app, { displayName: 'twin' }, new Date());
  twin.credential.hint = s.old.slice(0, 3);
  const r = await rotateProfileSecret(s.deps, { profile: 'demo', removeOld: 'now' });
  assert.equal(r.old.match, 'ambiguous');
  assert.equal(r.old.action, 'kept');
  assert.equal(r.old.keyId, null);
  assert.ok(s.person.warnings.some((w) => w.includes('no old credential is removed automatically')), s.person.warnings.join('\n'));
  assert.equal(keyIds(s.app).length, 3, 'both old credentials stay');
});

test('a credential another local profile uses is never removed', async () => {
  const s = await setUp();
  await saveProfile(s.home, { name: 'other', tenant: s.emu.info.tenantId, clientId: s.app.appId, authMethod: 'ClientSecret' }, { clientSecret: s.old });
  const r = await rotateProfileSecret(s.deps, { profile: 'demo', removeOld: 'now' });
  assert.equal(r.old.action, 'kept');
  assert.match(r.old.reason!, /'other'/);
  assert.ok(keyIds(s.app).includes(s.oldKeyId));
  assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, 'other')), 'the other profile still gets a token');
});

test('two rotations of profiles of one app, and a rotation and a creation, within one second: all survive', async () => {
  const s = await setUp();
  await saveProfile(s.home, { name: 'second', tenant: s.emu.info.tenantId, clientId: s.app.appId, authMethod: 'ClientSecret' }, { clientSecret: s.emu.store.defaultTenant.addPassword(s.app, { displayName: 'second' }, new Date()).secretText });
  const second = new Date(Math.floor(Date.now() / 1000) * 1000);
  const at = (ms: number) => testAdminDeps(s.home, { now: () => new Date(second.getTime() + ms) });
  const [a, b] = await Promise.all([
    rotateProfileSecret(at(100), { profile: 'demo', removeOld: 'never' }),
    rotateProfileSecret(at(600), { profile: 'second', removeOld: 'never' }),
  ]);
  assert.equal(a.new.displayName, b.new.displayName, 'same name (same expiry day)');
  assert.ok(keyIds(s.app).includes(a.new.keyId!) && keyIds(s.app).includes(b.new.keyId!), 'both new credentials are in the app');
  assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, 'demo')));
  assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, 'second')));

  const { createClientSecret } = await import('../../../src/app/secret/create.ts');
  const d = at(900);
  const { resolveTarget } = await import('../../../src/app/admin/target.ts');
  const t = resolveTarget(d, { profile: 'second' }, { useCurrent: false });
  const [c] = await Promise.all([
    createClientSecret(d, { appId: s.app.appId, tenant: t.tenant, cloud: t.cloud }, { destination: { kind: 'profile', profile: 'second' } }),
    rotateProfileSecret(at(300), { profile: 'demo', removeOld: 'never' }),
  ]);
  assert.ok(keyIds(s.app).includes(c.keyId));
  assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, 'demo')), 'the rotated profile gets a token');
  assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, 'second')), 'the created one too');
});
