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
import { replaceAppCredential, rotateProfileSecret, RotationError } from '../../../src/app/secret/rotate.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { AbsentPerson, signInBootstrap, testAdminDeps, tokenWorks } from '../../helpers/admin-deps.ts';
import { storedSecrets, storedValue } from '../../helpers/stored-secrets.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';

after(cleanupCli);

async function setUp(name = 'Rotate Target', propagationDelayMs = 0) {
  const { home, emu } = await homeWithEmulator({ propagationDelayMs });
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

test('propagation delay shorter than the bound: the proof is retried until the new secret works', async () => {
  const s = await setUp('Slow Tenant', 3000);
  const r = await rotateProfileSecret(s.deps, { profile: 'demo', removeOld: 'now' });
  assert.ok(r.verifiedAfterSeconds! >= 2, `verified after ${r.verifiedAfterSeconds} s, not before the delay`);
  assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, 'demo')));
  assert.deepEqual(keyIds(s.app), [r.new.keyId]);
});

test('propagation delay longer than the bound: the new credential is removed, the old kept, the profile untouched, a clear error', async () => {
  const s = await setUp('Slower Tenant', 20_000);
  const profileBefore = JSON.stringify(s.deps.profiles.get('demo'));
  const started = Date.now();
  await assert.rejects(rotateProfileSecret(s.deps, { profile: 'demo', removeOld: 'now', verifyTimeoutMs: 3000 }), (err: unknown) => {
    assert.ok(err instanceof RotationError);
    assert.equal(err.exitCode, 1);
    assert.match(err.message, /did not get a token within 3 s .*AADSTS7000215.*removed again; profile 'demo' keeps its current secret/s);
    assert.match(err.hint!, /--verify-timeout/);
    return true;
  });
  assert.ok(Date.now() - started < 15_000, 'the bound is kept');
  assert.deepEqual(keyIds(s.app), [s.oldKeyId], 'only the old credential is left');
  assert.equal(storedValue(s.home, 'demo'), s.old, 'the profile still reads the old value');
  assert.equal(JSON.stringify(s.deps.profiles.get('demo')), profileBefore, 'the profile is unchanged');
  assert.ok(await tokenWorks(s.emu, s.app.appId, s.old), 'which still works');
  assert.deepEqual(readdirSync(join(s.home, 'data', 'journal')), [], 'the journal is done');
  assert.ok(!s.person.steps.includes('verified') && !s.person.steps.includes('store-key-journaled'), `nothing stored: ${s.person.steps.join(', ')}`);
});

test('--wait-for-use: the old one goes once the new key signs in after the switch; not seen in time, prune waits for it', async () => {
  const s = await setUp();
  // The service that holds the profile's value picks up the new one and signs in with it.
  let stop = false;
  const service = (async () => {
    while (!stop) {
      const v = storedValue(s.home, 'demo');
      if (v && v !== s.old) return tokenWorks(s.emu, s.app.appId, v);
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  })();
  const r = await rotateProfileSecret(s.deps, { profile: 'demo', removeOld: 'now', waitForUse: true, waitForUseMs: 60_000 });
  stop = true;
  assert.equal(await service, true, 'the service signed in with the new value');
  assert.equal(r.old.action, 'removed');
  assert.deepEqual(keyIds(s.app), [r.new.keyId]);

  // Nobody uses the next new key within the bound: the old one is kept and left to prune, which waits for use too.
  const r2 = await rotateProfileSecret(s.deps, { profile: 'demo', removeOld: 'now', waitForUse: true, waitForUseMs: 1000 });
  assert.equal(r2.old.action, 'retires');
  assert.ok(s.person.warnings.some((w) => w.includes('was not seen signing in')), s.person.warnings.join('\n'));
  assert.deepEqual((await pruneRetirements(s.deps)).map((x) => [x.keyId, x.action]), [[r.new.keyId, 'waiting']]);
  assert.equal(keyIds(s.app).length, 2);
  assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, 'demo')), 'the new key is used');
  assert.deepEqual((await pruneRetirements(s.deps)).map((x) => [x.keyId, x.action]), [[r.new.keyId, 'removed']]);
  assert.deepEqual(keyIds(s.app), [r2.new.keyId]);
});

test('--all --due: due profiles rotated, others skipped with why, one failing reported as failed', async () => {
  const s = await setUp();
  const tenant = s.emu.store.defaultTenant;
  const now = new Date();
  // 'demo' ends in two years (not due). 'soon' ends in 10 days. 'broken' is an app that no longer exists.
  const soonApp = appWithSecret(s.emu, 'Soon Expiring');
  const soon = tenant.addPassword(soonApp.app, { displayName: 'soon', startDateTime: now, endDateTime: new Date(now.getTime() + 10 * DAY) }, now);
  await saveProfile(s.home, { name: 'soon', tenant: s.emu.info.tenantId, clientId: soonApp.app.appId, authMethod: 'ClientSecret' }, { clientSecret: soon.secretText });
  await saveProfile(s.home, { name: 'broken', tenant: s.emu.info.tenantId, clientId: '00000000-1111-2222-3333-444444444444', authMethod: 'ClientSecret', secret: { kind: 'stored', credential: { keyId: 'x', endDateTime: new Date(now.getTime() + DAY).toISOString() } } });
  const { rotateDue } = await import('../../../src/app/secret/rotate-all.ts');
  const rows = await rotateDue(s.deps, { dueDays: 30, removeOld: 'now' });
  const by = Object.fromEntries(rows.map((r) => [r.profile, r]));
  assert.deepEqual(rows.map((r) => [r.profile, r.status]), [['broken', 'failed'], ['demo', 'skipped'], ['soon', 'rotated']]);
  assert.match(by.demo!.reason!, /not due: \d+ days left \(ok\)/);
  assert.match(by.broken!.reason!, /not found/);
  assert.deepEqual(keyIds(soonApp.app).sort(), [soonApp.secretId, by.soon!.result!.new.keyId].sort(), 'the due one got its new credential; only its own old one went');
  assert.ok(await tokenWorks(s.emu, soonApp.app.appId, storedValue(s.home, 'soon')));
  assert.equal(keyIds(s.app).length, 1, 'the one not due is untouched');
});

test('replaceAppCredential (leak respond): every profile holding credential K gets a replacement, K goes after the last, others untouched', async () => {
  const s = await setUp();
  await saveProfile(s.home, { name: 'copy', tenant: s.emu.info.tenantId, clientId: s.app.appId, authMethod: 'ClientSecret' }, { clientSecret: s.old });
  const otherValue = s.emu.store.defaultTenant.addPassword(s.app, { displayName: 'other' }, new Date());
  await saveProfile(s.home, { name: 'unrelated', tenant: s.emu.info.tenantId, clientId: s.app.appId, authMethod: 'ClientSecret' }, { clientSecret: otherValue.secretText });

  const { rotated, skipped } = await replaceAppCredential(s.deps, { appId: s.app.appId, keyId: s.oldKeyId, removeOld: 'now' });
  assert.deepEqual(rotated.map((r) => r.profile), ['copy', 'demo']);
  assert.deepEqual(skipped, ['unrelated']);
  assert.equal(rotated.at(-1)!.old.action, 'removed', 'K is removed once no profile holds it');
  assert.ok(!keyIds(s.app).includes(s.oldKeyId));
  for (const name of ['copy', 'demo', 'unrelated']) assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, name)), `${name} gets a token`);
  assert.equal(storedValue(s.home, 'unrelated'), otherValue.secretText, 'a profile on another credential is left as it is');
});
