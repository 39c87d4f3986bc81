// `health` as a deployment pipeline runs it: the real CLI process against an in-process emulator, with the
// scripted form of issue 10 (`health -p demo -o json`, exit 0 only when a token was acquired), a failure's
// exit code and advice on stderr without a stack trace, --all, and no secret value in any output.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cleanupCli, runCli, type CliResult } from '../helpers/cli.ts';
import { appWithSecret, homeWithEmulator, saveProfile, signInCount } from '../helpers/token-profiles.ts';

after(cleanupCli);

async function eac(home: string, args: string[]): Promise<CliResult> {
  const res = await runCli(args, { home, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined, CI: undefined }, timeoutMs: 60_000 });
  assert.equal(res.timedOut, false, `timed out: ${args.join(' ')}`);
  assert.doesNotMatch(res.stderr, /^\s+at .+/m, `no stack trace: ${res.stderr}`);
  return res;
}

test('the scripted form: health -p demo -o json exits 0 with the report; a wrong secret exits 11 with advice; --all exits with the worst', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'pipeline app');
  const b = appWithSecret(emu, 'rotated app');
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });
  await saveProfile(home, { name: 'stale', tenant: emu.info.tenantId, clientId: b.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });

  const ok = await eac(home, ['health', '-p', 'demo', '-o', 'json']);
  assert.equal(ok.code, 0, ok.stderr);
  const report = JSON.parse(ok.stdout);
  assert.equal(report.result, 'ok');
  assert.equal(report.tokenAcquired, true);
  assert.equal(report.tenantId, emu.info.tenantId);
  assert.equal(report.credential.hint, a.secretText.slice(0, 3));
  const twice = await eac(home, ['health', '-p', 'demo', '-o', 'json']);
  assert.equal(twice.code, 0);
  assert.equal(signInCount(emu), 2, 'a new token each time, never the cache');

  const bad = await eac(home, ['health', '-p', 'stale', '-o', 'json']);
  assert.equal(bad.code, 11, bad.stderr);
  assert.equal(JSON.parse(bad.stdout).result, 'invalid-secret');
  assert.match(bad.stderr, /^error: .*AADSTS7000215/m);
  assert.match(bad.stderr, /secret ID/);

  const all = await eac(home, ['health', '--all']);
  assert.equal(all.code, 11);
  assert.match(all.stdout, /^PROFILE\tRESULT\tEXIT/);
  assert.match(all.stdout, /\ndemo\tok\t0\t/);
  assert.match(all.stdout, /\nstale\tinvalid-secret\t11\t/);

  for (const r of [ok, twice, bad, all]) {
    for (const s of [a.secretText, b.secretText]) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), 'no value in any output');
    assert.doesNotMatch(r.stdout + r.stderr, /eyJ[\w-]+\.[\w-]+\./, 'no token in any output');
  }
});

test('health --help has the exit codes and examples; -p with --all is a usage error (exit 2)', async () => {
  const { home } = await homeWithEmulator();
  const help = await eac(home, ['health', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /10 expired secret/);
  assert.match(help.stdout, /\$ entra-auth-cli health -p demo -o json/);
  const both = await eac(home, ['health', '-p', 'x', '--all']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /contradict/);
});
