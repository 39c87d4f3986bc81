// health in-process: run(options, factory) against the emulator with captured streams. One profile's report
// on stdout in the asked format with the advice on stderr and its own exit code; --all with a mix of
// causes gives one row each and the worst exit code; flags are checked first; no value anywhere.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as health } from '../../../src/cli/commands/health.ts';
import { CliError, UsageError } from '../../../src/cli/errors.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { testFactory } from '../../helpers/test-factory.ts';
import { appWithSecret, homeWithEmulator, saveProfile, signInCount } from '../../helpers/token-profiles.ts';

after(cleanupCli);

test('-p -o json: the report of a working profile on stdout, a one-line confirmation on stderr; -o tsv: property rows', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'json app');
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });

  const t = testFactory({ home });
  await health({ profile: 'demo', output: 'json' }, t.f);
  const json = JSON.parse(t.out());
  assert.equal(json.profile, 'demo');
  assert.equal(json.result, 'ok');
  assert.equal(json.exitCode, 0);
  assert.equal(json.clientId, a.app.appId);
  assert.equal(json.credential.hint, a.secretText.slice(0, 3));
  assert.deepEqual(json.roles, ['Application.Read.All']);
  assert.match(t.err(), /✓ Profile 'demo': a new token was acquired/);

  const tsv = testFactory({ home });
  await health({ profile: 'demo', output: 'tsv' }, tsv.f);
  assert.match(tsv.out(), /^PROPERTY\tVALUE\n/);
  assert.match(tsv.out(), /\nResult\tok \(exit 0\)\n/);
  for (const x of [t, tsv]) assert.ok(!x.out().includes(a.secretText) && !x.err().includes(a.secretText), 'no value');
});

test('-p with a failing profile: the report still on stdout, the advice on stderr via the error, its own exit code', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'expired app', { expired: true });
  await saveProfile(home, { name: 'old', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });
  const t = testFactory({ home });
  await assert.rejects(health({ profile: 'old', output: 'json' }, t.f), (e: unknown) => {
    assert.ok(e instanceof CliError, String(e));
    assert.equal(e.exitCode, 10);
    assert.match(e.message, /expired/);
    assert.match(e.hint ?? '', /secret create -p old/);
    return true;
  });
  assert.equal(JSON.parse(t.out()).result, 'expired-secret');
  assert.ok(!t.out().includes(a.secretText));
});

test('--all with a mix: one row per profile, the failures explained on stderr, the worst exit code; a user profile is skipped', async () => {
  const { home, emu } = await homeWithEmulator();
  const good = appWithSecret(emu, 'good app');
  const expired = appWithSecret(emu, 'expired app', { expired: true });
  const wrong = appWithSecret(emu, 'wrong app');
  await saveProfile(home, { name: 'a-good', tenant: emu.info.tenantId, clientId: good.app.appId, authMethod: 'ClientSecret' }, { clientSecret: good.secretText });
  await saveProfile(home, { name: 'b-expired', tenant: emu.info.tenantId, clientId: expired.app.appId, authMethod: 'ClientSecret' }, { clientSecret: expired.secretText });
  await saveProfile(home, { name: 'c-wrong', tenant: emu.info.tenantId, clientId: wrong.app.appId, authMethod: 'ClientSecret' }, { clientSecret: good.secretText });
  await saveProfile(home, { name: 'd-user', tenant: emu.info.tenantId, clientId: good.app.appId, authMethod: 'InteractiveBrowser' });

  const t = testFactory({ home });
  await assert.rejects(health({ all: true, output: 'json' }, t.f), (e: unknown) => {
    assert.ok(e instanceof CliError, String(e));
    assert.equal(e.exitCode, 10, 'expired (10) outranks invalid (11)');
    assert.match(e.message, /2 of 4 profiles failed/);
    return true;
  });
  const rows = JSON.parse(t.out()) as { profile: string; result: string; exitCode: number }[];
  assert.deepEqual(rows.map((r) => [r.profile, r.result, r.exitCode]), [
    ['a-good', 'ok', 0], ['b-expired', 'expired-secret', 10], ['c-wrong', 'invalid-secret', 11], ['d-user', 'skipped', 0],
  ]);
  assert.match(t.err(), /✗ b-expired: .*expired/);
  assert.match(t.err(), /✗ c-wrong: .*AADSTS7000215/);
  assert.match(t.err(), /- d-user: skipped/);
  assert.equal(signInCount(emu), 3, 'the user profile was not signed in');
  for (const s of [good.secretText, expired.secretText]) assert.ok(!t.out().includes(s) && !t.err().includes(s), 'no value');

  const tsv = testFactory({ home });
  await assert.rejects(health({ all: true, output: 'tsv' }, tsv.f));
  const lines = tsv.out().trimEnd().split('\n');
  assert.equal(lines.length, 5, 'a header and one row per profile');
  assert.match(lines[0]!, /^PROFILE\tRESULT\tEXIT\t/);
});

test('flags are checked before anything is sent: -p with --all, a bad -o, no such profile, a user profile', async () => {
  const { home, emu } = await homeWithEmulator();
  await saveProfile(home, { name: 'me', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, authMethod: 'DeviceCode' });
  await assert.rejects(health({ profile: 'me', all: true }, testFactory({ home }).f), UsageError);
  await assert.rejects(health({ profile: 'me', output: 'xml' }, testFactory({ home }).f), UsageError);
  await assert.rejects(health({ profile: 'nope' }, testFactory({ home }).f), (e: unknown) => e instanceof CliError && e.exitCode === 1 && /nope/.test(e.message));
  await assert.rejects(health({ profile: 'me' }, testFactory({ home }).f), (e: unknown) => e instanceof UsageError && /signs a user in/.test(e.message));
  assert.equal(signInCount(emu), 0);
});
