// secret list in-process through run(options, factory) against the emulator, nobody at a terminal: the JSON
// form (every credential, sorted by end, Sign+Verify as one row, status, naming, the profile that uses each,
// the last sign-in), -p and --service-principal, the report that cannot be read (one notice naming the
// permission), no session, usage errors, and no value in any output format.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as secretList } from '../../../../src/cli/commands/secret/list.ts';
import { UsageError } from '../../../../src/cli/errors.ts';
import { OUTPUT_FORMATS } from '../../../../src/core/output-formats.ts';
import { tokenWorks } from '../../../helpers/admin-deps.ts';
import { cleanupCli } from '../../../helpers/cli.ts';
import { appWithCredentials, signedInHome } from '../../../helpers/lifecycle-fixtures.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../../helpers/token-profiles.ts';

after(cleanupCli);

test('--app -o json: every credential without values, sorted by end, with status, naming, profile and last sign-in', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  assert.ok(await tokenWorks(emu, fx.app.appId, fx.used), 'the used secret signs in (the report records it)');
  // A second profile reading its value from the environment: matched by hint too, never printed.
  await saveProfile(home, { name: 'from-env', tenant: emu.info.tenantId, clientId: fx.app.appId, authMethod: 'ClientSecret', secret: { kind: 'reference', ref: 'env:LIFECYCLE_SECRET' } });

  const t = testFactory({ home, env: { LIFECYCLE_SECRET: fx.spare.value } });
  await secretList({ app: fx.app.appId, output: 'json' }, t.f);
  const rows = JSON.parse(t.out()) as Record<string, any>[];
  assert.equal(rows.length, 4, 'three secrets and one certificate (Sign+Verify as one row)');
  const ends = rows.map((r) => Date.parse(r.endDateTime));
  assert.deepEqual(ends, [...ends].sort((a, b) => a - b), 'sorted by end date');
  const byKey = (k: string) => rows.find((r) => r.keyId === k)!;

  const used = byKey(fx.usedKeyId);
  assert.equal(used.type, 'password');
  assert.equal(used.hint, fx.used.slice(0, 3));
  assert.deepEqual(used.profiles, [{ profile: 'demo', match: 'hint' }]);
  assert.match(used.lastSignInDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'last sign-in in ISO UTC');
  assert.equal(used.followsNamingConvention, false);

  const spare = byKey(fx.spare.keyId);
  assert.equal(spare.followsNamingConvention, true);
  assert.equal(spare.status, 'ok');
  assert.ok(spare.daysLeft === 90 || spare.daysLeft === 91, `days left ${spare.daysLeft}`);
  assert.deepEqual(spare.profiles, [{ profile: 'from-env', match: 'hint' }]);
  assert.equal(spare.lastSignInDateTime, null, 'never signed in');
  assert.match(spare.endDateTime, /Z$/);

  assert.equal(byKey(fx.expired.keyId).status, 'expired');
  assert.equal(rows[0]!.keyId, fx.expired.keyId, 'the expired one first');

  const cert = byKey(fx.cert.verifyKeyId);
  assert.equal(cert.type, 'certificate');
  assert.equal(cert.usage, 'Sign+Verify');
  assert.equal(cert.pairedKeyId, fx.cert.signKeyId);
  assert.ok(!rows.some((r) => r.keyId === fx.cert.signKeyId), 'the Sign entry is not a row of its own');
  assert.ok(rows.every((r) => r.origin === 'application'));

  assert.match(t.err(), /4 credentials of Lifecycle App/);
  assert.doesNotMatch(t.err(), /note:/, 'the report is readable for the bootstrap app');
  for (const v of fx.values) assert.ok(!t.out().includes(v) && !t.err().includes(v), 'no value in the output');
});

test('no value in any output format, and the table shows times with their zone', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  for (const output of OUTPUT_FORMATS) {
    const t = testFactory({ home });
    await secretList({ profile: 'demo', output }, t.f);
    for (const v of fx.values) {
      assert.ok(!t.out().includes(v), `-o ${output}: no value on stdout`);
      assert.ok(!t.err().includes(v), `-o ${output}: no value on stderr`);
      // Nor its start beyond the hint (3 characters).
      assert.ok(!t.out().includes(v.slice(0, 6)), `-o ${output}: no more than the hint`);
    }
  }
  const table = testFactory({ home });
  await secretList({ profile: 'demo', output: 'table' }, table.f);
  assert.match(table.out(), /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z][\w+:-]*/, 'a time with its zone');
  assert.match(table.out(), /Sign\+Verify/);
  assert.match(table.out(), /never/, 'a key that never signed in (the report is readable)');
  const tsv = testFactory({ home });
  await secretList({ profile: 'demo', output: 'tsv', query: "[?status=='expired'].keyId" }, tsv.f);
  assert.equal(tsv.out().trim(), fx.expired.keyId);
});

test('--service-principal: the service principal\'s credentials too, marked by origin', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  const spSecret = emu.store.defaultTenant.addPassword(fx.sp, { displayName: 'sp secret' }, new Date());

  const without = testFactory({ home });
  await secretList({ app: fx.app.appId, output: 'json' }, without.f);
  assert.ok(!JSON.parse(without.out()).some((r: { keyId: string }) => r.keyId === spSecret.credential.keyId));

  const t = testFactory({ home });
  await secretList({ app: fx.app.appId, servicePrincipal: true, output: 'json' }, t.f);
  const row = JSON.parse(t.out()).find((r: { keyId: string }) => r.keyId === spSecret.credential.keyId);
  assert.equal(row.origin, 'servicePrincipal');
  assert.equal(row.hint, spSecret.secretText.slice(0, 3));
  assert.ok(!t.out().includes(spSecret.secretText));
  const tsv = testFactory({ home });
  await secretList({ app: fx.app.appId, servicePrincipal: true, output: 'tsv' }, tsv.f);
  assert.match(tsv.out(), /service principal/);
});

test('a sign-in report the admin may not read: the column is empty and one notice names AuditLog.Read.All', async () => {
  // An admin app that may manage applications but not read audit logs.
  const { home, emu } = await signedInHome((e) => {
    const admin = appWithSecret(e, 'No Audit Admin', { role: 'Application.ReadWrite.All' });
    return { clientId: admin.app.appId, secret: admin.secretText };
  });
  const fx = await appWithCredentials(home, emu);
  assert.ok(await tokenWorks(emu, fx.app.appId, fx.used));
  const t = testFactory({ home });
  await secretList({ app: fx.app.appId, output: 'json' }, t.f);
  const rows = JSON.parse(t.out()) as { lastSignInDateTime: string | null }[];
  assert.ok(rows.every((r) => r.lastSignInDateTime === null), 'unknown, not a guess');
  const notes = t.err().split('\n').filter((l) => l.startsWith('note:'));
  assert.equal(notes.length, 1, t.err());
  assert.match(notes[0]!, /AuditLog\.Read\.All/);
  const table = testFactory({ home });
  await secretList({ app: fx.app.appId, output: 'tsv' }, table.f);
  assert.doesNotMatch(table.out(), /never/, 'unknown is not "never"');
});

test('no admin session and no terminal: the error names entra-auth-cli login; usage errors first', async () => {
  const { home, emu } = await homeWithEmulator();
  const { app } = appWithSecret(emu, 'Lonely App');
  await assert.rejects(secretList({ app: app.appId, cloud: 'local', output: 'json' }, testFactory({ home }).f), (e: Error & { hint?: string }) => {
    assert.match(e.message, /Not signed in/);
    assert.match(e.message, /to list an app's secrets/, 'says what the sign-in is for, in plain words');
    assert.match(e.hint ?? '', /entra-auth-cli login/);
    return true;
  });
  const cases: [Record<string, unknown>, RegExp][] = [
    [{}, /missing --app APPID or -p PROFILE/],
    [{ app: 'nope' }, /invalid --app 'nope'/],
    [{ app: app.appId, output: 'html' }, /-o/],
  ];
  for (const [opts, message] of cases) {
    await assert.rejects(secretList(opts, testFactory({ home }).f), (e: unknown) => e instanceof UsageError && message.test(e.message), String(message));
  }
});

test('an unknown app: not found, with the usual causes', async () => {
  const { home } = await signedInHome();
  await assert.rejects(secretList({ app: '00000000-1111-2222-3333-444444444444', output: 'json' }, testFactory({ home }).f), /not found/);
});
