// secret create in-process through run(options, factory), with a service principal's admin session and
// nobody at a terminal: -o json is the created secret's data without its value (unless --show-secret), the
// value is saved to a new profile that then gets a token; contradicting flags are usage errors first.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as getToken } from '../../../../src/cli/commands/get-token.ts';
import { run as login } from '../../../../src/cli/commands/login.ts';
import { run as secretCreate } from '../../../../src/cli/commands/secret/create.ts';
import { UsageError } from '../../../../src/cli/errors.ts';
import { cleanupCli, claimsOf } from '../../../helpers/cli.ts';
import { storedValue } from '../../../helpers/stored-secrets.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { homeWithEmulator } from '../../../helpers/token-profiles.ts';

after(cleanupCli);

async function signedInHome() {
  const { home, emu } = await homeWithEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  await login({ servicePrincipal: true, cloud: 'local', tenant: emu.info.tenantId, clientId, clientSecretStdin: true, timeout: '300' }, testFactory({ home, input: clientSecret }).f);
  return { home, emu };
}

test('--app --save-as -o json: the data without the value, saved to a new profile that gets a token', async () => {
  const { home, emu } = await signedInHome();
  const worker = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders Worker')!;
  const before = worker.passwordCredentials.length;

  const t = testFactory({ home });
  await secretCreate({ app: worker.appId, saveAs: 'worker', display: false, output: 'json' }, t.f);
  const created = JSON.parse(t.out());
  assert.match(created.displayName, /^EAC-EXP-\d\d-[A-Z]{3}-\d\d$/);
  assert.equal(created.appId, worker.appId);
  assert.ok(!('secretText' in created), 'no value without --show-secret');
  assert.equal(worker.passwordCredentials.length, before + 1);
  assert.ok(worker.passwordCredentials.some((p) => p.keyId === created.keyId));
  const value = storedValue(home, 'worker');
  assert.ok(value && value.length >= 30, 'the value is in the new profile');
  assert.ok(!t.out().includes(value!) && !t.err().includes(value!), 'and not printed');

  const token = testFactory({ home });
  await getToken({ profile: 'worker', output: 'raw' }, token.f);
  assert.equal(claimsOf(token.out().trim()).appid, worker.appId, 'the new secret works');
});

test('contradicting or missing flags are usage errors before anything is created', async () => {
  const { home, emu } = await signedInHome();
  const worker = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders Worker')!;
  const before = worker.passwordCredentials.length;
  const cases: [Record<string, unknown>, RegExp][] = [
    [{}, /missing --app APPID or -p PROFILE/],
    [{ app: 'nope' }, /invalid --app 'nope'/],
    [{ app: worker.appId, display: false, showSecret: true }, /--no-display and --show-secret contradict each other/],
    [{ app: worker.appId, saveAs: 'x', toKeyvault: 'vault/name' }, /--save-as names a new profile for --app/],
    [{ app: worker.appId, days: 'ten' }, /invalid --days 'ten'/],
  ];
  for (const [opts, message] of cases) {
    await assert.rejects(secretCreate(opts, testFactory({ home }).f), (e: unknown) => e instanceof UsageError && message.test(e.message), String(message));
  }
  assert.equal(worker.passwordCredentials.length, before, 'nothing was created');
});
