// secret delete in-process through run(options, factory) against the emulator: --yes needed without a
// terminal, a question on one; what is shown first (name, hint, end, last sign-in, what it was used for);
// the refusals (a profile's secret, the last valid credential) and --force; a certificate listed as Sign and
// Verify removed whole by PATCH while another certificate is kept; a service principal's secret; a key that
// is not there is "already deleted"; -o json; no value anywhere.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as secretDelete } from '../../../../src/cli/commands/secret/delete.ts';
import { UsageError } from '../../../../src/cli/errors.ts';
import { keyCredentialFromPem } from '../../../../src/emulator/state/seed.ts';
import { createSelfSigned } from '../../../../src/emulator/tls/certificates.ts';
import { tokenWorks } from '../../../helpers/admin-deps.ts';
import { cleanupCli } from '../../../helpers/cli.ts';
import { appWithCredentials, signedInHome } from '../../../helpers/lifecycle-fixtures.ts';
import { ScriptedInteraction } from '../../../helpers/scripted-interaction.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { appWithSecret } from '../../../helpers/token-profiles.ts';

after(cleanupCli);

const keyIdsOf = (app: { passwordCredentials: { keyId: string }[]; keyCredentials: { keyId: string }[] }) => [...app.passwordCredentials, ...app.keyCredentials].map((c) => c.keyId);

test('without a terminal --yes is needed (named); with it the spare secret is deleted and -o json says what', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  assert.ok(await tokenWorks(emu, fx.app.appId, fx.spare.value), 'the spare signs in once (Microsoft Graph)');

  const refused = testFactory({ home });
  await assert.rejects(secretDelete({ app: fx.app.appId, keyId: fx.spare.keyId, output: 'json' }, refused.f), /--yes/);
  assert.ok(keyIdsOf(fx.app).includes(fx.spare.keyId), 'nothing deleted without --yes');

  const t = testFactory({ home });
  await secretDelete({ app: fx.app.appId, keyId: fx.spare.keyId, yes: true, output: 'json' }, t.f);
  assert.ok(!keyIdsOf(fx.app).includes(fx.spare.keyId), 'deleted in the app');
  assert.ok(!(await tokenWorks(emu, fx.app.appId, fx.spare.value)), 'and it no longer signs in');
  const doc = JSON.parse(t.out());
  assert.equal(doc.deleted, true);
  assert.equal(doc.alreadyDeleted, false);
  assert.equal(doc.keyId, fx.spare.keyId);
  assert.equal(doc.type, 'password');
  assert.equal(doc.hint, fx.spare.value.slice(0, 3));
  assert.match(doc.lastSignInDateTime, /Z$/);
  assert.deepEqual(doc.lastUsedFor, ['Microsoft Graph']);
  assert.deepEqual(doc.forced, []);
  // What was shown before deleting: name, hint, end, last use, what it was used for.
  assert.match(t.err(), /To delete: the client secret 'EAC-EXP-/);
  assert.match(t.err(), /hint\s+\S{3}…/);
  assert.match(t.err(), /ends\s+\d{4}-\d\d-\d\d .* \(ok\)/);
  assert.match(t.err(), /used for\s+Microsoft Graph/);
  assert.match(t.err(), /✓ Deleted client secret/);
  assert.ok(fx.values.every((v) => !t.out().includes(v) && !t.err().includes(v)), 'no value in the output');

  // Again (a re-run after an interruption): already deleted, exit 0.
  const again = testFactory({ home });
  await secretDelete({ app: fx.app.appId, keyId: fx.spare.keyId, yes: true, output: 'json' }, again.f);
  assert.equal(JSON.parse(again.out()).alreadyDeleted, true);
  assert.match(again.err(), /already deleted/);
});

test('on a terminal the person is asked; "no" deletes nothing', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  const no = new ScriptedInteraction([{ q: '--yes', answer: false, kind: 'confirm' }]);
  await assert.rejects(secretDelete({ app: fx.app.appId, keyId: fx.spare.keyId }, testFactory({ home, interaction: no }).f), /Nothing was deleted/);
  no.assertDone();
  assert.ok(keyIdsOf(fx.app).includes(fx.spare.keyId));
  assert.match(no.notices.join('\n'), /To delete: the client secret/);

  const yes = new ScriptedInteraction([{ q: /Delete 'EAC-EXP-.*'Lifecycle App'/, answer: true, kind: 'confirm' }]);
  await secretDelete({ app: fx.app.appId, keyId: fx.spare.keyId }, testFactory({ home, interaction: yes }).f);
  yes.assertDone();
  assert.ok(!keyIdsOf(fx.app).includes(fx.spare.keyId));
});

test('the secret a local profile uses: refused naming the profile and secret rotate; --force deletes it', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  await assert.rejects(secretDelete({ app: fx.app.appId, keyId: fx.usedKeyId, yes: true, output: 'json' }, testFactory({ home }).f), (e: Error & { hint?: string }) => {
    assert.match(e.message, /profile 'demo' uses this secret/);
    assert.match(e.hint ?? '', /entra-auth-cli secret rotate -p demo/);
    assert.match(e.hint ?? '', /--force/);
    return true;
  });
  assert.ok(keyIdsOf(fx.app).includes(fx.usedKeyId), 'kept');

  const t = testFactory({ home });
  await secretDelete({ app: fx.app.appId, keyId: fx.usedKeyId, yes: true, force: true, output: 'json' }, t.f);
  assert.ok(!keyIdsOf(fx.app).includes(fx.usedKeyId), 'deleted with --force');
  assert.equal(JSON.parse(t.out()).forced.length, 1);
  assert.match(t.err(), /--force: deleting although local profile 'demo' uses this secret/);
});

test("the app's last valid credential: refused, --force deletes it; an expired one goes without --force", async () => {
  const { home, emu } = await signedInHome();
  const { app, secretId } = appWithSecret(emu, 'One Secret App');
  const now = new Date();
  const old = emu.store.defaultTenant.addPassword(app, { displayName: 'old', startDateTime: new Date(now.getTime() - 9e9), endDateTime: new Date(now.getTime() - 1e6) }, now);

  await assert.rejects(secretDelete({ app: app.appId, keyId: secretId, yes: true, output: 'json' }, testFactory({ home }).f), (e: Error & { hint?: string }) => {
    assert.match(e.message, /last valid credential of 'One Secret App'/);
    assert.match(e.hint ?? '', /secret create --app/);
    return true;
  });
  await secretDelete({ app: app.appId, keyId: old.credential.keyId, yes: true, output: 'json' }, testFactory({ home }).f);
  assert.deepEqual(keyIdsOf(app), [secretId], 'the expired one is gone, the valid one kept');
  await secretDelete({ app: app.appId, keyId: secretId, yes: true, force: true, output: 'json' }, testFactory({ home }).f);
  assert.deepEqual(keyIdsOf(app), []);
});

test('a certificate listed as Sign and Verify: both entries removed by PATCH keyCredentials, another certificate kept whole', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  const other = keyCredentialFromPem(createSelfSigned('other cert').certPem, 'other cert');
  emu.store.defaultTenant.addKeyCredential(fx.app, other);

  const t = testFactory({ home });
  // By the Sign entry's key ID: the certificate is one thing, both entries go.
  await secretDelete({ app: fx.app.appId, keyId: fx.cert.signKeyId, yes: true, output: 'json' }, t.f);
  const doc = JSON.parse(t.out());
  assert.equal(doc.type, 'certificate');
  assert.equal(doc.usage, 'Sign+Verify');
  assert.deepEqual([...doc.keyIds].sort(), [fx.cert.verifyKeyId, fx.cert.signKeyId].sort());
  assert.deepEqual(fx.app.keyCredentials.map((k) => k.keyId), [other.keyId], 'only the other certificate is left');
  const kept = fx.app.keyCredentials[0]!;
  assert.equal(kept.key, other.key, 'with its certificate');
  assert.equal(kept.displayName, 'other cert');
  assert.equal(kept.endDateTime, other.endDateTime);
  assert.equal(fx.app.passwordCredentials.length, 3, 'the secrets are untouched');
});

test("a client secret of the service principal is deleted there", async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  const spSecret = emu.store.defaultTenant.addPassword(fx.sp, { displayName: 'sp secret' }, new Date());
  const t = testFactory({ home });
  await secretDelete({ app: fx.app.appId, keyId: spSecret.credential.keyId, yes: true, output: 'json' }, t.f);
  assert.equal(JSON.parse(t.out()).origin, 'servicePrincipal');
  assert.equal(fx.sp.passwordCredentials.length, 0);
  assert.equal(fx.app.passwordCredentials.length, 3);
  assert.ok(!t.out().includes(spSecret.secretText) && !t.err().includes(spSecret.secretText));
});

test('usage errors before anything is read', async () => {
  const { home, emu } = await signedInHome();
  const { app, secretId } = appWithSecret(emu, 'Usage App');
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ app: app.appId }, /missing --key-id/],
    [{ keyId: secretId }, /missing --app APPID or -p PROFILE/],
    [{ keyId: secretId }, /whose credential to delete\)/],
    [{ app: 'x', keyId: secretId }, /invalid --app 'x'/],
    [{ app: app.appId, keyId: 'not-a-guid', yes: true }, /invalid --key-id 'not-a-guid'/],
  ];
  for (const [opts, message] of cases) {
    await assert.rejects(secretDelete(opts, testFactory({ home }).f), (e: unknown) => (e instanceof UsageError || (e as { exitCode?: number }).exitCode === 2) && message.test((e as Error).message), String(message));
  }
  assert.deepEqual(keyIdsOf(app), [secretId]);
});
