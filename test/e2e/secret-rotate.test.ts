// `secret rotate` end to end through the real binary, in its scripted form (issue 10):
//   entra-auth-cli secret rotate -p demo --remove-old now -o json
// signed in as a service principal the way a pipeline is: JSON on stdout with no value, progress on stderr,
// the profile then gets a token with the new secret, the old one is gone; then the default rotation and
// `secret prune` as a scheduled job would run it. A scan at the end: no value in any output or file.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cleanupCli, claimsOf, runCli, type CliResult } from '../helpers/cli.ts';
import { filesHoldingSecrets, appWithSecret, homeWithEmulator, saveProfile } from '../helpers/token-profiles.ts';
import { storedValue } from '../helpers/stored-secrets.ts';

after(cleanupCli);

async function eac(home: string, args: string[], input?: string): Promise<CliResult> {
  const res = await runCli(args, { home, input, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined, CI: undefined }, timeoutMs: 120_000 });
  assert.equal(res.timedOut, false, `timed out: ${args.join(' ')}`);
  assert.doesNotMatch(res.stderr, /^\s+at .+/m, `no stack trace: ${res.stderr}`);
  return res;
}

test('the scripted form: rotate -p demo --remove-old now -o json, then get-token; prune; no value anywhere', async () => {
  const { home, emu } = await homeWithEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  assert.equal((await eac(home, ['login', '--service-principal', '--cloud', 'local', '--client-id', clientId, '--client-secret-stdin'], clientSecret)).code, 0);
  const { app, secretText: old, secretId: oldKeyId } = appWithSecret(emu, 'E2E Rotate');
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: old });
  const seen: string[] = [];

  const res = await eac(home, ['secret', 'rotate', '-p', 'demo', '--remove-old', 'now', '-o', 'json']);
  seen.push(res.stdout, res.stderr);
  assert.equal(res.code, 0, res.stderr);
  const r = JSON.parse(res.stdout);
  assert.equal(r.old.keyId, oldKeyId);
  assert.equal(r.old.action, 'removed');
  assert.deepEqual(app.passwordCredentials.map((c) => c.keyId), [r.new.keyId]);
  assert.match(res.stderr, /Rotated profile 'demo'/);

  const token = await eac(home, ['get-token', '-p', 'demo', '-o', 'raw']);
  assert.equal(token.code, 0, token.stderr);
  assert.equal(claimsOf(token.stdout.trim()).appid, app.appId, 'the profile gets a token with the new secret');

  const second = await eac(home, ['secret', 'rotate', '-p', 'demo', '-o', 'json']);
  seen.push(second.stdout, second.stderr);
  assert.equal(JSON.parse(second.stdout).old.action, 'retires');
  const pruned = await eac(home, ['secret', 'prune', '-o', 'json']);
  seen.push(pruned.stdout, pruned.stderr);
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.deepEqual(JSON.parse(pruned.stdout).map((x: { action: string }) => x.action), ['pending'], 'within the overlap it stays');

  const bad = await eac(home, ['secret', 'rotate', '-p', 'demo', '--remove-old', 'soon']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid --remove-old 'soon'/);

  const values = [old, storedValue(home, 'demo')!, clientSecret];
  for (const text of seen) for (const v of values) assert.ok(!text.includes(v), 'no value in any output');
  const { offenders } = filesHoldingSecrets([home], values.slice(0, 2));
  assert.deepEqual(offenders, [], 'no value in any file but the secret store');
});
