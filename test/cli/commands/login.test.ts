// login, whoami and logout in-process through run(options, factory), against the emulator: a service
// principal signs in with its secret from stdin (kept in the secret store, never printed), whoami shows the
// session as data, logout ends it and whoami then says to sign in (exit 4). Flags that do not fit are usage
// errors before anything is asked or sent.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as login } from '../../../src/cli/commands/login.ts';
import { run as logout } from '../../../src/cli/commands/logout.ts';
import { run as whoami } from '../../../src/cli/commands/whoami.ts';
import { CliError, EXIT, UsageError } from '../../../src/cli/errors.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { testFactory } from '../../helpers/test-factory.ts';
import { homeWithEmulator, signInCount } from '../../helpers/token-profiles.ts';

after(cleanupCli);

test('a service principal signs in, whoami shows it, logout ends it', async () => {
  const { home, emu } = await homeWithEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const sp = { servicePrincipal: true, cloud: 'local', tenant: emu.info.tenantId, clientId, clientSecretStdin: true, timeout: '300' };

  const signedIn = testFactory({ home, input: `${clientSecret}\n` });
  await login(sp, signedIn.f);
  assert.match(signedIn.err(), /✓ Signed in as .* in tenant /);
  assert.equal(signedIn.out(), '', 'nothing on stdout');
  assert.equal(signInCount(emu), 1);

  const who = testFactory({ home });
  await whoami({ output: 'json' }, who.f);
  const info = JSON.parse(who.out());
  assert.equal(info.kind, 'service-principal');
  assert.equal(info.appId, clientId);
  assert.equal(info.tenantId, emu.info.tenantId);
  assert.ok(info.permissions.includes('Application.ReadWrite.All'), info.permissions);
  assert.equal(info.current, true);

  const out = testFactory({ home });
  await logout({}, out.f);
  assert.match(out.err(), /Signed out service principal .* its cached tokens and stored credential were removed/);
  await assert.rejects(whoami({ output: 'json' }, testFactory({ home }).f), (e: unknown) => e instanceof CliError && e.exitCode === EXIT.needsUserAction && /Not signed in/.test(e.message));

  for (const t of [signedIn, who, out]) assert.ok(!t.out().includes(clientSecret) && !t.err().includes(clientSecret), 'the secret is never printed');
  const again = testFactory({ home });
  await logout({}, again.f);
  assert.match(again.err(), /Not signed in: there is no admin session to end/);
});

test('flags that do not fit are usage errors, before any sign-in', async () => {
  const { home, emu } = await homeWithEmulator();
  const base = { servicePrincipal: true, cloud: 'local', tenant: emu.info.tenantId, timeout: '300' };
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...base }, /missing --client-id/],
    [{ ...base, clientId: 'not-a-guid' }, /invalid --client-id/],
    [{ ...base, clientId: emu.info.bootstrap.clientId, deviceCode: true }, /--device-code, --no-browser and --admin-client-id are for signing in a person/],
    [{ ...base, clientId: emu.info.bootstrap.clientId }, /missing --client-secret-stdin or --certificate/],
    [{ ...base, timeout: 'soon' }, /invalid --timeout 'soon'/],
    [{ cloud: 'local', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, timeout: '300' }, /go with --service-principal/],
  ];
  for (const [opts, message] of cases) {
    await assert.rejects(login(opts, testFactory({ home }).f), (e: unknown) => e instanceof UsageError && message.test(e.message), String(message));
  }
  assert.equal(signInCount(emu), 0, 'Entra was not asked');
});

test("the scripted form without --cloud: the running emulator's tenant ID signs in to the emulator", async () => {
  const { home, emu } = await homeWithEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const t = testFactory({ home, input: `${clientSecret}\n` });
  await login({ servicePrincipal: true, tenant: emu.info.tenantId, clientId, clientSecretStdin: true, timeout: '300' }, t.f);
  assert.match(t.err(), /✓ Signed in as .* in tenant /);
  const who = testFactory({ home });
  await whoami({ output: 'json' }, who.f);
  assert.equal(JSON.parse(who.out()).tenantId, emu.info.tenantId);
  assert.equal(signInCount(emu), 1, 'the sign-in went to the emulator');
});
