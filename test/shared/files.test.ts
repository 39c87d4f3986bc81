// Atomic writes and what a kill leaves behind (issue 9, item 2: "a temp copy of the whole secret store
// survives a kill"): a writer killed with SIGKILL between writing its temp file and renaming it leaves a
// 0600 temp holding every value; the next open of the store (or the next write of that file) removes it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensurePrivateDir, removeStaleTempFiles, writeFileAtomic } from '../../src/shared/files.ts';
import { FileSecretBackend } from '../../src/store/secret-store.ts';
import { readSecretsFile } from '../../src/store/secrets-file.ts';

const root = mkdtempSync(join(tmpdir(), 'eac-files-'));
after(() => rmSync(root, { recursive: true, force: true }));
const POSIX = process.platform !== 'win32';
const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

test('stale temps are those of a process that is gone, or older than a minute; a live writer\'s and other files stay', () => {
  const dir = join(root, 'sweep');
  ensurePrivateDir(dir);
  const target = join(dir, 'secrets.json');
  const dead = join(dir, '.secrets.json.999999999.aa11.tmp');
  const live = join(dir, `.secrets.json.${process.ppid}.bb22.tmp`);
  const oldLive = join(dir, `.secrets.json.${process.ppid}.cc33.tmp`);
  const mine = join(dir, `.secrets.json.${process.pid}.dd44.tmp`);
  const otherFile = join(dir, '.profiles.json.999999999.ee55.tmp');
  const unrelated = join(dir, 'notes.tmp');
  for (const f of [dead, live, oldLive, mine, otherFile, unrelated]) writeFileSync(f, 'x');
  const longAgo = new Date(Date.now() - 120_000);
  utimesSync(oldLive, longAgo, longAgo);
  assert.equal(removeStaleTempFiles(target), 3);
  assert.deepEqual(temps(dir).sort(), ['.profiles.json.999999999.ee55.tmp', `.secrets.json.${process.ppid}.bb22.tmp`, 'notes.tmp'].sort());
  writeFileAtomic(join(dir, 'profiles.json'), '{}');
  assert.equal(existsSync(otherFile), false, 'a write sweeps its own file\'s temps');
});

test('kill -9 during a write loop: a temp copy may be left (0600), and the next open of the store removes it', { timeout: 60_000 }, async () => {
  const dir = join(root, 'kill');
  ensurePrivateDir(dir);
  new FileSecretBackend(dir);
  // A store big enough that writing and fsyncing its temp takes a while, so kills land mid-write.
  const writer = `
    import { writeFileAtomic } from ${JSON.stringify(fileURLToPath(new URL('../../src/shared/files.ts', import.meta.url)))};
    import { secretsFileText } from ${JSON.stringify(fileURLToPath(new URL('../../src/store/secrets-file.ts', import.meta.url)))};
    const secrets = {};
    for (let i = 0; i < 2000; i++) secrets['profile/p' + i + '/client-secret'] = 'v'.repeat(4000);
    const text = secretsFileText(secrets);
    process.stdout.write('ready\\n');
    for (;;) writeFileAtomic(${JSON.stringify(join(dir, 'secrets.json'))}, text, 0o600);
  `;
  let leftOver = 0;
  for (let attempt = 0; attempt < 15 && leftOver < 2; attempt++) {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 200));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const left = temps(dir);
    if (left.length === 0) continue;
    leftOver += 1;
    if (POSIX) for (const t of left) assert.equal(statSync(join(dir, t)).mode & 0o777, 0o600, `${t} is 0600`);
    new FileSecretBackend(dir); // the next open
    assert.deepEqual(temps(dir), [], 'the next open removed the temp copy');
    assert.equal(Object.keys(readSecretsFile(dir)).length, 2000, 'and the store itself is whole');
  }
  assert.ok(leftOver >= 1, 'at least one kill left a temp file behind (else this test proves nothing)');
  assert.ok(readFileSync(join(dir, 'secrets.json'), 'utf8').endsWith('}\n'));
});
