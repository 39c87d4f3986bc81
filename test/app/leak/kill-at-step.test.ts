// kill -9 at every step of `leak respond` (test/app/kill-harness.ts's method): a profile uses the leaked
// credential; the command runs in a child that SIGKILLs itself at step N; then the next command's recovery
// runs (recoverAbandonedSecrets, which finishes or rolls back an interrupted rotation) and the person runs
// `leak respond` again. After that: the leaked credential is gone, the profile gets a token with a new value,
// the journal is empty, and no credential of ours is left that nobody holds.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { recoverAbandonedSecrets } from '../../../src/app/secret/recover.ts';
import { runKillChild } from '../kill-harness.ts';
import { AbsentPerson, signInBootstrap, testAdminDeps, tokenWorks } from '../../helpers/admin-deps.ts';
import { storedValue } from '../../helpers/stored-secrets.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';

async function setUp() {
  const { home, emu } = await homeWithEmulator();
  await signInBootstrap(testAdminDeps(home), emu);
  const { app, secretText, secretId } = appWithSecret(emu, 'Leak Kill Target');
  await saveProfile(home, { name: 'p', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: secretText });
  return { home, emu, app, leaked: secretText, leakedKeyId: secretId };
}
type Setup = Awaited<ReturnType<typeof setUp>>;

/** `leak respond --app APP --key-id KEY --yes --no-replacement` in the shared kill child (test/helpers/kill-at-step-child.ts). */
const CHILD = fileURLToPath(new URL('../../helpers/kill-at-step-child.ts', import.meta.url));
const runChild = (s: Setup, killAt: string) => runKillChild(CHILD, s.home, { KILL_AT: killAt, SCENARIO: `leak-respond:${s.leakedKeyId}`, APP_ID: s.app.appId });

async function assertAnswered(s: Setup, at: string): Promise<void> {
  const journal = join(s.home, 'data', 'journal');
  assert.deepEqual(existsSync(journal) ? readdirSync(journal) : [], [], `${at}: the journal is done`);
  assert.ok(!s.app.passwordCredentials.some((c) => c.keyId === s.leakedKeyId), `${at}: the leaked credential is gone`);
  assert.equal(await tokenWorks(s.emu, s.app.appId, s.leaked), false, `${at}: the leaked value gets no token`);
  const value = storedValue(s.home, 'p');
  assert.notEqual(value, s.leaked, `${at}: the profile left the leaked value`);
  assert.ok(await tokenWorks(s.emu, s.app.appId, value), `${at}: the profile gets a token`);
  for (const c of s.app.passwordCredentials) assert.equal(c.hint, value!.slice(0, 3), `${at}: the only credential left is the profile's (${c.keyId})`);
  assert.equal(s.app.passwordCredentials.length, 1, `${at}: one credential, held by the profile`);
}

test('kill -9 at every step of leak respond: recovery and a second run finish the job', { timeout: 600_000 }, async () => {
  const clean = await setUp();
  const done = await runChild(clean, 'none');
  assert.equal(done.code, 0, done.stderr);
  const steps = done.stdout.trim().split('\n');
  for (const s of ['confirmed', 'created', 'verified', 'profile-switched', 'old-retired', 'replaced', 'revoked', 'sign-ins-listed']) assert.ok(steps.includes(s), `step ${s}: ${steps.join(', ')}`);
  await assertAnswered(clean, 'no kill');

  for (const step of new Set(steps)) {
    const s = await setUp();
    const killed = await runChild(s, step);
    assert.equal(killed.signal, 'SIGKILL', `killed at '${step}': ${killed.stderr}`);
    await recoverAbandonedSecrets(testAdminDeps(s.home, { interaction: new AbsentPerson() }));
    const again = await runChild(s, 'none');
    assert.equal(again.code, 0, `the run after a kill at '${step}': ${again.stderr}`);
    await assertAnswered(s, `killed at '${step}'`);
  }
});
