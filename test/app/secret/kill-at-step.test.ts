// kill -9 at every step of creating a client secret (issue 9, item 2): the command runs in a child Node
// process (test/helpers/kill-at-step-child.ts) that SIGKILLs itself when the use case reports step N through
// the port; then recovery runs (as the next command would) and the state must be safe: no journal entry
// left, no value lost, no credential of ours that nobody holds, no profile on a dead or missing secret, and
// the app keeps its previous working credential. For `secret create -p` to a profile and to Key Vault, and
// `config create --create-secret`. A first run without a kill lists the steps, so a new step is covered too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { recoverAbandonedSecrets } from '../../../src/app/secret/recover.ts';
import { CREATION_STEPS } from '../../../src/app/secret/steps.ts';
import { AbsentPerson, signInBootstrap, testAdminDeps, tokenWorks } from '../../helpers/admin-deps.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { storedValue, valuesKept } from '../../helpers/stored-secrets.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';

after(cleanupCli);

type Scenario = 'profile' | 'keyvault' | 'config-create';
const CHILD = fileURLToPath(new URL('../../helpers/kill-at-step-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function setUp(scenario: Scenario) {
  const { home, emu } = await homeWithEmulator();
  await signInBootstrap(testAdminDeps(home), emu);
  const { app, secretText: old, secretId: oldKeyId } = appWithSecret(emu, 'Kill Target');
  if (scenario !== 'config-create') await saveProfile(home, { name: 'p', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: old });
  return { home, emu, app, old, oldKeyId, scenario };
}
type Setup = Awaited<ReturnType<typeof setUp>>;

function runChild(s: Setup, killAt: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT, env: { ...process.env, EAC_HOME: s.home, EAC_SECRET_STORE: 'file', CI: 'true', KILL_AT: killAt, SCENARIO: s.scenario, APP_ID: s.app.appId },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function vaultValue(s: Setup): string | undefined {
  const vault = s.emu.store.defaultTenant.record.vaults.find((v) => v.name === 'default');
  return vault?.secrets?.find((x) => x.name === 'p-secret')?.versions.at(-1)?.value;
}

/** What must hold after a kill at `step` and the recovery that follows. */
async function assertSafe(s: Setup, step: string): Promise<void> {
  const at = `killed at '${step}'`;
  const journal = join(s.home, 'data', 'journal');
  assert.deepEqual(existsSync(journal) ? readdirSync(journal) : [], [], `${at}: the journal is done`);
  assert.ok(s.app.passwordCredentials.some((c) => c.keyId === s.oldKeyId), `${at}: the previous credential stays in the app`);
  const ours = s.app.passwordCredentials.filter((c) => c.displayName?.startsWith('EAC-EXP-'));
  const name = s.scenario === 'config-create' ? 'fresh' : 'p';
  const profile = testAdminDeps(s.home).profiles.get(name);

  let held: string[];
  if (!profile) {
    assert.equal(s.scenario, 'config-create', `${at}: the profile is there`);
    held = [];
  } else {
    const value = profile.secret?.kind === 'reference' ? vaultValue(s) : storedValue(s.home, name);
    assert.ok(await tokenWorks(s.emu, s.app.appId, value), `${at}: profile '${name}' gets a token (${profile.secret?.kind})`);
    held = [value!, ...(s.scenario === 'keyvault' && vaultValue(s) ? [vaultValue(s)!] : [])];
    assert.ok(valuesKept(s.home, name).length <= 1, `${at}: no value left under a key no profile reads`);
  }
  if (s.scenario === 'config-create' && !profile) assert.deepEqual(valuesKept(s.home, name), [], `${at}: no value stored for a profile that does not exist`);
  assert.ok(ours.length <= 1, `${at}: at most the one new credential`);
  for (const c of ours) {
    const holder = held.find((v) => v.slice(0, 3) === c.hint);
    assert.ok(holder && (await tokenWorks(s.emu, s.app.appId, holder)), `${at}: the new credential ${c.keyId} is held by the profile or the vault`);
  }
}

// Each scenario starts about ten child processes (one per step, plus recovery runs): slow on a loaded machine,
// hence their own limit (scripts/test.mjs gives each file 10 minutes).
for (const scenario of ['profile', 'keyvault', 'config-create'] as const) {
  test(`kill -9 at every step: ${scenario === 'config-create' ? 'config create --create-secret' : `secret create -p${scenario === 'keyvault' ? ' --to-keyvault' : ''}`}`, { timeout: 600_000 }, async () => {
    const clean = await setUp(scenario);
    const done = await runChild(clean, 'none');
    assert.equal(done.code, 0, done.stderr);
    const steps = done.stdout.trim().split('\n');
    assert.ok(steps.includes('created') && steps.at(-1) === 'done', `the steps: ${steps.join(', ')}`);
    assert.deepEqual(steps.filter((x) => !(CREATION_STEPS as readonly string[]).includes(x)), [], 'only known steps');
    await assertSafe(clean, 'none');

    for (const step of steps) {
      const s = await setUp(scenario);
      const killed = await runChild(s, step);
      assert.equal(killed.signal, 'SIGKILL', `killed at '${step}': ${killed.stderr}`);
      const person = new AbsentPerson();
      await recoverAbandonedSecrets(testAdminDeps(s.home, { interaction: person }));
      assert.ok(!person.warnings.some((w) => w.includes('could not be removed now')), `recovery after '${step}' finished: ${person.warnings.join('\n')}`);
      await assertSafe(s, step);
    }
  });
}
