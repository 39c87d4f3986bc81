// kill -9 at every step (issue 9, item 2), shared by the kill-at-step test files (one per command, so they run
// in parallel): the command runs in a child Node process (test/helpers/kill-at-step-child.ts) that SIGKILLs
// itself when a use case reports step N through the Interaction port's progress; then recovery runs (as the
// next command would) and the state must be safe: no journal entry left, no value lost (the profile reads a
// value that gets a token from the emulator), no credential of ours that nobody holds, no profile on a dead
// or missing secret, the app keeps the credentials it had, and old values are gone once nothing reads them.
// A first run without a kill lists the steps, so a new step is covered too.
//
// Leftovers, as documented in src/app/profile/save-profile.ts: killed at a save's `value-written` (a save
// that is not a secret creation: recovery has no journal to go by) the new value stays under a fresh key
// nobody reads; killed at `profile-switched`, the old value stays under the old key nobody reads. Each is at
// most one value, never one a profile needs; the assertions allow exactly that and no more.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SAVE_STEPS } from '../../src/app/profile/save-profile.ts';
import { recoverAbandonedSecrets } from '../../src/app/secret/recover.ts';
import { CREATION_STEPS } from '../../src/app/secret/steps.ts';
import { draftOf } from '../../src/core/profile-draft.ts';
import type { Profile } from '../../src/core/profile.ts';
import { seal } from '../../src/core/sealed-export.ts';
import { AbsentPerson, signInBootstrap, testAdminDeps, tokenWorks } from '../helpers/admin-deps.ts';
import { storedValue, valuesKept, vaultValue } from '../helpers/stored-secrets.ts';
import { appWithSecret, GRAPH_DEFAULT, homeWithEmulator, saveProfile } from '../helpers/token-profiles.ts';

export type Scenario =
  | 'profile' | 'keyvault' | 'config-create' // secret creation (creates a credential in the app)
  | 'edit-create' // config edit -p p --create-secret
  | 'edit-stdin' // config edit -p p --client-secret-stdin (a value made in the app beforehand)
  | 'import-overwrite' | 'import-new'; // config import FILE [--overwrite], the export holding a value made beforehand

const CHILD = fileURLToPath(new URL('../helpers/kill-at-step-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PASSPHRASE = 'kill at every step';
const creates = (s: Scenario) => ['profile', 'keyvault', 'config-create', 'edit-create'].includes(s);
/** The profile the command writes. */
const target = (s: Scenario) => (s === 'config-create' ? 'fresh' : s === 'import-new' ? 'q' : 'p');
/** Whether the profile exists before the command. */
const existsBefore = (s: Scenario) => !['config-create', 'import-new'].includes(s);

async function setUp(scenario: Scenario) {
  const { home, emu } = await homeWithEmulator();
  await signInBootstrap(testAdminDeps(home), emu);
  const { app, secretText: old, secretId: oldKeyId } = appWithSecret(emu, 'Kill Target');
  const tenant = emu.info.tenantId;
  if (existsBefore(scenario)) await saveProfile(home, { name: 'p', tenant, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: old });
  // A value the person brings (typed in, or inside an export): a real credential of the app, made beforehand.
  let given: { value: string; keyId: string } | undefined;
  let exportFile: string | undefined;
  if (!creates(scenario)) {
    const made = emu.store.defaultTenant.addPassword(app, { displayName: 'given' }, new Date());
    given = { value: made.secretText, keyId: made.credential.keyId };
  }
  if (scenario.startsWith('import-')) {
    const now = new Date().toISOString();
    const profile: Profile = { name: target(scenario), cloud: 'local', tenant, clientId: app.appId, authMethod: 'ClientSecret', scopes: [GRAPH_DEFAULT], defaultFlow: 'client-credentials', secret: { kind: 'stored' }, createdAt: now, updatedAt: now };
    exportFile = join(home, 'export.eac.json');
    writeFileSync(exportFile, JSON.stringify(await seal({ profile: draftOf(profile), secrets: { clientSecret: given!.value } }, PASSPHRASE, true)), { mode: 0o600 });
  }
  return { home, emu, app, old, oldKeyId, given, exportFile, scenario };
}
type Setup = Awaited<ReturnType<typeof setUp>>;

function runChild(s: Setup, killAt: string): Promise<ChildResult> {
  // On stdin, never in argv or the environment: the typed value, or the export's passphrase.
  return runKillChild(CHILD, s.home, { KILL_AT: killAt, SCENARIO: s.scenario, APP_ID: s.app.appId, ...(s.exportFile ? { EXPORT_FILE: s.exportFile } : {}) },
    s.scenario === 'edit-stdin' ? s.given!.value : s.scenario.startsWith('import-') ? PASSPHRASE : '');
}

export interface ChildResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs a kill-at-step child script (TypeScript, through tsx) on `home` with nobody at a terminal; `input` on its stdin. */
export function runKillChild(script: string, home: string, env: Record<string, string>, input = ''): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      env: { ...process.env, EAC_HOME: home, EAC_SECRET_STORE: 'file', CI: 'true', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.on('error', () => undefined); // a child killed before it reads
    child.stdin.end(input);
  });
}

/** What must hold after a kill at `step` ('none': no kill) and the recovery that follows; `switched`: the kill came at or after profile-switched. */
async function assertSafe(s: Setup, step: string, switched: boolean): Promise<void> {
  const at = `killed at '${step}'`;
  const journal = join(s.home, 'data', 'journal');
  assert.deepEqual(existsSync(journal) ? readdirSync(journal) : [], [], `${at}: the journal is done`);
  const keyIds = s.app.passwordCredentials.map((c) => c.keyId);
  for (const keyId of [s.oldKeyId, ...(s.given ? [s.given.keyId] : [])]) assert.ok(keyIds.includes(keyId), `${at}: the credential ${keyId} the app had stays`);
  const ours = s.app.passwordCredentials.filter((c) => c.displayName?.startsWith('EAC-EXP-'));
  const name = target(s.scenario);
  const profile = testAdminDeps(s.home).profiles.get(name);

  let held: string[] = [];
  if (!profile) {
    assert.ok(!existsBefore(s.scenario) && !switched, `${at}: the profile '${name}' is there`);
    // Only a plain save killed before its switch leaves its new value (nobody reads it); a creation's recovery removes it.
    assert.ok(valuesKept(s.home, name).length <= (creates(s.scenario) ? 0 : 1), `${at}: no value stored for a profile that does not exist, but a documented leftover`);
  } else {
    const value = profile.secret?.kind === 'reference' ? vaultValue(s.emu, 'p-secret') : storedValue(s.home, name);
    assert.ok(await tokenWorks(s.emu, s.app.appId, value), `${at}: profile '${name}' gets a token (${profile.secret?.kind})`);
    if (switched) assert.notEqual(value, s.old, `${at}: after the switch the profile reads the new value`);
    if (!switched && existsBefore(s.scenario)) assert.equal(value, s.old, `${at}: before the switch the profile reads its old value`);
    held = [value!, ...(s.scenario === 'keyvault' && vaultValue(s.emu, 'p-secret') ? [vaultValue(s.emu, 'p-secret')!] : [])];
    // Leftovers nobody reads: only where documented (see the header), and only the value the profile had or got.
    const leftover = step === 'profile-switched' || (step === 'value-written' && !creates(s.scenario)) ? 1 : 0;
    const kept = valuesKept(s.home, name);
    assert.ok(kept.length <= 1 + leftover, `${at}: no value left under a key no profile reads (${kept.length} kept)`);
    for (const v of kept) assert.ok(v === value || v === s.old || v === s.given?.value, `${at}: a leftover is the old or the new value`);
  }
  assert.ok(ours.length <= 1, `${at}: at most the one new credential`);
  for (const c of ours) {
    const holder = held.find((v) => v.slice(0, 3) === c.hint);
    assert.ok(holder && (await tokenWorks(s.emu, s.app.appId, holder)), `${at}: the new credential ${c.keyId} is held by the profile or the vault`);
  }
}

/**
 * One test: a run without a kill lists the steps (each a known creation or save step), then one run per step
 * killed there, each followed by recovery and the checks above. Each starts a child process per step, so
 * each test has its own limit (scripts/test.mjs gives each file 10 minutes).
 */
export function killAtEveryStep(title: string, scenario: Scenario): void {
  test(`kill -9 at every step: ${title}`, { timeout: 600_000 }, async () => {
    const clean = await setUp(scenario);
    const done = await runChild(clean, 'none');
    assert.equal(done.code, 0, done.stderr);
    const steps = done.stdout.trim().split('\n');
    const known: readonly string[] = creates(scenario) ? CREATION_STEPS : SAVE_STEPS;
    assert.deepEqual(steps.filter((x) => !known.includes(x)), [], `only known steps: ${steps.join(', ')}`);
    assert.ok(steps.includes('profile-switched'), `the save reports its steps: ${steps.join(', ')}`);
    if (creates(scenario)) assert.ok(steps.includes('created') && steps.at(-1) === 'done', `the steps: ${steps.join(', ')}`);
    await assertSafe(clean, 'none', true);

    for (const [i, step] of steps.entries()) {
      const s = await setUp(scenario);
      const killed = await runChild(s, step);
      assert.equal(killed.signal, 'SIGKILL', `killed at '${step}': ${killed.stderr}`);
      const person = new AbsentPerson();
      await recoverAbandonedSecrets(testAdminDeps(s.home, { interaction: person }));
      assert.ok(!person.warnings.some((w) => w.includes('could not be removed now')), `recovery after '${step}' finished: ${person.warnings.join('\n')}`);
      const switchedAt = steps.indexOf('profile-switched');
      await assertSafe(s, step, switchedAt >= 0 && i >= switchedAt);
    }
  });
}
