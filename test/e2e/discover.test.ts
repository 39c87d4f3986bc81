// `discover` as a script uses it: the real CLI process against an in-process emulator whose tenant has more
// matching apps than one Graph page holds (999), signed in as an administrator through the device-code flow
// (approved by a second process, like a person on their phone). Then --select --name makes a profile
// without a terminal, with a secret created in Entra, and get-token works with it at once.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { claimsOf, cleanupCli, runCli, type CliResult } from '../helpers/cli.ts';
import { watchCli } from '../helpers/cli-watch.ts';
import { approveElsewhere, DEVICE_CODE_MESSAGE } from '../helpers/device-code.ts';
import { ADMIN, filesHoldingSecrets, homeWithEmulator } from '../helpers/token-profiles.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { storedValue } from '../helpers/stored-secrets.ts';

after(cleanupCli);

const PAGED = 1005;
const STACK_FRAME = /^\s+at .+/m;

const cliEnv = (home: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, EAC_HOME: home, EAC_SECRET_STORE: 'file' };
  delete env.NODE_EXTRA_CA_CERTS; // the CLI trusts the emulator's CA through its connection file
  delete env.EAC_DEBUG;
  delete env.CI;
  return env;
};

async function eac(home: string, args: string[], input?: string): Promise<CliResult> {
  const res = await runCli(args, { home, input, env: { EAC_SECRET_STORE: 'file', CI: undefined, NODE_EXTRA_CA_CERTS: undefined } });
  assert.equal(res.timedOut, false, `timed out: ${args.join(' ')}`);
  assert.doesNotMatch(res.stderr, STACK_FRAME, `no stack trace: ${res.stderr}`);
  return res;
}

/** Runs the CLI with --device-code and approves its sign-in as `who` from another process. */
async function withDeviceSignIn(home: string, args: string[], who = ADMIN): Promise<CliResult> {
  const cli = watchCli(args, cliEnv(home));
  const [, uri, code] = await cli.waitForStderr(DEVICE_CODE_MESSAGE);
  const approver = await approveElsewhere(uri!, code!, who);
  assert.equal(approver.code, 0, approver.err);
  const res = await cli.done();
  assert.doesNotMatch(res.stderr, STACK_FRAME, res.stderr);
  return res;
}

/** A tenant with more 'Paged App …' apps than one page, and a few names worth searching for. */
function populate(emu: RunningEmulator): Record<string, string> {
  const tenant = emu.store.defaultTenant;
  const now = new Date();
  for (let i = 1; i <= PAGED; i++) tenant.addApplication({ displayName: `Paged App ${String(i).padStart(4, '0')}`, withServicePrincipal: false }, now);
  const ids: Record<string, string> = {};
  for (const name of ['Blue Widget Factory', "Bob's App", 'Widgetry']) {
    ids[name] = tenant.addApplication({ displayName: name, withServicePrincipal: false }, now).app.appId;
  }
  ids['Widget Tool'] = tenant.addApplication({ displayName: 'Widget Tool' }, now).app.appId;
  const { app } = tenant.addApplication({ displayName: 'Gadget Service', identifierUris: ['api://gadget-service'] }, now);
  const expiring = new Date(now.getTime() + 12 * 86_400_000 + 3_600_000);
  tenant.addPassword(app, { displayName: 'old-one', startDateTime: new Date(now.getTime() - 100 * 86_400_000), endDateTime: expiring }, now);
  ids['Gadget Service'] = app.appId;
  return ids;
}

const names = (res: CliResult) => (JSON.parse(res.stdout) as { displayName: string }[]).map((a) => a.displayName);

test('discover: startswith, $search and eq over more than one page of matches, quotes escaped, as data', async () => {
  const { home, emu } = await homeWithEmulator();
  const ids = populate(emu);

  // No admin session yet and no terminal: a clear error, not a hang.
  const unsigned = await eac(home, ['discover', '-s', 'Paged App*', '--cloud', 'local', '-o', 'json']);
  assert.equal(unsigned.code, 4, unsigned.stderr);
  assert.match(unsigned.stderr, /Not signed in to tenant '[0-9a-f-]{36}' to search its app registrations/);
  assert.match(unsigned.stderr, /entra-auth-cli login --tenant [0-9a-f-]{36} --cloud local/);

  // MyApp* -> startswith, every page: 1005 matches is more than Graph's largest page (999).
  const prefix = await withDeviceSignIn(home, ['discover', '-s', 'Paged App*', '--cloud', 'local', '-o', 'json', '--device-code']);
  assert.equal(prefix.code, 0, prefix.stderr);
  const paged = names(prefix);
  assert.equal(paged.length, PAGED);
  assert.equal(new Set(paged).size, PAGED, 'no app twice across pages');
  assert.deepEqual(paged.slice(0, 2), ['Paged App 0001', 'Paged App 0002'], 'sorted by name');
  assert.match(prefix.stderr, new RegExp(`${PAGED} app registrations: apps whose name starts with 'Paged App'`));
  const signIns = emu.store.defaultTenant.record.signIns.filter((s) => s.grantType === 'device_code').length;

  // The session is cached from here on: no --device-code, no sign-in.
  // *App* -> $search "displayName:App" (word prefix, ConsistencyLevel: eventual), also across pages.
  const search = await eac(home, ['discover', '-s', '*App*', '--cloud', 'local', '-o', 'json']);
  assert.equal(search.code, 0, search.stderr);
  assert.equal(names(search).length, PAGED + 1, "the Paged Apps and Bob's App");
  assert.ok(names(search).includes("Bob's App"));

  const widget = await eac(home, ['discover', '-s', '*widget*', '--cloud', 'local', '-o', 'json']);
  assert.deepEqual(names(widget), ['Blue Widget Factory', 'Widget Tool', 'Widgetry']);
  const widgetPrefix = await eac(home, ['discover', '-s', 'Widget*', '--cloud', 'local', '-o', 'json']);
  assert.deepEqual(names(widgetPrefix), ['Widget Tool', 'Widgetry'], 'startswith, not a word search');

  // An exact name -> displayName eq '…', with its quote doubled; and a prefix with a quote.
  const exact = await eac(home, ['discover', '-s', "Bob's App", '--cloud', 'local', '-o', 'json']);
  assert.equal(exact.code, 0, exact.stderr);
  const [bob] = JSON.parse(exact.stdout);
  assert.equal(bob.displayName, "Bob's App");
  assert.equal(bob.appId, ids["Bob's App"]);
  assert.deepEqual(names(await eac(home, ['discover', '-s', "Bob's*", '--cloud', 'local', '-o', 'json'])), ["Bob's App"]);
  const none = await eac(home, ['discover', '-s', 'Widget', '--cloud', 'local', '-o', 'json']);
  assert.equal(none.code, 0);
  assert.deepEqual(JSON.parse(none.stdout), [], 'eq is exact: no match is an empty list, not an error');

  // The secrets of each app with their expiry and days left.
  const gadget = JSON.parse((await eac(home, ['discover', '-s', 'Gadget Service', '--cloud', 'local', '-o', 'json'])).stdout)[0];
  assert.deepEqual(gadget.identifierUris, ['api://gadget-service']);
  assert.equal(gadget.secrets.length, 1);
  assert.equal(gadget.secrets[0].displayName, 'old-one');
  assert.equal(gadget.secrets[0].daysLeft, 12);
  assert.equal(gadget.secrets[0].expired, false);

  // Without a terminal and without -o: tab-separated, a header row then one app per line; csv on request.
  const tsv = await eac(home, ['discover', '-s', 'Gadget*', '--cloud', 'local']);
  assert.equal(tsv.code, 0, tsv.stderr);
  const [head, row, ...rest] = tsv.stdout.trimEnd().split('\n');
  assert.equal(head, 'Name\tApp ID\tCreated\tSecrets');
  assert.deepEqual(rest, []);
  const cols = row!.split('\t');
  assert.deepEqual(cols.slice(0, 2), ['Gadget Service', ids['Gadget Service']]);
  assert.match(cols[3]!, /^old-one \d\d [A-Z][a-z]{2} \d{4} \(12 days left\)$/);
  const csv = await eac(home, ['discover', '-s', "Bob's*", '--cloud', 'local', '-o', 'csv']);
  assert.equal(csv.stdout.split('\n')[0], 'Name,App ID,Created,Secrets');
  // --query alone lists the matches too (JMESPath on the JSON form); ndjson is one app per line.
  const appIds = await eac(home, ['discover', '-s', 'Gadget*', '--cloud', 'local', '--query', '[].appId']);
  assert.equal(appIds.stdout, `${ids['Gadget Service']}\n`);
  const nd = await eac(home, ['discover', '-s', "Bob's*", '--cloud', 'local', '-o', 'ndjson']);
  assert.deepEqual(nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).displayName), ["Bob's App"]);

  assert.equal(emu.store.defaultTenant.record.signIns.filter((s) => s.grantType === 'device_code').length, signIns, 'no new sign-in');

  // Mistakes are usage errors (exit 2) that say what is allowed.
  const inner = await eac(home, ['discover', '-s', 'My*App', '--cloud', 'local']);
  assert.equal(inner.code, 2);
  assert.match(inner.stderr, /a '\*' may only begin or end the pattern/);
  const both = await eac(home, ['discover', '-s', 'Widget*', '--select', ids['Widget Tool']!, '--cloud', 'local', '-o', 'json']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--select makes a profile, but -o lists the matches/);
  const noName = await eac(home, ['discover', '-s', 'Widget*', '--name', 'w', '--cloud', 'local']);
  assert.equal(noName.code, 2);
  assert.match(noName.stderr, /without a terminal discover lists the matches: add --select APPID/);
});

test('discover --select --name without a terminal: a profile with a new secret in Entra, get-token works at once', async () => {
  const { home, emu } = await homeWithEmulator();
  const ids = populate(emu);
  const appId = ids['Gadget Service']!;

  const created = await withDeviceSignIn(home, ['discover', '-s', 'Gadget*', '--cloud', 'local', '--select', appId, '--name', 'gadget',
    '--create-secret', '--device-code', '--no-display']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, '', 'a profile is made, no data printed');
  assert.match(created.stderr, /Secret Name\s*│\s*EAC-EXP-\d\d-[A-Z]{3}-\d\d/);
  assert.match(created.stderr, /✓ Secret created and saved to profile 'gadget'/);
  assert.match(created.stderr, /Saved profile 'gadget' \(the default profile\)/);
  assert.doesNotMatch(created.stderr, /copy now/, '--no-display: no panel with the value');

  const profile = JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8')).profiles.gadget;
  assert.equal(profile.clientId, appId);
  assert.equal(profile.tenant, emu.info.tenantId);
  assert.equal(profile.cloud, 'local');
  assert.equal(profile.authMethod, 'ClientSecret');
  assert.equal(profile.secret.kind, 'stored');
  assert.deepEqual(profile.scopes, ['api://gadget-service/.default'], "the app's own API by default");

  const app = emu.store.defaultTenant.record.applications.find((a) => a.appId === appId)!;
  const made = app.passwordCredentials.filter((c) => c.displayName?.startsWith('EAC-EXP-'));
  assert.equal(made.length, 1, 'one secret created in the app');
  const days = (Date.parse(made[0]!.endDateTime) - Date.now()) / 86_400_000;
  assert.ok(days > 179.9 && days <= 180, `180 days (${days})`);

  const token = await eac(home, ['get-token', '-p', 'gadget', '--scope', 'https://graph.microsoft.com/.default', '-o', 'json']);
  assert.equal(token.code, 0, token.stderr);
  assert.equal(claimsOf(JSON.parse(token.stdout).accessToken).appid, appId);

  // The value is in the secret store and nowhere else under the home.
  const stored = storedValue(home, 'gadget')!;
  assert.ok(stored && stored.length >= 30);
  const files = filesHoldingSecrets([home], [stored]);
  assert.deepEqual(files.offenders, []);
  assert.ok(!created.stderr.includes(stored) && !token.stderr.includes(stored));

  // The pattern and --select must agree.
  const wrong = await eac(home, ['discover', '-s', 'Widget*', '--cloud', 'local', '--select', appId, '--name', 'x', '--client-secret-stdin'], 'x'.repeat(40));
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, new RegExp(`No app registration with client ID '${appId}' among the 2 apps whose name starts with 'Widget'`));

  // An existing secret from stdin; --device-code served the search only (not a conflict with stdin).
  const portal = emu.store.defaultTenant.addPassword(emu.store.defaultTenant.record.applications.find((a) => a.appId === ids['Widget Tool'])!, { displayName: 'portal' }, new Date()).secretText;
  const piped = await eac(home, ['discover', '-s', 'Widget Tool', '--cloud', 'local', '--select', ids['Widget Tool']!, '--name', 'widget', '--client-secret-stdin', '--device-code'], portal);
  assert.equal(piped.code, 0, piped.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8')).profiles.widget.scopes, ['https://graph.microsoft.com/.default'], 'no API of its own: Graph');
  const widgetToken = await eac(home, ['get-token', '-p', 'widget', '-o', 'json']);
  assert.equal(widgetToken.code, 0, widgetToken.stderr);
  assert.equal(claimsOf(JSON.parse(widgetToken.stdout).accessToken).appid, ids['Widget Tool']);

  // A ClientSecret profile needs its secret: without a terminal, the flags are named.
  const noSecret = await eac(home, ['discover', '--cloud', 'local', '--select', ids['Widget Tool']!, '--name', 'widget2']);
  assert.equal(noSecret.code, 2);
  assert.match(noSecret.stderr, /missing --client-secret-stdin, --secret-ref or --create-secret/);
});
