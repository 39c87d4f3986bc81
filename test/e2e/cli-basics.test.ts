// The CLI's basic contract as a user meets it: --version, --help, usage errors, and `demo` (data on stdout,
// progress on stderr, colour only on a terminal and never with NO_COLOR).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANSI, CLI_BIN, REPO_ROOT, cleanupCli, runCli, tempDir } from '../helpers/cli.ts';
import { skipUnless } from '../helpers/tools.ts';

after(cleanupCli);

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const STACK_FRAME = /^\s+at .+/m;

test('--version and -V print the package.json version and nothing else', async () => {
  for (const flag of ['--version', '-V']) {
    const res = await runCli([flag]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, `${pkg.version}\n`);
    assert.equal(res.stderr, '');
  }
});

test('--help lists the commands and examples', async () => {
  const res = await runCli(['--help']);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^Usage: entra-auth-cli /);
  assert.match(res.stdout, /Commands:\n/);
  assert.match(res.stdout, /^\s+emulator\s/m);
  assert.match(res.stdout, /^\s+demo\s/m);
  assert.match(res.stdout, /Examples:\n/);
  assert.match(res.stdout, /\$ entra-auth-cli demo/);
  assert.equal(res.stderr, '');

  const sub = await runCli(['help', 'emulator']);
  assert.equal(sub.code, 0, sub.stderr);
  assert.match(sub.stdout, /^\s+start\s/m);
  assert.match(sub.stdout, /^\s+ca\s/m);
});

test('an unknown command or option exits 2 with a message on stderr', async () => {
  const res = await runCli(['frobnicate']);
  assert.equal(res.code, 2, res.stderr);
  assert.equal(res.stdout, '');
  assert.match(res.stderr, /unknown command 'frobnicate'/);
  assert.doesNotMatch(res.stderr, STACK_FRAME);

  const typo = await runCli(['dmeo']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /Did you mean demo\?/, 'suggests the closest command');

  const opt = await runCli(['demo', '--no-such-flag']);
  assert.equal(opt.code, 2, opt.stderr);
  assert.match(opt.stderr, /unknown option '--no-such-flag'/);
});

test('demo exits 0, prints the claims as rows on stdout and its progress on stderr only', async () => {
  const res = await runCli(['demo'], { timeoutMs: 60_000 });
  assert.equal(res.timedOut, false);
  assert.equal(res.code, 0, res.stderr);

  // stdout is not a terminal: one tab-separated row per claim (claim, value, meaning).
  const rows = res.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
  assert.ok(rows.length >= 10, `claim rows on stdout:\n${res.stdout}`);
  for (const r of rows) assert.equal(r.length, 3, `three columns: ${r.join(' | ')}`);
  const row = (claim: string) => rows.find((r) => r[0] === claim);
  // The token the new secret got: a v2 app token for the seeded Orders API, with the worker's app role.
  assert.match(row('aud')?.[1] ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(row('ver')?.[1], '2.0');
  assert.equal(row('azpacr')?.[1], '1');
  assert.match(row('azpacr')?.[2] ?? '', /secret/);
  assert.equal(row('roles')?.[1], 'Orders.Read.All');
  assert.equal(row('idtyp')?.[1], 'app');

  assert.doesNotMatch(res.stdout, /\[\d\/5\]/, 'no progress lines on stdout');
  for (const n of [1, 2, 3, 4, 5]) assert.match(res.stderr, new RegExp(`^\\[${n}/5\\] `, 'm'), `step ${n} on stderr`);
  // The secret was created with its expiry in its name, and never shown.
  assert.match(res.stderr, /created EAC-EXP-\d\d-[A-Z]{3}-\d\d \(key [0-9a-f-]{36}\)/);
  assert.doesNotMatch(res.stdout + res.stderr, /[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{34}/, 'no secret value in the output');
  assert.doesNotMatch(res.stderr, /^aud\t/m, 'no claim rows on stderr');
  // The token itself is never printed.
  assert.doesNotMatch(res.stdout + res.stderr, /eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
});

test('with NO_COLOR=1 there are no ANSI escape codes anywhere in the output', async () => {
  const res = await runCli(['demo'], { env: { NO_COLOR: '1' }, timeoutMs: 60_000 });
  assert.equal(res.code, 0, res.stderr);
  assert.doesNotMatch(res.stdout, ANSI);
  assert.doesNotMatch(res.stderr, ANSI);
  const help = await runCli(['--help'], { env: { NO_COLOR: '1' } });
  assert.doesNotMatch(help.stdout + help.stderr, ANSI);
});

// Pipes never get colour, so the test above could pass by accident; on a pseudo-terminal (util-linux
// `script`) colour must appear, and NO_COLOR must still remove all of it.
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

test('on a terminal the demo is coloured, and NO_COLOR=1 removes every ANSI code', { skip: skipUnless(hasScript, 'needs util-linux script(1)') }, () => {
  const inPty = (env: Record<string, string>) => {
    const home = tempDir('eac-e2e-home-');
    const res = spawnSync('script', ['-q', '-e', '-c', `"${process.execPath}" "${CLI_BIN}" demo`, '/dev/null'], {
      cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EAC_HOME: home, TERM: 'xterm-256color', COLUMNS: '200', FORCE_COLOR: undefined, NO_COLOR: undefined, ...env } as NodeJS.ProcessEnv,
    });
    assert.equal(res.error, undefined, String(res.error));
    assert.equal(res.status, 0, res.stdout + res.stderr);
    return res.stdout + res.stderr;
  };
  const coloured = inPty({});
  assert.match(coloured, /\[1\/5\]/);
  assert.match(coloured, ANSI, 'a terminal gets colour');
  const plain = inPty({ NO_COLOR: '1' });
  assert.match(plain, /\[1\/5\]/);
  assert.match(plain, /Orders\.Read\.All/);
  assert.doesNotMatch(plain, ANSI, 'NO_COLOR=1 means no ANSI codes');
});
