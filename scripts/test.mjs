// Runs the test suite the way a user runs clients against the emulator: the emulator's local CA is
// trusted through NODE_EXTRA_CA_CERTS, which Node reads only at start-up, hence this wrapper.
// Usage: node scripts/test.mjs [test files...]   (default: every test/**/*.test.ts)
// Each test file gets 10 minutes: the kill-at-every-step file starts about 30 child processes, which on a loaded
// 2-core machine takes longer than node's per-file limit would allow at 2 minutes.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? findTests(p) : e.name.endsWith('.test.ts') ? [p] : [];
  }).sort();
}

// Everything the tests write to a temp dir (homes with key material, emulator state, tmux sockets, browser
// profiles) goes under one folder of this run, removed when the run ends: TMPDIR points there, and
// os.tmpdir(), tmux, Chromium and Python all honour it.
const runDir = mkdtempSync(join(tmpdir(), 'eac-test-run-'));
const home = join(runDir, 'home');
const env = { ...process.env, EAC_HOME: home, TMPDIR: runDir };
delete env.NODE_TLS_REJECT_UNAUTHORIZED; // tests must trust the CA the honest way
env.NODE_EXTRA_CA_CERTS = execFileSync(process.execPath, ['bin/entra-auth-cli.js', 'emulator', 'ca'], { env }).toString().trim();
env.EAC_TEST_CA = env.NODE_EXTRA_CA_CERTS;

const files = process.argv.length > 2 ? process.argv.slice(2) : findTests('test');
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', ...files], { stdio: 'inherit', env });
const cleanUp = () => rmSync(runDir, { recursive: true, force: true });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { child.kill(sig); });
child.on('exit', (code, signal) => {
  cleanUp();
  process.exit(code ?? (signal ? 1 : 0));
});
