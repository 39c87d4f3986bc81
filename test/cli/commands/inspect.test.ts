// inspect in-process: a token from stdin or as the argument (a 'Bearer ' prefix is fine), explained as data;
// the token itself never printed back; --verify against the running emulator's keys, valid and tampered;
// something that is not a JWT says what inspect reads.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as getToken } from '../../../src/cli/commands/get-token.ts';
import { run as inspect } from '../../../src/cli/commands/inspect.ts';
import { CliError, EXIT } from '../../../src/cli/errors.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { testFactory } from '../../helpers/test-factory.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../../helpers/token-profiles.ts';

after(cleanupCli);

/** A home with a running emulator and an access token from it (through get-token, in-process). */
async function emulatorToken(): Promise<{ home: string; token: string; appId: string }> {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'inspected app');
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });
  const t = testFactory({ home });
  await getToken({ profile: 'demo', output: 'raw' }, t.f);
  return { home, token: t.out().trim(), appId: a.app.appId };
}

/** Runs inspect and gives back the exit code it set (inspect --verify sets process.exitCode on an invalid token). */
async function inspectCode(...args: Parameters<typeof inspect>): Promise<number | undefined> {
  const before = process.exitCode;
  try {
    await inspect(...args);
    return typeof process.exitCode === 'number' ? process.exitCode : undefined;
  } finally {
    process.exitCode = before;
  }
}

test('a token from stdin or the argument: header, claims and summary as data, never the token itself', async () => {
  const { home, token, appId } = await emulatorToken();
  const piped = testFactory({ home, input: `${token}\n` });
  await inspect({ output: 'json' }, piped.f);
  const shown = JSON.parse(piped.out());
  assert.equal(shown.header.typ, 'JWT');
  assert.equal(shown.claims.appid, appId);
  assert.ok(Array.isArray(shown.summary) && shown.summary.length > 0);
  assert.equal(shown.verification, undefined, 'no --verify, no verdict');

  const argument = testFactory({ home });
  await inspect({ token: `Bearer ${token}`, output: 'tsv' }, argument.f);
  assert.match(argument.out(), new RegExp(`^appid\\t${appId}`, 'm'), 'tsv: the claims');
  for (const t of [piped, argument]) assert.ok(!t.out().includes(token) && !t.err().includes(token), 'the token is not printed back');
});

test("--verify checks the signature against the running emulator's keys; a tampered token is invalid (exit 1)", async () => {
  const { home, token } = await emulatorToken();
  const good = testFactory({ home });
  assert.equal(await inspectCode({ token, verify: true, output: 'json' }, good.f), undefined);
  assert.equal(JSON.parse(good.out()).verification.valid, true);

  const [h, p, s] = token.split('.');
  const flipped = `${s![0] === 'A' ? 'B' : 'A'}${s!.slice(1)}`;
  const bad = testFactory({ home });
  assert.equal(await inspectCode({ token: `${h}.${p}.${flipped}`, verify: true, output: 'json' }, bad.f), EXIT.failure);
  assert.equal(JSON.parse(bad.out()).verification.valid, false);
});

test('not a JWT: an error that says what inspect reads; a bad --authority-host is a usage error', async () => {
  const t = testFactory();
  await assert.rejects(inspect({ token: 'not-a-token' }, t.f), (e: unknown) => e instanceof CliError && e.exitCode === EXIT.failure && /three base64url parts/.test(e.hint ?? ''));
  await assert.rejects(inspect({ token: 'x.y.z', authorityHost: 'http://login.example.com' }, testFactory().f), (e: unknown) => e instanceof CliError && e.exitCode === EXIT.usage && /--authority-host/.test(e.message));
});
