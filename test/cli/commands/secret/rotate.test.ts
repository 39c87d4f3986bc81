// secret rotate and secret prune in-process through run(options, factory), signed in as a service principal,
// nobody at a terminal: -o json is the rotation without any value and stderr says where the value went;
// the table panel names the old credential's fate with zones; bad flags are usage errors before anything is
// created; --all reports a row per profile and exits 3 when one failed; prune lists what is pending.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as login } from '../../../../src/cli/commands/login.ts';
import { run as prune } from '../../../../src/cli/commands/secret/prune.ts';
import { run as rotate } from '../../../../src/cli/commands/secret/rotate.ts';
import { CliError, UsageError } from '../../../../src/cli/errors.ts';
import { cleanupCli } from '../../../helpers/cli.ts';
import { storedValue } from '../../../helpers/stored-secrets.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../../helpers/token-profiles.ts';

after(cleanupCli);

async function signedInHome() {
  const { home, emu } = await homeWithEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  await login({ servicePrincipal: true, cloud: 'local', tenant: emu.info.tenantId, clientId, clientSecretStdin: true, timeout: '300' }, testFactory({ home, input: clientSecret }).f);
  const { app, secretText, secretId } = appWithSecret(emu, 'CLI Rotate');
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: secretText });
  return { home, emu, app, old: secretText, oldKeyId: secretId };
}

test('-p demo --remove-old now -o json: the rotation as data, no value anywhere', async () => {
  const s = await signedInHome();
  const t = testFactory({ home: s.home });
  await rotate({ profile: 'demo', removeOld: 'now', output: 'json' }, t.f);
  const r = JSON.parse(t.out());
  assert.equal(r.profile, 'demo');
  assert.equal(r.old.keyId, s.oldKeyId);
  assert.equal(r.old.action, 'removed');
  assert.match(r.new.displayName, /^EAC-EXP-/);
  assert.equal(typeof r.verifiedAfterSeconds, 'number');
  assert.deepEqual(s.app.passwordCredentials.map((c) => c.keyId), [r.new.keyId]);
  const value = storedValue(s.home, 'demo')!;
  for (const text of [t.out(), t.err()]) assert.ok(!text.includes(value) && !text.includes(s.old), 'no value in the outputs');
  assert.match(t.err(), /was not shown: it went straight to profile 'demo'/);
});

test('the table panel: the old credential retires at a time shown with its zone; prune lists it as pending', async () => {
  const s = await signedInHome();
  const t = testFactory({ home: s.home });
  await rotate({ profile: 'demo', output: 'table' }, t.f);
  assert.match(t.out(), /Old credential\s+retires at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \/ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(secret prune\)/);
  const p = testFactory({ home: s.home });
  await prune({ output: 'json' }, p.f);
  assert.deepEqual(JSON.parse(p.out()).map((x: { keyId: string; action: string }) => [x.keyId, x.action]), [[s.oldKeyId, 'pending']]);
});

test('bad or missing flags: usage errors (exit 2) before anything is created', async () => {
  const s = await signedInHome();
  const before = s.app.passwordCredentials.length;
  const cases: [Record<string, unknown>, RegExp][] = [
    [{}, /missing -p PROFILE/],
    [{ profile: 'demo', all: true }, /give one of them/],
    [{ profile: 'demo', removeOld: 'later' }, /invalid --remove-old 'later'/],
    [{ profile: 'demo', overlap: 'a week' }, /invalid --overlap 'a week'/],
    [{ profile: 'demo', removeOld: 'now', overlap: '3d' }, /--overlap goes with --remove-old after-overlap/],
    [{ profile: 'demo', removeOld: 'never', waitForUse: true }, /use one of them/],
    [{ profile: 'demo', verifyTimeout: 'soon' }, /invalid --verify-timeout/],
    [{ profile: 'demo', days: '0' }, /invalid --days/],
    [{ profile: 'demo', due: '30d' }, /--due goes with --all/],
    [{ all: true, due: 'x' }, /invalid --due/],
  ];
  for (const [opts, message] of cases) {
    await assert.rejects(rotate({ output: 'json', ...opts }, testFactory({ home: s.home }).f), (err: unknown) => {
      assert.ok(err instanceof UsageError, `${JSON.stringify(opts)}: ${String(err)}`);
      assert.match((err as Error).message, message);
      return true;
    });
  }
  await assert.rejects(rotate({ profile: 'nope', output: 'json' }, testFactory({ home: s.home }).f), /nope/);
  assert.equal(s.app.passwordCredentials.length, before, 'nothing created');
});

test('--all --due 30d: one row per profile; a failure makes it exit 3 after the rows', async () => {
  const s = await signedInHome();
  await saveProfile(s.home, { name: 'gone', tenant: s.emu.info.tenantId, clientId: '00000000-1111-2222-3333-444444444444', authMethod: 'ClientSecret', secret: { kind: 'stored', credential: { keyId: 'k', endDateTime: new Date(Date.now() + 86_400_000).toISOString() } } });
  const t = testFactory({ home: s.home });
  await assert.rejects(rotate({ all: true, due: '30d', output: 'json' }, t.f), (err: unknown) => err instanceof CliError && err.exitCode === 3 && /'gone'/.test(err.message));
  const rows = JSON.parse(t.out());
  assert.deepEqual(rows.map((r: { profile: string; status: string }) => [r.profile, r.status]), [['demo', 'skipped'], ['gone', 'failed']]);
});
