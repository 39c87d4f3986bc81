// leak respond's use case against the emulator over HTTPS (bootstrap service principal as admin, nobody at a
// terminal): the profile that used the leaked key is rotated and gets a token with its new secret, the key is
// revoked, its sign-ins since the given time are listed with IP and resource; with no local profile, the
// replacement goes to Key Vault or nowhere; without --yes nothing changes. No value in any result or message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveTarget } from '../../../src/app/admin/target.ts';
import { respondToLeak, type RespondOptions } from '../../../src/app/leak/respond.ts';
import { AbsentPerson, signInBootstrap, testAdminDeps, tokenWorks } from '../../helpers/admin-deps.ts';
import { storedValue } from '../../helpers/stored-secrets.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';

async function leakedApp() {
  const { home, emu } = await homeWithEmulator();
  const person = new AbsentPerson();
  const deps = testAdminDeps(home, { interaction: person });
  await signInBootstrap(deps, emu);
  const target = resolveTarget(deps, { cloud: 'local' }, { useCurrent: false });
  const leaked = appWithSecret(emu, 'Leaked Orders');
  const start = new Date(Date.now() - 1000);
  assert.ok(await tokenWorks(emu, leaked.app.appId, leaked.secretText), 'the leaked key signs in (a sign-in to list)');
  const base: RespondOptions = { target, appId: leaked.app.appId, keyId: leaked.secretId, since: start };
  return { home, emu, person, deps, target, leaked, base };
}

function noValue(values: string[], ...texts: unknown[]): void {
  for (const t of texts) for (const v of values) assert.ok(!JSON.stringify(t).includes(v), 'no value in what is returned or said');
}

test('end to end: the profile on the leaked key is rotated and works, the key is revoked, its sign-ins are listed', async () => {
  const { home, emu, person, deps, leaked, base } = await leakedApp();
  await saveProfile(home, { name: 'orders', tenant: emu.info.tenantId, clientId: leaked.app.appId, authMethod: 'ClientSecret' }, { clientSecret: leaked.secretText });

  const r = await respondToLeak(deps, { ...base, assumeYes: true });
  assert.equal(r.revoked, 'revoked');
  assert.ok(!leaked.app.passwordCredentials.some((c) => c.keyId === leaked.secretId), 'the leaked key is gone from the app');
  assert.equal(await tokenWorks(emu, leaked.app.appId, leaked.secretText), false, 'and no longer signs in');
  assert.ok(r.replacement.kind === 'rotated', JSON.stringify(r.replacement));
  assert.deepEqual(r.replacement.profiles.map((p) => p.profile), ['orders']);
  const value = storedValue(home, 'orders');
  assert.notEqual(value, leaked.secretText);
  assert.ok(await tokenWorks(emu, leaked.app.appId, value), 'the profile gets a token with its new secret');
  assert.equal(deps.profiles.get('orders')!.secret?.credential?.keyId, r.replacement.profiles[0]!.new.keyId, 'and records which credential it is');

  assert.ok(r.signIns && r.signIns.length >= 1, 'the sign-in with the leaked key is listed');
  const s = r.signIns![0]!;
  assert.equal(s.status, 'success');
  assert.ok(s.ipAddress, 'with its IP');
  assert.ok(s.resource || s.resourceId, 'and its resource');
  assert.deepEqual(person.steps.filter((x) => ['confirmed', 'replaced', 'revoked', 'sign-ins-listed'].includes(x)), ['confirmed', 'replaced', 'revoked', 'sign-ins-listed']);
  noValue([leaked.secretText, value!], r, person.notices, person.warnings);

  // Again: the key is gone; nothing else happens, the sign-ins are still listed.
  const again = await respondToLeak(deps, { ...base, assumeYes: true });
  assert.equal(again.revoked, 'already-gone');
  assert.equal(again.replacement.kind, 'none');
  assert.equal(storedValue(home, 'orders'), value, 'the profile keeps its new secret');
});

test('no local profile uses it: the replacement goes to Key Vault and is proven; or --no-replacement only revokes', async () => {
  const { emu, person, deps, leaked, base } = await leakedApp();
  const r = await respondToLeak(deps, { ...base, assumeYes: true, replacement: { kind: 'keyvault', vault: 'default', name: 'orders-secret' } });
  assert.ok(r.replacement.kind === 'created', JSON.stringify(r.replacement));
  assert.ok(r.replacement.verifiedAfterSeconds !== null, 'proven');
  const vault = emu.store.defaultTenant.record.vaults.find((v) => v.name === 'default')!;
  const stored = vault.secrets!.find((x) => x.name === 'orders-secret')!.versions.at(-1)!.value;
  assert.ok(await tokenWorks(emu, leaked.app.appId, stored));
  assert.equal(r.revoked, 'revoked');
  assert.ok(!leaked.app.passwordCredentials.some((c) => c.keyId === leaked.secretId));
  noValue([leaked.secretText, stored], r, person.notices, person.warnings);

  const other = appWithSecret(emu, 'Leaked Again');
  const none = await respondToLeak(deps, { ...base, appId: other.app.appId, keyId: other.secretId, assumeYes: true, replacement: { kind: 'none' } });
  assert.equal(none.replacement.kind, 'none');
  assert.equal(none.revoked, 'revoked');
  assert.deepEqual(other.app.passwordCredentials, []);
});

test('without --yes, or without a place for the replacement, nothing changes and the error names the flags; a failed replacement still revokes', async () => {
  const { emu, deps, leaked, base } = await leakedApp();
  await assert.rejects(respondToLeak(deps, base), /missing --yes/);
  assert.ok(leaked.app.passwordCredentials.some((c) => c.keyId === leaked.secretId), 'still there');
  await assert.rejects(respondToLeak(deps, { ...base, assumeYes: true }), /missing --to-keyvault VAULT\/NAME, --profile NAME or --no-replacement/);
  assert.ok(leaked.app.passwordCredentials.some((c) => c.keyId === leaked.secretId), 'still there: where the replacement goes is asked before anything changes');
  const failing = await respondToLeak(deps, { ...base, assumeYes: true, replacement: { kind: 'keyvault', vault: 'no-such-vault', name: 'x' } });
  assert.equal(failing.replacement.kind, 'failed');
  assert.equal(failing.revoked, 'revoked', 'a leaked secret dies even when its replacement cannot be made');
  assert.ok(emu);
});
