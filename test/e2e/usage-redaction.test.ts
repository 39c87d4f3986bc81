// A secret pasted where a command, an option or a value was expected (issue 9, item 9a), as a class: every
// usage-error path, with secrets in Entra's current (40 characters, 8Q~) and previous (37, 7Q~) formats, bare
// and glued to an option name. The error must be there (exit 2 or 1) and must not hold the value or any
// 8-character piece of its random part.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, test } from 'node:test';
import { cleanupCli, runCli, tempDir } from '../helpers/cli.ts';

after(cleanupCli);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-';
const chars = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
/** Built at run time, so no secret-shaped literal is in the repository. */
const SECRETS = [`${chars(3)}8Q~${chars(34)}`, `${chars(3)}7Q~${chars(31)}`, `a1B8Q~${chars(34)}`];

const PATHS: ((s: string) => string[])[] = [
  (s) => [s],
  (s) => [`--${s}`],
  (s) => [`-${s}`],
  (s) => ['secret', s],
  (s) => ['config', s],
  (s) => ['emulator', s],
  (s) => ['get-token', s],
  (s) => ['get-token', '-p', s],
  (s) => ['get-token', '--flow', s],
  (s) => ['get-token', '--scope', s, '-p', 'x'],
  (s) => ['get-token', '-o', s],
  (s) => ['config', 'use', s],
  (s) => ['config', 'show', '-p', s],
  (s) => ['config', 'create', '--name', s],
  (s) => ['config', 'create', '--tenant', s, '--name', 'n'],
  (s) => ['config', 'delete', '-p', s, '--yes'],
  (s) => ['completion', s],
  (s) => ['login', '--tenant', s],
  (s) => ['login', '--service-principal', '--client-id', s],
  (s) => ['login', '--timeout', s],
  (s) => ['secret', 'create', '--app', s],
  (s) => ['secret', 'create', '--days', s, '--app', '11111111-2222-3333-4444-555555555555'],
  (s) => ['inspect', s],
  (s) => ['inspect', '--verify', s],
  (s) => ['discover', '--select', s],
  (s) => ['whoami', '-o', s],
  (s) => ['whoami', '--query', s],
  (s) => ['emulator', 'start', '--port', s],
  (s) => ['secret', 'list', '--app', s],
  (s) => ['secret', 'rotate', '-p', s],
  (s) => ['secret', 'rotate', '--all', '--due', s],
  (s) => ['secret', 'delete', '--app', s, '--key-id', s],
  (s) => ['secret', 'prune', s],
  (s) => ['health', '-p', s],
  (s) => ['leak', 'check', s],
  (s) => ['leak', 'respond', '--since', s],
  (s) => ['inventory', 'scan', '--status', s],
  (s) => ['inventory', 'scan', '--fail-on', s],
];

test('a secret-shaped argument on every usage-error path: an error without the value', async () => {
  const home = tempDir('eac-redact-');
  for (const secret of SECRETS) {
    const random = secret.slice(6);
    for (let i = 0; i < PATHS.length; i += 4) {
      const batch = PATHS.slice(i, i + 4).map((p) => p(secret));
      const results = await Promise.all(batch.map((args) => runCli(args, { home, env: { CI: 'true' }, timeoutMs: 30_000 })));
      results.forEach((res, j) => {
        const args = batch[j]!.join(' ').replace(secret, '<secret>');
        assert.equal(res.timedOut, false, args);
        // `-V…` / `-h…` are -V / -h plus more short options to commander: version or help, exit 0 (the echo check still runs).
        const isHelp = /^-[hV]/.test(batch[j]![0]!);
        if (!isHelp) assert.notEqual(res.code, 0, `${args} is an error`);
        const text = res.stdout + res.stderr;
        for (let k = 0; k + 8 <= random.length; k++) {
          assert.ok(!text.includes(random.slice(k, k + 8)), `${args}: a piece of the secret was echoed:\n${text}`);
        }
      });
    }
  }
});
