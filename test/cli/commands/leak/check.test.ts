// leak check and leak respond through the real parser, in-process: a value given as an argument is refused
// without being echoed; --path -o json lists the leak matched to its app with exit 3 and no value anywhere;
// a clean tree exits 0; respond's usage errors come before anything changes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run as login } from '../../../../src/cli/commands/login.ts';

import { cleanupCli, tempDir } from '../../../helpers/cli.ts';
import { fakeCurrentSecret } from '../../../helpers/fake-secrets.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { appWithSecret, homeWithEmulator } from '../../../helpers/token-profiles.ts';

after(cleanupCli);

async function cli(args: string[], t: ReturnType<typeof testFactory>): Promise<number> {
  const { run } = await import('../../../../src/cli/program.ts');
  process.exitCode = undefined;
  const code = await run(args, t.f.io);
  process.exitCode = undefined;
  return code;
}

test('a value as an argument is refused (exit 2) and never echoed', async () => {
  const value = fakeCurrentSecret();
  const t = testFactory();
  const code = await cli(['leak', 'check', value], t);
  assert.equal(code, 2);
  assert.match(t.err(), /takes the suspected value on stdin, not as an argument/);
  assert.ok(!t.err().includes(value) && !t.out().includes(value), 'not echoed');
});

test('nothing on stdin and no --path: exit 2, advice names --path', async () => {
  const t = testFactory({ input: '' });
  assert.equal(await cli(['leak', 'check'], t), 2);
  assert.match(t.err(), /leak check: nothing was read from stdin[\s\S]*or scan files with --path/);
  assert.equal(t.out(), '');
});

test('--path -o json: the leak matched to its app, exit 3, no value on stdout or stderr; a clean tree exits 0', async () => {
  const { home, emu } = await homeWithEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  await login({ servicePrincipal: true, cloud: 'local', tenant: emu.info.tenantId, clientId, clientSecretStdin: true, timeout: '300' }, testFactory({ home, input: clientSecret }).f);
  const { app, secretText, secretId } = appWithSecret(emu, 'Checked App');
  const dir = tempDir('eac-leak-cli-');
  writeFileSync(join(dir, 'settings.yaml'), `auth:\n  secret: ${secretText}\n`);

  const t = testFactory({ home, env: { EAC_HOME: home } });
  assert.equal(await cli(['leak', 'check', '--path', dir, '-o', 'json'], t), 3, t.err());
  const [row] = JSON.parse(t.out());
  assert.equal(row.source, join(dir, 'settings.yaml'));
  assert.deepEqual([row.line, row.column, row.hint, row.length, row.match, row.appId], [2, 11, secretText.slice(0, 3), 40, 'confirmed', app.appId]);
  assert.equal(row.credentials[0].keyId, secretId);
  assert.ok(!t.out().includes(secretText) && !t.err().includes(secretText), 'no value printed');
  assert.match(t.err(), /leak respond --app/);

  const clean = tempDir('eac-leak-clean-');
  writeFileSync(join(clean, 'a.txt'), 'nothing here\n');
  const c = testFactory({ home });
  assert.equal(await cli(['leak', 'check', '--path', clean], c), 0, c.err());
  assert.match(c.err(), /No client-secret values found/);
});

test('leak respond: bad or missing flags are usage errors before anything is read', async () => {
  const t = testFactory();
  assert.equal(await cli(['leak', 'respond', '--key-id', '00000000-0000-0000-0000-000000000001'], t), 2);
  assert.match(t.err(), /missing --app/);
  const u = testFactory();
  assert.equal(await cli(['leak', 'respond', '--app', '00000000-0000-0000-0000-000000000001', '--key-id', '00000000-0000-0000-0000-000000000002', '--since', 'yesterday'], u), 2);
  assert.match(u.err(), /invalid --since 'yesterday'/);
  const future = testFactory();
  assert.equal(await cli(['leak', 'respond', '--app', '00000000-0000-0000-0000-000000000001', '--key-id', '00000000-0000-0000-0000-000000000002', '--since', '2999-01-01T00:00:00Z'], future), 2);
  assert.match(future.err(), /invalid --since '2999-01-01T00:00:00Z': it is in the future/);
  assert.equal(future.out(), '');
  const v = testFactory();
  assert.equal(await cli(['leak', 'respond', '--app', '00000000-0000-0000-0000-000000000001', '--key-id', '00000000-0000-0000-0000-000000000002', '--no-replacement', '-p', 'x'], v), 2);
  assert.match(v.err(), /use one/);
});
