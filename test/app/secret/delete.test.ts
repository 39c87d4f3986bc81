// The secret delete use case (app/secret/delete.ts) with the emulator: its steps in order, what it tells the
// person before deleting, a secret that may be a profile's (same hint as its value) refused like a certain
// one, and what it was used for left unknown — said so — when the sign-in reports cannot be read.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DELETE_STEPS, deleteSecret } from '../../../src/app/secret/delete.ts';
import { profileSecretReader } from '../../../src/app/secret/profiles-using.ts';
import { resolveTarget } from '../../../src/app/admin/target.ts';
import { AbsentPerson, testAdminDeps, tokenWorks } from '../../helpers/admin-deps.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { appWithCredentials, signedInHome } from '../../helpers/lifecycle-fixtures.ts';
import { appWithSecret } from '../../helpers/token-profiles.ts';

after(cleanupCli);

function request(deps: ReturnType<typeof testAdminDeps>, appId: string, keyId: string, more: { force?: boolean } = {}) {
  return [deps, { ...resolveTarget(deps, {}, { useCurrent: true }), appId }, { keyId, yes: true, readSecret: profileSecretReader(deps.secrets, {}), ...more }] as const;
}

test('the steps in order, and what the person is told first', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  const person = new AbsentPerson();
  const deps = testAdminDeps(home, { interaction: person });
  const result = await deleteSecret(...request(deps, fx.app.appId, fx.expired.keyId));
  assert.deepEqual(person.steps, [...DELETE_STEPS]);
  assert.equal(result.deleted, true);
  assert.match(person.notices[0]!, /To delete: the client secret 'old one' of 'Lifecycle App'/);
  assert.match(person.notices[0]!, /\(expired\)/);
  assert.match(person.notices[0]!, /last used\s+never/);
});

test('a secret whose hint is a profile\'s value\'s hint (ambiguous) is refused as the profile\'s', async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  const twin = emu.store.defaultTenant.addPassword(fx.app, { displayName: 'twin', value: `${fx.used.slice(0, 3)}${'z'.repeat(37)}` }, new Date());
  const deps = testAdminDeps(home);
  await assert.rejects(deleteSecret(...request(deps, fx.app.appId, twin.credential.keyId)), /profile 'demo' \(maybe: its value has the same hint\) uses this secret/);
  assert.ok(fx.app.passwordCredentials.some((c) => c.keyId === twin.credential.keyId));
});

test('sign-in reports the admin may not read: last use unknown, said why; the deletion still happens', async () => {
  const { home, emu } = await signedInHome((e) => {
    const admin = appWithSecret(e, 'No Audit Admin 2', { role: 'Application.ReadWrite.All' });
    return { clientId: admin.app.appId, secret: admin.secretText };
  });
  const fx = await appWithCredentials(home, emu);
  assert.ok(await tokenWorks(emu, fx.app.appId, fx.spare.value));
  const person = new AbsentPerson();
  const deps = testAdminDeps(home, { interaction: person });
  const result = await deleteSecret(...request(deps, fx.app.appId, fx.spare.keyId));
  assert.equal(result.deleted, true);
  assert.equal(result.lastSignInDateTime, null);
  assert.deepEqual(result.lastUsedFor, []);
  assert.match(person.notices.join('\n'), /last used\s+unknown: .*AuditLog\.Read\.All/);
});
