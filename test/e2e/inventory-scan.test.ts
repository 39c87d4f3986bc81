// `inventory scan` through the real binary, as issue 11's scripted form has it: login --service-principal,
// then scan -o ndjson into a file (every credential of the emulator's tenant, once, owners right), and
// --fail-on expired -o json (exit 3 with expired credentials, 0 without). kill -9 mid-scan then --resume
// appending to the same file: no row lost or doubled.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN, cleanupCli, runCli, tempDir } from '../helpers/cli.ts';
import { homeWithEmulator } from '../helpers/token-profiles.ts';
import { expectedInventory, rowsByKey } from '../helpers/inventory-expected.ts';
import type { EmulatorOptions } from '../../src/emulator/index.ts';

after(cleanupCli);

const ENV = { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined, CI: undefined };

async function signedIn(opts: EmulatorOptions = {}) {
  const { home, emu } = await homeWithEmulator(opts);
  const res = await runCli(['login', '--service-principal', '--cloud', 'local', '--tenant', emu.info.tenantId, '--client-id', emu.info.bootstrap.clientId, '--client-secret-stdin'], { home, input: emu.info.bootstrap.clientSecret, env: ENV, timeoutMs: 60_000 });
  assert.equal(res.code, 0, res.stderr);
  return { home, emu };
}

/** Runs the CLI with stdout appended (>>) to `file`; kills it with SIGKILL once `killWhen(stdout so far)` holds. */
function runInto(home: string, args: string[], file: string, killWhen?: (written: string) => boolean): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const fd = openSync(file, 'a');
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, ...ENV, EAC_HOME: home, NODE_EXTRA_CA_CERTS: undefined } as NodeJS.ProcessEnv, stdio: ['ignore', fd, 'pipe'] });
  closeSync(fd);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  let timer: NodeJS.Timeout | undefined;
  if (killWhen) {
    timer = setInterval(() => { if (killWhen(readFileSync(file, 'utf8'))) { child.kill('SIGKILL'); clearInterval(timer); } }, 5);
  }
  const deadline = setTimeout(() => child.kill('SIGKILL'), 180_000);
  return new Promise((resolve) => child.on('exit', (code, signal) => { clearInterval(timer); clearTimeout(deadline); resolve({ code, signal, stderr }); }));
}

test('scripted form: scan -o ndjson > file lists every credential of the tenant once, with its owners; the summary is on stderr', async () => {
  const { home, emu } = await signedIn({ synthetic: { apps: 300, credentialsPerApp: 3, seed: 5 } });
  const file = join(tempDir(), 'credentials.ndjson');
  const res = await runInto(home, ['inventory', 'scan', '-o', 'ndjson'], file);
  assert.equal(res.code, 0, res.stderr);
  const rows = rowsByKey(readFileSync(file, 'utf8'));
  const expected = expectedInventory(emu);
  assert.deepEqual([...rows.keys()].sort(), [...expected.keys()].sort());
  for (const [key, e] of expected) {
    const r = rows.get(key)!;
    assert.equal(r.end, e.end, key);
    assert.deepEqual(r.owners.map((o) => o.userPrincipalName ?? '(not a user)').sort(), e.owners, `owners of ${key}`);
  }
  assert.match(res.stderr, /Scanned 30\d applications and 30\d service principals/);
  assert.match(res.stderr, /Next 10 to end:/);
});

test('scripted form: --fail-on expired -o json exits 3 when a credential is expired, 0 when none is', async () => {
  const { home } = await signedIn({ synthetic: { apps: 40, credentialsPerApp: 3, seed: 2 } });
  const res = await runCli(['inventory', 'scan', '--fail-on', 'expired', '-o', 'json'], { home, env: ENV, timeoutMs: 60_000 });
  assert.equal(res.code, 3, res.stderr);
  const rows = JSON.parse(res.stdout) as { status: string }[];
  assert.ok(rows.some((r) => r.status === 'expired'));
  assert.match(res.stderr, /matched --fail-on expired/);
  const none = await runCli(['inventory', 'scan', '--fail-on', 'expired', '--status', 'ok', '-o', 'json'], { home, env: ENV, timeoutMs: 60_000 });
  assert.equal(none.code, 0, none.stderr);
  assert.ok((JSON.parse(none.stdout) as unknown[]).length > 0);
});

test('kill -9 mid-scan, then --resume >> the same file: every row once', async () => {
  // 2,500 apps: three pages of applications, so the kill lands after a checkpoint and before the end.
  const { home, emu } = await signedIn({ synthetic: { apps: 2500, credentialsPerApp: 2, seed: 9 } });
  const file = join(tempDir(), 'credentials.ndjson');
  const killed = await runInto(home, ['inventory', 'scan', '-o', 'ndjson', '-q'], file, (w) => w.split('\n').length > 2500);
  assert.equal(killed.signal, 'SIGKILL', killed.stderr);
  const partial = readFileSync(file, 'utf8');
  assert.ok(partial.length > 0);
  const resumed = await runInto(home, ['inventory', 'scan', '--resume', '-o', 'ndjson'], file);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /\(resumed\)/);
  const rows = rowsByKey(readFileSync(file, 'utf8')); // throws on a doubled row
  assert.deepEqual([...rows.keys()].sort(), [...expectedInventory(emu).keys()].sort());
  const again = await runCli(['inventory', 'scan', '--resume', '-o', 'ndjson'], { home, env: ENV, timeoutMs: 60_000 });
  assert.equal(again.code, 2, 'the checkpoint is gone once the scan ended');
  assert.match(again.stderr, /no interrupted scan/);
});

test('scripted form: scan -o html > report.html writes one self-contained report with every credential', async () => {
  const { home, emu } = await signedIn({ synthetic: { apps: 30, credentialsPerApp: 2, seed: 8 } });
  const res = await runCli(['inventory', 'scan', '-o', 'html'], { home, env: ENV, timeoutMs: 60_000 });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^<!DOCTYPE html>/i);
  assert.match(res.stdout, /<\/html>\s*$/);
  const table = res.stdout.slice(res.stdout.indexOf('<table id="creds">'));
  const rows = table.slice(0, table.indexOf('</tbody></table>')).match(/<tr class=/g)?.length ?? 0;
  assert.equal(rows, expectedInventory(emu).size, 'one table row per credential');
  for (const a of emu.store.defaultTenant.record.applications.filter((x) => x.passwordCredentials.length + x.keyCredentials.length)) assert.ok(res.stdout.includes(a.appId), `app ${a.appId} in the report`);
});
