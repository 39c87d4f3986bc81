// kill -9 at every step of `secret prune` (issue 10): a rotation left its old secret pending with an overlap
// already passed; the prune child (test/helpers/kill-at-step-child.ts) is killed at each step it reports,
// then the next prune runs. After it: the old credential is gone from the app, the pending-retirements file
// is empty, the replacement stays and the profile still gets a token with it (no profile on a dead secret).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PRUNE_STEPS, pruneRetirements } from '../../../src/app/secret/prune.ts';
import { rotateProfileSecret } from '../../../src/app/secret/rotate.ts';
import { RetirementStore } from '../../../src/store/retirements.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { signInBootstrap, testAdminDeps, tokenWorks } from '../../helpers/admin-deps.ts';
import { storedValue } from '../../helpers/stored-secrets.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';
import { runKillChild } from '../kill-harness.ts';

after(cleanupCli);

const CHILD = fileURLToPath(new URL('../../helpers/kill-at-step-child.ts', import.meta.url));

async function setUp() {
  const { home, emu } = await homeWithEmulator();
  const deps = testAdminDeps(home);
  await signInBootstrap(deps, emu);
  const { app, secretText } = appWithSecret(emu, 'Prune Kill Target');
  await saveProfile(home, { name: 'p', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: secretText });
  // An overlap of 1 ms: the old secret is due by the time the child runs.
  const r = await rotateProfileSecret(deps, { profile: 'p', overlapMs: 1 });
  assert.equal(r.old.action, 'retires');
  await new Promise((done) => setTimeout(done, 20));
  return { home, emu, app, newKeyId: r.new.keyId, oldKeyId: r.old.keyId, config: deps.paths.config };
}
type Setup = Awaited<ReturnType<typeof setUp>>;

async function assertPruned(s: Setup, at: string): Promise<void> {
  assert.deepEqual(s.app.passwordCredentials.map((c) => c.keyId), [s.newKeyId], `${at}: only the replacement is left`);
  assert.deepEqual(new RetirementStore(s.config).list(), [], `${at}: nothing stays pending`);
  assert.ok(await tokenWorks(s.emu, s.app.appId, storedValue(s.home, 'p')), `${at}: the profile gets a token`);
}

test('kill -9 at every step: secret prune', { timeout: 600_000 }, async () => {
  const clean = await setUp();
  const done = await runKillChild(CHILD, clean.home, { KILL_AT: 'none', SCENARIO: 'prune', APP_ID: clean.app.appId });
  assert.equal(done.code, 0, done.stderr);
  assert.deepEqual(done.stdout.trim().split('\n'), [...PRUNE_STEPS], 'every step, in order');
  await assertPruned(clean, 'not killed');

  for (const step of PRUNE_STEPS) {
    const s = await setUp();
    const killed = await runKillChild(CHILD, s.home, { KILL_AT: step, SCENARIO: 'prune', APP_ID: s.app.appId });
    assert.equal(killed.signal, 'SIGKILL', `killed at '${step}': ${killed.stderr}`);
    const next = await pruneRetirements(testAdminDeps(s.home));
    assert.ok(next.every((x) => x.action === 'gone'), `killed at '${step}': the next prune drops what is already removed (${JSON.stringify(next)})`);
    await assertPruned(s, `killed at '${step}'`);
  }
});
