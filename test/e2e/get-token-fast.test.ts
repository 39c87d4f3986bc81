// The get-token fast path at its edges (src/cli/main.ts, cli/get-token-fast.ts, cli/sync-stdout.ts): it reads
// profiles through the one reader, writes to a pipe or file without creating process.stdout, steps aside for
// a terminal, and a reader that stops early ends it quietly. The real CLI against an in-process emulator.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN, REPO_ROOT, cleanupCli, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../helpers/token-profiles.ts';
import { skipUnless } from '../helpers/tools.ts';

after(cleanupCli);

const STACK_FRAME = /^\s+at .+/m;
const SERVED = /get-token fast path: served from the token cache/;
const STEPPED_ASIDE = /get-token fast path: .*; running the full command/;
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;


function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined, CI: undefined, ...extra };
}

async function eac(args: string[], extra: Record<string, string | undefined> = {}): Promise<CliResult> {
  const res = await runCli(args, { home, env: env(extra), timeoutMs: 60_000 });
  assert.equal(res.timedOut, false, `timed out: ${args.join(' ')}`);
  assert.doesNotMatch(res.stderr, STACK_FRAME, `no stack trace: ${res.stderr}`);
  return res;
}

/** Runs the CLI with its stdout read end closed before it writes: its write meets EPIPE. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EAC_HOME: home, EAC_DEBUG: '1', ...env() } as NodeJS.ProcessEnv,
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.once('close', (code) => { clearTimeout(timer); resolve({ code, stderr }); }));
}

// One emulator and one primed profile for the whole file (started at the top level, so it outlives each test).
const { home, emu } = await homeWithEmulator();
const app = appWithSecret(emu, 'fast app');
await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: app.app.appId, authMethod: 'ClientSecret' }, { clientSecret: app.secretText });
const first = await eac(['get-token', '-p', 'demo', '-o', 'raw']);
assert.equal(first.code, 0, first.stderr);
const token = first.stdout;

test('in a pipe, no -o means raw, served from the cache; the same bytes go to a file', async () => {
  const piped = await eac(['get-token', '-p', 'demo'], { EAC_DEBUG: '1' });
  assert.equal(piped.code, 0, piped.stderr);
  assert.match(piped.stderr, SERVED);
  assert.equal(piped.stdout, token);

  const file = join(tempDir(), 'token.txt');
  const res = spawnSync('sh', ['-c', `exec "${process.execPath}" "${CLI_BIN}" get-token -p demo > "${file}"`], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, EAC_HOME: home, EAC_DEBUG: '1', ...env() } as NodeJS.ProcessEnv,
  });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stderr, SERVED);
  assert.equal(readFileSync(file, 'utf8'), token);
});

test('a reader that stops early ends --version and the cached get-token quietly (exit 0, no full command)', async () => {
  for (const args of [['--version'], ['get-token', '-p', 'demo', '-o', 'raw']]) {
    const res = await withClosedStdout(args);
    assert.equal(res.code, 0, res.stderr);
    assert.doesNotMatch(res.stderr, STACK_FRAME);
    assert.doesNotMatch(res.stderr, STEPPED_ASIDE, 'EPIPE is not a reason to run the full command');
  }
});

test('on a terminal the fast path steps aside for the table view', { skip: skipUnless(hasScript, 'needs util-linux script(1)') }, async () => {
  const child = spawn('script', ['-q', '-e', '-c', `"${process.execPath}" "${CLI_BIN}" get-token -p demo`, '/dev/null'], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EAC_HOME: home, EAC_DEBUG: '1', TERM: 'xterm-256color', COLUMNS: '200', ...env() } as NodeJS.ProcessEnv,
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  assert.equal(code, 0, out);
  assert.match(out, /get-token fast path: -o table; running the full command/);
});

test('profiles are read through the one reader: a file it refuses sends the fast path aside, and the full command names it', async () => {
  const path = join(home, 'config', 'profiles.json');
  const good = readFileSync(path, 'utf8');
  try {
    // schemaVersion 1 but profiles is not an object: only the reader's shape check refuses this.
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, defaultProfile: 'demo', profiles: [] }));
    const res = await eac(['get-token', '-p', 'demo', '-o', 'raw'], { EAC_DEBUG: '1' });
    assert.equal(res.code, 1);
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /get-token fast path: The profiles file .*profiles\.json cannot be used: it is not an entra-auth-cli profiles file.*; running the full command/);
    assert.doesNotMatch(res.stderr.replace(STEPPED_ASIDE, ''), SERVED);

    writeFileSync(path, JSON.stringify({ ...JSON.parse(good), schemaVersion: 2 }));
    const newer = await eac(['get-token', '-p', 'demo', '-o', 'raw']);
    assert.equal(newer.code, 1);
    assert.match(newer.stderr, /written by a newer entra-auth-cli \(schema 2\)/);
  } finally {
    writeFileSync(path, good);
  }
  const again = await eac(['get-token', '-p', 'demo', '-o', 'raw'], { EAC_DEBUG: '1' });
  assert.match(again.stderr, SERVED);
  assert.equal(again.stdout, token);
});
