// kill -9 at every step of `secret rotate -p p --remove-old now` (issue 10, items 2 and 7), for a profile
// whose secret is in the secret store and for one that reads a keyvault:// secret. After each kill the
// next command's recovery runs (app/secret/recover.ts) and then: the journal is done; the profile gets a
// token; before the switch it reads its old value, after it the new one; the app always keeps a working
// credential that the profile holds; no credential of ours that nobody holds is left; the old credential is
// gone exactly when the new one is held (--remove-old now, finished by recovery); credentials the app had
// besides the rotated one stay. The child process and its kill: test/app/kill-harness.ts.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { resolveTarget } from '../../../src/app/admin/target.ts';
import { createClientSecret } from '../../../src/app/secret/create.ts';
import { recoverAbandonedSecrets } from '../../../src/app/secret/recover.ts';
import { ROTATION_STEPS } from '../../../src/app/secret/rotate-steps.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { AbsentPerson, signInBootstrap, testAdminDeps, tokenWorks } from '../../helpers/admin-deps.ts';
import { storedValue, vaultValue } from '../../helpers/stored-secrets.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';
import { runKillChild } from '../kill-harness.ts';

after(cleanupCli);

const CHILD = fileURLToPath(new URL('../../helpers/kill-at-step-child.ts', import.meta.url));

type Kind = 'rotate' | 'rotate-keyvault';

async function setUp(kind: Kind) {
  const { home, emu } = await homeWithEmulator();
  const deps = testAdminDeps(home);
  await signInBootstrap(deps, emu);
  const { app, secretText, secretId } = appWithSecret(emu, 'Rotate Kill Target');
  await saveProfile(home, { name: 'p', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: secretText });
  let old = secretText;
  let oldKeyId = secretId;
  if (kind === 'rotate-keyvault') {
    // The profile then reads keyvault://default/p-secret, a credential it recorded.
    const t = resolveTarget(deps, { profile: 'p' }, { useCurrent: false });
    const made = await createClientSecret(deps, { appId: app.appId, tenant: t.tenant, cloud: t.cloud }, { destination: { kind: 'keyvault', vault: 'default', name: 'p-secret', profile: 'p' } });
    old = made.secretText;
    oldKeyId = made.keyId;
  }
  const others = app.passwordCredentials.map((c) => c.keyId).filter((k) => k !== oldKeyId);
  return { home, emu, app, old, oldKeyId, others, kind };
}
type Setup = Awaited<ReturnType<typeof setUp>>;

function heldValue(s: Setup): string | undefined {
  const profile = testAdminDeps(s.home).profiles.get('p');
  if (profile?.secret?.kind !== 'reference') return storedValue(s.home, 'p');
  return vaultValue(s.emu, 'p-secret');
}

async function assertSafe(s: Setup, step: string, switched: boolean): Promise<void> {
  const at = `killed at '${step}'`;
  const journal = join(s.home, 'data', 'journal');
  assert.deepEqual(existsSync(journal) ? readdirSync(journal) : [], [], `${at}: the journal is done`);
  const value = heldValue(s);
  assert.ok(await tokenWorks(s.emu, s.app.appId, value), `${at}: the profile gets a token`);
  if (switched) assert.notEqual(value, s.old, `${at}: after the switch the profile reads the new value`);
  else assert.equal(value, s.old, `${at}: before the switch the profile reads its old value`);
  const keyIds = s.app.passwordCredentials.map((c) => c.keyId);
  for (const k of s.others) assert.ok(keyIds.includes(k), `${at}: the credential ${k} the app had besides the rotated one stays`);
  const rest = s.app.passwordCredentials.filter((c) => !s.others.includes(c.keyId));
  assert.equal(rest.length, 1, `${at}: exactly one of old and new is left (${rest.map((c) => c.displayName).join(', ')})`);
  assert.equal(rest[0]!.hint, value!.slice(0, 3), `${at}: and the profile holds it`);
  assert.equal(rest[0]!.keyId === s.oldKeyId, !switched, `${at}: the old credential is gone exactly when the new one is held`);
  const recorded = testAdminDeps(s.home).profiles.get('p')?.secret?.credential;
  if (switched || s.kind === 'rotate-keyvault') assert.equal(recorded?.keyId, rest[0]!.keyId, `${at}: the profile records the credential it holds`);
}

function killAtEveryStep(kind: Kind): void {
  test(`kill -9 at every step: secret rotate -p ${kind === 'rotate' ? '(secret store)' : '(keyvault:// profile)'} --remove-old now`, { timeout: 600_000 }, async () => {
    const clean = await setUp(kind);
    const done = await runKillChild(CHILD, clean.home, { KILL_AT: 'none', SCENARIO: kind, APP_ID: clean.app.appId });
    assert.equal(done.code, 0, done.stderr);
    const steps = done.stdout.trim().split('\n');
    assert.deepEqual(steps.filter((x) => !(ROTATION_STEPS as readonly string[]).includes(x)), [], `only known steps: ${steps.join(', ')}`);
    assert.ok(['created', 'verified', 'profile-switched', 'old-retired'].every((x) => steps.includes(x)) && steps.at(-1) === 'done', `the steps: ${steps.join(', ')}`);
    await assertSafe(clean, 'none', true);
    // The profile reads the new value from the step that makes it its holder on.
    const holderStep = steps.indexOf(kind === 'rotate' ? 'profile-switched' : 'value-written');

    for (const [i, step] of steps.entries()) {
      const s = await setUp(kind);
      const killed = await runKillChild(CHILD, s.home, { KILL_AT: step, SCENARIO: kind, APP_ID: s.app.appId });
      assert.equal(killed.signal, 'SIGKILL', `killed at '${step}': ${killed.stderr}`);
      const person = new AbsentPerson();
      await recoverAbandonedSecrets(testAdminDeps(s.home, { interaction: person }));
      assert.ok(!person.warnings.some((w) => w.includes('could not be removed now')), `recovery after '${step}' finished: ${person.warnings.join('\n')}`);
      await assertSafe(s, step, i >= holderStep);
    }
  });
}

killAtEveryStep('rotate');
killAtEveryStep('rotate-keyvault');
