// Every corrupt-file case for the files the CLI rewrites — profiles.json, secrets.json and the token cache —
// with the real CLI: each command that reads the file exits non-zero with an error naming it, no stack
// trace, and the file is byte-for-byte as it was (issue 9, item 4: a file of an unknown shape or a newer
// schema is refused, never read as empty and rewritten). get-token's fast path must fall back, not crash.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanupCli, runCli } from '../helpers/cli.ts';
import { appWithSecret, homeWithEmulator } from '../helpers/token-profiles.ts';

after(cleanupCli);

const STACK_FRAME = /^\s+at .+/m;
const GRAPH = 'https://graph.microsoft.com/.default';

/** Runs `args` and checks the refusal: exit 1, the path named, no stack trace. */
async function refused(home: string, path: string, args: string[], input?: string): Promise<void> {
  const res = await runCli(args, { home, input, env: { EAC_SECRET_STORE: 'file', CI: undefined } });
  const what = `${args.join(' ')} with ${path}`;
  assert.equal(res.timedOut, false, what);
  assert.equal(res.code, 1, `${what}: ${res.stderr}`);
  assert.ok(res.stderr.includes(path), `${what} names the file: ${res.stderr}`);
  assert.match(res.stderr, /left untouched/, what);
  assert.doesNotMatch(res.stderr, STACK_FRAME, what);
  assert.equal(res.stdout, '', `${what}: no data`);
}

/** A home with the emulator and a working profile 'demo' (its value in secrets.json) with a token cached. */
async function homeWithProfile() {
  const { home, emu } = await homeWithEmulator();
  const { app, secretText } = appWithSecret(emu, 'Corrupt Files App');
  const env = { EAC_SECRET_STORE: 'file', CI: undefined };
  const created = await runCli(['config', 'create', '--name', 'demo', '--cloud', 'local', '--tenant', emu.info.tenantId, '--client-id', app.appId,
    '--auth-method', 'ClientSecret', '--client-secret-stdin', '--scope', GRAPH], { home, input: secretText, env });
  assert.equal(created.code, 0, created.stderr);
  const token = await runCli(['get-token', '-p', 'demo'], { home, env });
  assert.equal(token.code, 0, token.stderr);
  const config = join(home, 'config');
  return { home, files: { profiles: join(config, 'profiles.json'), secrets: join(config, 'secrets.json'), cache: join(home, 'cache', 'tokens', 'demo.cache') } };
}

/** Runs every check with `bytes` in `path`, then checks the file was never touched. */
async function withCorrupt(path: string, bytes: string, checks: () => Promise<void>): Promise<void> {
  writeFileSync(path, bytes);
  await checks();
  assert.equal(readFileSync(path, 'utf8'), bytes, `${path} is byte-for-byte as it was`);
}

test('secrets.json: not JSON, another shape, a newer schema, values that are not strings — refused by every command', async () => {
  const { home, files } = await homeWithProfile();
  // The case: a store of another shape holding five values, which used to be read as empty and overwritten.
  const otherShape = JSON.stringify({ schemaVersion: 1, values: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`profile/p${i}/client-secret`, `v${i}`])) });
  const cases = [
    '{"schemaVersion":1,"secrets":{"profile/demo/client-secret":"trunc',
    otherShape,
    JSON.stringify({ 'profile/demo/client-secret': 'flat map' }),
    JSON.stringify({ schemaVersion: 2, secrets: { x: 'y' }, vault: {} }),
    JSON.stringify({ schemaVersion: 1, secrets: { 'profile/demo/client-secret': 5 } }),
    JSON.stringify({ schemaVersion: 1, secrets: ['a'] }),
    'null',
  ];
  for (const bytes of cases) {
    await withCorrupt(files.secrets, bytes, async () => {
      await refused(home, files.secrets, ['get-token', '-p', 'demo', '--force-refresh']);
      await refused(home, files.secrets, ['config', 'show', '-p', 'demo']);
      await refused(home, files.secrets, ['config', 'edit', '-p', 'demo', '--client-secret-stdin'], 'another-value');
      await refused(home, files.secrets, ['config', 'create', '--name', 'second', '--cloud', 'public', '--tenant', 'contoso.onmicrosoft.com',
        '--client-id', '11111111-2222-3333-4444-555555555555', '--auth-method', 'ClientSecret', '--client-secret-stdin', '--scope', GRAPH], 'a-value');
      await refused(home, files.secrets, ['config', 'export', '-p', 'demo', '--include-secrets', '--passphrase-stdin'], 'correct horse battery');
    });
  }
  const names = JSON.parse(readFileSync(files.profiles, 'utf8')).profiles;
  assert.deepEqual(Object.keys(names), ['demo'], 'no command wrote a profile it could not store a secret for');
});

test('profiles.json: another shape, a newer schema, a profile under another name — refused by every command', async () => {
  const { home, files } = await homeWithProfile();
  const good = JSON.parse(readFileSync(files.profiles, 'utf8'));
  const cases = [
    JSON.stringify({ schemaVersion: 1, defaultProfile: null, profiles: [] }),
    JSON.stringify({ ...good, schemaVersion: 2, profiles: [good.profiles.demo] }),
    JSON.stringify({ ...good, profiles: { demo: { ...good.profiles.demo, name: 'other' } } }),
    JSON.stringify({ ...good, profiles: { demo: 'not a profile' } }),
    JSON.stringify({ ...good, defaultProfile: 7 }),
    '[]',
  ];
  for (const bytes of cases) {
    await withCorrupt(files.profiles, bytes, async () => {
      await refused(home, files.profiles, ['get-token', '-p', 'demo']);
      await refused(home, files.profiles, ['config', 'list']);
      await refused(home, files.profiles, ['config', 'use', 'demo']);
      await refused(home, files.profiles, ['config', 'delete', '-p', 'demo', '--yes']);
    });
  }
});

test('token cache: not JSON, another format, a newer version — get-token refuses it (fast path included), the file untouched', async () => {
  const { home, files } = await homeWithProfile();
  const good = JSON.parse(readFileSync(files.cache, 'utf8'));
  const cases = [
    '{"format":"entra-auth-cli token cache","vers',
    JSON.stringify({ format: 'some other cache', version: 1 }),
    JSON.stringify({ ...good, version: 2 }),
    JSON.stringify({ ...good, keyStore: 'vault' }),
    JSON.stringify({ ...good, data: 42 }),
  ];
  for (const bytes of cases) {
    await withCorrupt(files.cache, bytes, async () => {
      await refused(home, files.cache, ['get-token', '-p', 'demo']);
      await refused(home, files.cache, ['get-token', '-p', 'demo', '-o', 'json']);
    });
  }
});
