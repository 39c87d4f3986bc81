// get-token in-process: run(options, factory) against the emulator with captured streams. The token goes to
// stdout in the asked form, the second call comes from the encrypted cache, flags are checked before any
// network, and a rejected secret is explained without the secret in the message.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as getToken } from '../../../src/cli/commands/get-token.ts';
import { CliError, EXIT, UsageError } from '../../../src/cli/errors.ts';
import { cleanupCli, claimsOf } from '../../helpers/cli.ts';
import { testFactory } from '../../helpers/test-factory.ts';
import { appWithSecret, homeWithEmulator, saveProfile, signInCount } from '../../helpers/token-profiles.ts';

after(cleanupCli);

const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;

test('client credentials: -o json has the token and its facts; the second run is served from the cache; -o raw is the token only', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'inproc app');
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });

  const first = testFactory({ home });
  await getToken({ profile: 'demo', output: 'json' }, first.f);
  const json = JSON.parse(first.out());
  assert.match(json.accessToken, JWT);
  assert.equal(json.fromCache, false);
  assert.equal(json.tenant, emu.info.tenantId);
  assert.deepEqual(json.scopes, ['https://graph.microsoft.com/.default']);
  assert.equal(claimsOf(json.accessToken).appid, a.app.appId);
  assert.equal(signInCount(emu), 1);

  const second = testFactory({ home });
  await getToken({ profile: 'demo', output: 'raw' }, second.f);
  assert.equal(second.out(), `${json.accessToken}\n`, 'the cached token, and nothing else on stdout');
  assert.equal(signInCount(emu), 1, 'from the cache: Entra was not asked again');

  const queried = testFactory({ home });
  await getToken({ profile: 'demo', output: 'json', query: 'fromCache' }, queried.f);
  assert.equal(queried.out().trim(), 'true');

  for (const t of [first, second, queried]) assert.ok(!t.out().includes(a.secretText) && !t.err().includes(a.secretText), 'the secret is never printed');
});

test('flags are checked before anything else: an unknown flow or format is a usage error; no profile says how to make one', async () => {
  const { home, emu } = await homeWithEmulator();
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, authMethod: 'ClientSecret' }, { clientSecret: 'not-used-0123456789' });

  await assert.rejects(getToken({ profile: 'demo', flow: 'sideways' }, testFactory({ home }).f), (e: unknown) => e instanceof UsageError && /unknown flow 'sideways'/.test(e.message));
  await assert.rejects(getToken({ profile: 'demo', output: 'xml' }, testFactory({ home }).f), (e: unknown) => e instanceof UsageError && /-o/.test(e.message));
  await assert.rejects(getToken({ profile: 'nope' }, testFactory({ home }).f), (e: unknown) => e instanceof CliError && e.exitCode === EXIT.failure && /nope/.test(e.message));
  assert.equal(signInCount(emu), 0, 'Entra was not asked');
});

test('a rejected secret is explained (AADSTS7000215: the secret ID pasted instead of the value), without the secret', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'wrong secret app');
  await saveProfile(home, { name: 'wrong', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretId });
  const t = testFactory({ home });
  await assert.rejects(getToken({ profile: 'wrong', output: 'raw' }, t.f), (e: unknown) => {
    assert.ok(e instanceof CliError, String(e));
    assert.match(e.message, /AADSTS7000215/);
    assert.match(e.hint ?? '', /secret ID/);
    assert.ok(!e.message.includes(a.secretId) && !(e.hint ?? '').includes(a.secretId), 'the stored value is not echoed');
    return true;
  });
  assert.equal(t.out(), '', 'nothing on stdout');
});
