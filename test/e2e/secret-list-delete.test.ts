// secret list and secret delete through the real binary, signed in as a service principal the way a pipeline
// is: the scripted form `secret list --app "$APP_ID" -o json` (an array of credentials, no values), `--help`
// with examples, delete without a terminal failing on a missing --yes (exit 2, no stack trace), then with
// --yes -o json, and a re-run saying already deleted. Every output is scanned for every value.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cleanupCli, runCli, type CliResult } from '../helpers/cli.ts';
import { appWithCredentials } from '../helpers/lifecycle-fixtures.ts';
import { homeWithEmulator } from '../helpers/token-profiles.ts';
import { tokenWorks } from '../helpers/admin-deps.ts';

after(cleanupCli);

test('scripted form: secret list --app -o json; secret delete --yes -o json; no value anywhere', async () => {
  const { home, emu } = await homeWithEmulator();
  const outputs: string[] = [];
  const eac = async (args: string[], input?: string): Promise<CliResult> => {
    const res = await runCli(args, { home, input, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined, CI: undefined }, timeoutMs: 90_000 });
    assert.equal(res.timedOut, false, args.join(' '));
    assert.doesNotMatch(res.stderr, /^\s+at .+/m, `no stack trace: ${res.stderr}`);
    outputs.push(res.stdout, res.stderr);
    return res;
  };
  const login = await eac(['login', '--service-principal', '--cloud', 'local', '--client-id', emu.info.bootstrap.clientId, '--client-secret-stdin'], emu.info.bootstrap.clientSecret);
  assert.equal(login.code, 0, login.stderr);
  const fx = await appWithCredentials(home, emu);
  assert.ok(await tokenWorks(emu, fx.app.appId, fx.used));

  const list = await eac(['secret', 'list', '--app', fx.app.appId, '-o', 'json']);
  assert.equal(list.code, 0, list.stderr);
  const rows = JSON.parse(list.stdout) as Record<string, unknown>[];
  assert.ok(Array.isArray(rows) && rows.length === 4);
  assert.deepEqual(Object.keys(rows[0]!).sort(), ['daysLeft', 'endDateTime', 'followsNamingConvention', 'hint', 'keyId', 'lastSignInDateTime', 'name', 'origin', 'pairedKeyId', 'profiles', 'startDateTime', 'status', 'type', 'usage'].sort());
  assert.ok(rows.some((r) => r.keyId === fx.usedKeyId && (r.profiles as { profile: string }[])[0]?.profile === 'demo' && typeof r.lastSignInDateTime === 'string'));

  const piped = await eac(['secret', 'list', '-p', 'demo']);
  assert.equal(piped.code, 0, piped.stderr);
  assert.match(piped.stdout.split('\n')[0]!, /^Name\tKey ID\tHint\tType/, 'tsv with a header in a pipe');

  for (const [args, re] of [[['secret', 'list', '--help'], /Examples:[\s\S]*secret list --app "\$APP_ID" -o json/], [['secret', 'delete', '--help'], /Examples:[\s\S]*--yes -o json/]] as const) {
    const help = await eac([...args]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, re);
  }

  const noYes = await eac(['secret', 'delete', '--app', fx.app.appId, '--key-id', fx.spare.keyId]);
  assert.equal(noYes.code, 2, noYes.stderr);
  assert.match(noYes.stderr, /--yes/);
  assert.ok(fx.app.passwordCredentials.some((c) => c.keyId === fx.spare.keyId), 'nothing deleted');

  const refused = await eac(['secret', 'delete', '--app', fx.app.appId, '--key-id', fx.usedKeyId, '--yes']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /profile 'demo' uses this secret[\s\S]*secret rotate -p demo/);

  const del = await eac(['secret', 'delete', '--app', fx.app.appId, '--key-id', fx.spare.keyId, '--yes', '-o', 'json']);
  assert.equal(del.code, 0, del.stderr);
  assert.equal(JSON.parse(del.stdout).deleted, true);
  const again = await eac(['secret', 'delete', '--app', fx.app.appId, '--key-id', fx.spare.keyId, '--yes', '-o', 'json']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).alreadyDeleted, true);
  assert.match(again.stderr, /already deleted/);

  for (const text of outputs) for (const v of fx.values) assert.ok(!text.includes(v), 'no secret value in any output');
});
