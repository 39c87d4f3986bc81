// One emulator per state dir, even when several start at the same moment: the check and the claim of
// emulator.pid happen under the state dir's lock, so exactly one of a burst of starts gets the dir.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { cleanupCli, tempDir } from '../helpers/cli.ts';

after(cleanupCli);

const CHILD = `
import { claimStateDir, StateDirInUseError } from './src/emulator/state/state-dir.ts';
try {
  await claimStateDir(process.argv[1]);
  console.log('claimed');
  setTimeout(() => {}, 3000); // hold the dir while the others try
} catch (err) {
  console.log(err instanceof StateDirInUseError ? 'in-use' : 'error: ' + err.message);
}`;

const children: ReturnType<typeof spawn>[] = [];
after(() => { for (const c of children) c.kill(); });

/** The child's answer; it keeps running (holding a claim) until the test ends. */
function claim(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, dir], { cwd: process.cwd() });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('error', reject);
    child.on('exit', () => resolve(out.trim()));
  });
}

test('a burst of starts on one state dir: exactly one claims it, the others are told it is in use', async () => {
  const dir = tempDir('eac-claim-');
  const answers = await Promise.all(Array.from({ length: 6 }, () => claim(dir)));
  assert.equal(answers.filter((a) => a === 'claimed').length, 1, answers.join(', '));
  assert.equal(answers.filter((a) => a === 'in-use').length, 5, answers.join(', '));
});
