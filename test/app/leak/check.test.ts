// leak check's use case against the emulator over HTTPS, signed in as the bootstrap service principal: a
// file tree (nested folders, a .gitignored file and a binary file not reported), a value from stdin
// confirmed by a token attempt, a hint shared by two apps told apart by Entra's answer, an expired value, and
// no session. Values are the emulator's or built at run time (test/helpers/fake-secrets.ts); none appears in
// any result or message.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveTarget } from '../../../src/app/admin/target.ts';
import { checkForLeaks, leakFound, type LeakCheckInput } from '../../../src/app/leak/check.ts';
import { AbsentPerson, signInBootstrap, testAdminDeps } from '../../helpers/admin-deps.ts';
import { tempDir } from '../../helpers/cli.ts';
import { fakeCurrentSecret } from '../../helpers/fake-secrets.ts';
import { appWithSecret, homeWithEmulator } from '../../helpers/token-profiles.ts';

async function signedIn() {
  const { home, emu } = await homeWithEmulator();
  const person = new AbsentPerson();
  const deps = testAdminDeps(home, { interaction: person });
  await signInBootstrap(deps, emu);
  const target = resolveTarget(deps, { cloud: 'local' }, { useCurrent: false });
  return { home, emu, deps, person, target };
}

function noValue(values: string[], ...texts: unknown[]): void {
  for (const t of texts) {
    const s = typeof t === 'string' ? t : JSON.stringify(t);
    for (const v of values) assert.ok(!s.includes(v), 'no value in what is returned or said');
  }
}

test('a file tree: the leak in a nested file is found at its line and column and matched to its app and key; ignored and binary files are not reported', async () => {
  const { emu, deps, person, target } = await signedIn();
  const { app, secretText, secretId } = appWithSecret(emu, 'Leaky Service');
  const other = fakeCurrentSecret();
  const root = tempDir('eac-leak-');
  mkdirSync(join(root, 'src', 'config'), { recursive: true });
  writeFileSync(join(root, '.gitignore'), 'local.env\n');
  writeFileSync(join(root, 'local.env'), `SECRET=${secretText}\n`);
  writeFileSync(join(root, 'src', 'config', 'app.json'), `{\n  "name": "x",\n  "clientSecret": "${secretText}"\n}\n`);
  writeFileSync(join(root, 'src', 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(` ${secretText} `)]));
  writeFileSync(join(root, 'README.md'), `placeholder: xxx8${'Q~'}${'x'.repeat(34)}\nunknown: ${other}\n`);

  const result = await checkForLeaks(deps, { target, source: { kind: 'paths', paths: [root] } });
  const at = result.findings.map((f) => [f.source.slice(root.length + 1), f.line, f.column, f.hint, f.length, f.match.status]);
  assert.deepEqual(at, [
    ['README.md', 2, 10, other.slice(0, 3), 40, 'no-match'],
    [join('src', 'config', 'app.json'), 3, 20, secretText.slice(0, 3), secretText.length, 'confirmed'],
  ]);
  const confirmed = result.findings[1]!.match;
  assert.ok(confirmed.status === 'confirmed');
  assert.equal(confirmed.app.appId, app.appId);
  assert.equal(confirmed.app.displayName, 'Leaky Service');
  assert.deepEqual(confirmed.credentials.map((c) => c.keyId), [secretId]);
  assert.equal(confirmed.expired, false);
  assert.deepEqual(result.skipped.map((s) => [s.path.slice(root.length + 1), s.reason]), [[join('src', 'blob.bin'), 'binary']]);
  assert.ok(result.matching);
  assert.ok(leakFound(result), 'a value in files fails the check');
  noValue([secretText, other], result, person.notices, person.warnings);
});

test('stdin: the value is matched and confirmed; a hint two apps share is resolved by the token attempt', async () => {
  const { emu, deps, person, target } = await signedIn();
  const tenant = emu.store.defaultTenant;
  const now = new Date();
  const first = tenant.addApplication({ displayName: 'Twin One' }, now).app;
  const second = tenant.addApplication({ displayName: 'Twin Two' }, now).app;
  const oneValue = fakeCurrentSecret('Tw1');
  const twoValue = fakeCurrentSecret('Tw1');
  tenant.addPassword(first, { displayName: 'one', value: oneValue }, now);
  const two = tenant.addPassword(second, { displayName: 'two', value: twoValue }, now).credential;

  const input: LeakCheckInput = { target, source: { kind: 'stdin', value: twoValue } };
  const result = await checkForLeaks(deps, input);
  assert.equal(result.findings.length, 1);
  const f = result.findings[0]!;
  assert.deepEqual([f.source, f.hint, f.length, f.format], ['stdin', 'Tw1', 40, 'current']);
  assert.ok(f.match.status === 'confirmed', JSON.stringify(f.match));
  assert.equal(f.match.app.appId, second.appId, 'the app whose credential takes the value, not the other with the same hint');
  assert.deepEqual(f.match.credentials.map((c) => c.keyId), [two.keyId]);
  assert.ok(leakFound(result));

  // A value that shares the hint but is no credential: Entra refuses it for both apps.
  const stranger = fakeCurrentSecret('Tw1');
  const none = await checkForLeaks(deps, { target, source: { kind: 'stdin', value: stranger } });
  assert.deepEqual(none.findings[0]!.match, { status: 'unconfirmed', candidates: 2, tried: 2 });
  assert.equal(leakFound(none), false, 'ruled out: exit 0');
  noValue([oneValue, twoValue, stranger], result, none, person.notices, person.warnings);
});

test('an expired value is still named as its app\'s (Entra says so only for the right value)', async () => {
  const { emu, deps, target } = await signedIn();
  const { app, secretText, secretId } = appWithSecret(emu, 'Old Service', { expired: true });
  const result = await checkForLeaks(deps, { target, source: { kind: 'stdin', value: secretText } });
  const m = result.findings[0]!.match;
  assert.ok(m.status === 'confirmed' && m.expired, JSON.stringify(m));
  assert.equal(m.app.appId, app.appId);
  assert.deepEqual(m.credentials.map((c) => c.keyId), [secretId]);
});

test('without an admin session the findings come back unmatched, with what to do', async () => {
  const { home, emu } = await homeWithEmulator();
  const person = new AbsentPerson();
  const deps = testAdminDeps(home, { interaction: person });
  const { secretText } = appWithSecret(emu, 'Unmatched');
  const target = resolveTarget(deps, { cloud: 'local' }, { useCurrent: false });
  const result = await checkForLeaks(deps, { target, source: { kind: 'stdin', value: secretText } });
  assert.equal(result.matching, false);
  assert.equal(result.findings[0]!.match.status, 'not-checked');
  assert.ok(leakFound(result), 'not ruled out');
  assert.match(person.notices.join('\n'), /entra-auth-cli login/);
});
