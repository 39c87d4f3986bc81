// `config` as a script uses it: the real CLI process (bin/ -> dist/) against a running emulator, with its
// own EAC_HOME per test. What it must never do matters as much as what it does: print or store a secret
// where it does not belong, prompt without a terminal, write anything after a failed check, or touch a
// corrupt profiles file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupCli, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { testEmulator } from '../helpers/emulator.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { storedSecrets, storedValue, valuesKept } from '../helpers/stored-secrets.ts';

after(cleanupCli);

const STACK_FRAME = /^\s+at .+/m;
const POSIX = process.platform !== 'win32';
const GRAPH = 'https://graph.microsoft.com/.default';

interface Run { home: string; input?: string; env?: Record<string, string | undefined> }

/** Every output of every run in this file, to prove no secret was ever printed. */
const allOutput: string[] = [];

async function eac(args: string[], run: Run): Promise<CliResult> {
  const res = await runCli(args, { home: run.home, input: run.input, env: { EAC_SECRET_STORE: 'file', CI: undefined, ...run.env } });
  assert.equal(res.timedOut, false, `timed out: ${args.join(' ')}`);
  allOutput.push(res.stdout, res.stderr);
  assert.doesNotMatch(res.stderr, STACK_FRAME, `no stack trace: ${res.stderr}`);
  return res;
}

const paths = (home: string) => ({
  config: join(home, 'config'),
  profiles: join(home, 'config', 'profiles.json'),
  secrets: join(home, 'config', 'secrets.json'),
  tokens: join(home, 'cache', 'tokens'),
});

const mode = (p: string) => statSync(p).mode & 0o777;

/** A home with an emulator whose connection file is where `emulator start` would put it. */
async function homeWithEmulator(): Promise<{ home: string; emu: RunningEmulator }> {
  const home = tempDir('eac-config-');
  const emu = await testEmulator({ connectionFile: join(home, 'data', 'emulator.json') });
  return { home, emu };
}

/** The scripted form from the issue, exactly. */
function scriptedCreate(emu: RunningEmulator, home: string, name = 'demo', secret = emu.info.bootstrap.clientSecret, extra: string[] = []) {
  return eac(['config', 'create', '--name', name, '--cloud', 'local', '--tenant', emu.info.tenantId,
    '--client-id', emu.info.bootstrap.clientId, '--auth-method', 'ClientSecret', '--client-secret-stdin',
    '--scope', GRAPH, ...extra], { home, input: secret });
}

/** A secret generated now, shaped like nothing in particular. */
const newSecret = () => `t3st-${randomBytes(24).toString('base64url')}`;

test('the scripted form creates a profile against the running emulator; the secret is only in the 0600 secret file', async () => {
  const { home, emu } = await homeWithEmulator();
  const secret = emu.info.bootstrap.clientSecret;
  const created = await scriptedCreate(emu, home);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, '', 'create prints no data');
  assert.match(created.stderr, /Saved profile 'demo' \(the default profile\)/);

  const list = await eac(['config', 'list', '-o', 'json'], { home });
  assert.equal(list.code, 0, list.stderr);
  const rows = JSON.parse(list.stdout) as any[];
  assert.equal(rows.length, 1);
  assert.deepEqual(
    { name: rows[0].name, default: rows[0].default, cloud: rows[0].cloud, tenant: rows[0].tenant, clientId: rows[0].clientId, authMethod: rows[0].authMethod, scopes: rows[0].scopes, defaultFlow: rows[0].defaultFlow },
    { name: 'demo', default: true, cloud: 'local', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, authMethod: 'ClientSecret', scopes: [GRAPH], defaultFlow: 'client-credentials' },
  );

  // In a pipe: tab-separated with the same header row as csv; the default is marked.
  const tsv = await eac(['config', 'list'], { home });
  assert.deepEqual(tsv.stdout.split('\n').slice(0, 2).map((l) => l.split('\t').slice(0, 2)), [['DEFAULT', 'NAME'], ['*', 'demo']]);
  assert.equal((await eac(['config', 'list', '-o', 'csv'], { home })).stdout.split('\n')[0], tsv.stdout.split('\n')[0]!.replace(/\t/g, ','));
  // --query runs on the JSON form, then any format renders the result.
  assert.equal((await eac(['config', 'list', '--query', '[?default].name | [0]', '-o', 'tsv'], { home })).stdout, 'demo\n');
  assert.equal((await eac(['config', 'list', '--query', '[].{n: name, c: cloud}', '-o', 'csv'], { home })).stdout, 'n,c\ndemo,local\n');
  const nd = await eac(['config', 'list', '-o', 'ndjson'], { home });
  assert.deepEqual(nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).name), ['demo']);
  assert.match((await eac(['config', 'list', '-o', 'yaml'], { home })).stdout, /^- name: demo\n/);
  assert.equal((await eac(['config', 'list', '-o', 'jsonc'], { home })).stdout, list.stdout, 'jsonc in a pipe: plain json');
  assert.match((await eac(['config', 'show', '-p', 'demo', '-o', 'tsv'], { home })).stdout, /^FIELD\tVALUE\nName\tdemo\n/);
  assert.equal((await eac(['config', 'show', '-p', 'demo', '--query', 'clientSecret.present'], { home })).stdout, 'true\n');
  const badFormat = await eac(['config', 'list', '-o', 'xml'], { home });
  assert.equal(badFormat.code, 2);
  assert.equal(badFormat.stderr, "error: -o: unknown output format 'xml'; use table, json, jsonc, yaml, tsv, csv or ndjson.\n");
  const badQuery = await eac(['config', 'show', '-p', 'demo', '--query', '[?name=='], { home });
  assert.equal(badQuery.code, 2);
  assert.match(badQuery.stderr, /^error: --query: invalid JMESPath expression '\[\?name==': .+\n[^\n]+\n$/, 'a usage error, no stack trace');

  const show = await eac(['config', 'show', '-p', 'demo', '-o', 'json'], { home });
  assert.equal(show.code, 0, show.stderr);
  const shown = JSON.parse(show.stdout);
  assert.equal(shown.endpoints.authorityHost, emu.info.authorityHost, 'a local profile uses the running emulator');
  assert.deepEqual(shown.clientSecret, { storage: 'file', location: paths(home).secrets, present: true });
  const table = await eac(['config', 'show', '-p', 'demo', '-o', 'table'], { home });
  assert.match(table.stdout, new RegExp(`stored in ${paths(home).secrets.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  const profilesText = readFileSync(paths(home).profiles, 'utf8');
  assert.ok(!profilesText.includes(secret), 'no secret in profiles.json');
  assert.equal(storedValue(home, 'demo'), secret, 'the secret is in the secret store');
  if (POSIX) {
    assert.equal(mode(paths(home).secrets), 0o600);
    assert.equal(mode(paths(home).profiles), 0o600);
    assert.equal(mode(paths(home).config), 0o700);
  }
  for (const out of allOutput) assert.ok(!out.includes(secret), 'the secret is never printed');
});

test('without a forced store and no keychain, the file-store warning appears once, on the first stored secret only', { skip: process.platform !== 'linux' && 'the keychain works on this OS' }, async () => {
  const { home, emu } = await homeWithEmulator();
  // No Secret Service reachable: the keychain probe fails the way it does on a headless machine.
  const env = { EAC_SECRET_STORE: undefined, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}` };
  const run = (args: string[], input?: string) => eac(args, { home, input, env });
  const base = ['--cloud', 'local', '--client-id', emu.info.bootstrap.clientId, '--auth-method', 'ClientSecret', '--client-secret-stdin'];
  const first = await run(['config', 'create', '--name', 'one', ...base], newSecret());
  assert.equal(first.code, 0, first.stderr);
  const warning = /warning: no OS keychain is available, so secrets are stored in .*secrets\.json/g;
  assert.equal(first.stderr.match(warning)?.length, 1, first.stderr);
  const second = await run(['config', 'create', '--name', 'two', ...base], newSecret());
  assert.equal(second.code, 0, second.stderr);
  assert.doesNotMatch(second.stderr, /warning: no OS keychain/);
  const show = await run(['config', 'show', '-p', 'one']);
  assert.doesNotMatch(show.stderr, /warning: no OS keychain/);
  assert.match(show.stdout, /stored in .*secrets\.json/);
});

test('invalid values exit 2, name the flag, and write nothing', async () => {
  const { home, emu } = await homeWithEmulator();
  const ok: { tenant: string; clientId: string; scope: string } = { tenant: emu.info.tenantId, clientId: randomUUID(), scope: GRAPH };
  const cases: { args: Partial<typeof ok>; flag: string; says: RegExp }[] = [
    { args: { clientId: 'not-a-guid' }, flag: '--client-id', says: /GUID/ },
    { args: { clientId: `${randomUUID()}0` }, flag: '--client-id', says: /GUID/ },
    { args: { scope: 'https://graph.microsoft.com' }, flag: '--scope', says: /is not a scope/ },
    { args: { scope: 'has space' }, flag: '--scope', says: /is not a scope/ },
    { args: { tenant: 'not_a_tenant' }, flag: '--tenant', says: /tenant ID .*or a domain/ },
  ];
  for (const c of cases) {
    const v = { ...ok, ...c.args };
    const res = await eac(['config', 'create', '--name', 'bad', '--cloud', 'local', '--tenant', v.tenant, '--client-id', v.clientId,
      '--auth-method', 'ClientSecret', '--client-secret-stdin', '--scope', v.scope], { home, input: newSecret() });
    assert.equal(res.code, 2, `${c.flag}: ${res.stderr}`);
    assert.match(res.stderr, new RegExp(`^error: invalid ${c.flag}`, 'm'));
    assert.match(res.stderr, c.says);
  }
  const badName = await eac(['config', 'create', '--name', '../x', '--tenant', 'contoso.onmicrosoft.com'], { home });
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /invalid --name: Profile names/);
  const badMethod = await eac(['config', 'create', '--name', 'm', '--tenant', 'contoso.onmicrosoft.com', '--client-id', randomUUID(), '--auth-method', 'Password'], { home });
  assert.equal(badMethod.code, 2);
  assert.match(badMethod.stderr, /invalid --auth-method 'Password': use one of ClientSecret, Certificate, InteractiveBrowser, DeviceCode/);
  const guidSecret = await eac(['config', 'create', '--name', 'g', '--cloud', 'local', '--client-id', randomUUID(), '--auth-method', 'ClientSecret', '--client-secret-stdin'], { home, input: randomUUID() });
  assert.equal(guidSecret.code, 2);
  assert.match(guidSecret.stderr, /invalid --client-secret-stdin: .*secret's ID, not its value/);
  const badRef = await eac(['config', 'create', '--name', 'r', '--cloud', 'local', '--client-id', randomUUID(), '--auth-method', 'ClientSecret', '--secret-ref', 'vault:x'], { home });
  assert.equal(badRef.code, 2);
  assert.match(badRef.stderr, /invalid --secret-ref: 'vault:x' is not a secret reference/);
  const pasted = newSecret();
  const secretInArgv = await eac(['config', 'create', '--name', 'r', '--cloud', 'local', '--client-id', randomUUID(), '--auth-method', 'ClientSecret', '--secret-ref', pasted], { home });
  assert.equal(secretInArgv.code, 2);
  assert.match(secretInArgv.stderr, /not the secret; pipe a value to --client-secret-stdin/);
  assert.ok(!secretInArgv.stderr.includes(pasted), 'a secret pasted where a reference goes is not echoed');
  assert.equal(existsSync(paths(home).profiles), false, 'no profiles file');
  assert.equal(existsSync(paths(home).secrets), false, 'no secrets file');
});

test('without a terminal nothing is asked: a missing flag exits 2 and is named, and nothing is written', async () => {
  const home = tempDir('eac-config-');
  const full = ['config', 'create', '--name', 'x', '--tenant', 'contoso.onmicrosoft.com', '--client-id', randomUUID(), '--auth-method', 'ClientSecret', '--client-secret-stdin'];
  const drop = (flag: string) => full.filter((a, i) => a !== flag && full[i - 1] !== flag);

  const noTenant = await eac(drop('--tenant'), { home, input: newSecret() });
  assert.equal(noTenant.code, 2, noTenant.stderr);
  assert.match(noTenant.stderr, /^error: missing --tenant \(no terminal to ask in\)$/m);

  const ci = await eac(drop('--tenant'), { home, input: newSecret(), env: { CI: 'true' } });
  assert.equal(ci.code, 2);
  assert.match(ci.stderr, /^error: missing --tenant \(no terminal to ask in; CI=true\)$/m);

  for (const flag of ['--name', '--client-id', '--auth-method']) {
    const res = await eac(drop(flag), { home, input: newSecret() });
    assert.equal(res.code, 2, `${flag}: ${res.stderr}`);
    assert.match(res.stderr, new RegExp(`^error: missing ${flag} \\(`, 'm'));
  }
  const noSecret = await eac(drop('--client-secret-stdin'), { home });
  assert.equal(noSecret.code, 2);
  assert.match(noSecret.stderr, /missing --client-secret-stdin, --secret-ref or --create-secret/);

  const emptyStdin = await eac(full, { home, input: '' });
  assert.equal(emptyStdin.code, 2);
  assert.match(emptyStdin.stderr, /--client-secret-stdin: nothing was read from stdin/);

  const custom = await eac(['config', 'create', '--name', 'c', '--cloud', 'custom', '--tenant', 'contoso.onmicrosoft.com', '--client-id', randomUUID(), '--auth-method', 'DeviceCode'], { home });
  assert.equal(custom.code, 2);
  assert.match(custom.stderr, /missing --authority-host/);

  const noEmulator = await eac(['config', 'create', '--name', 'l', '--cloud', 'local', '--client-id', randomUUID(), '--auth-method', 'DeviceCode'], { home });
  assert.equal(noEmulator.code, 1, noEmulator.stderr);
  assert.match(noEmulator.stderr, /No running emulator.*entra-auth-cli emulator start/);

  assert.equal(existsSync(paths(home).profiles), false, 'no profiles file');
  assert.equal(existsSync(paths(home).secrets), false, 'no secrets file');
});

test('--cloud local defaults the tenant to the emulator\'s; defaults fill scope and flow; custom clouds take their endpoints', async () => {
  const { home, emu } = await homeWithEmulator();
  const res = await eac(['config', 'create', '--name', 'dev', '--cloud', 'local', '--client-id', randomUUID(), '--auth-method', 'DeviceCode'], { home });
  assert.equal(res.code, 0, res.stderr);
  const custom = await eac(['config', 'create', '--name', 'own', '--cloud', 'custom', '--authority-host', 'https://login.example.com/',
    '--graph-url', 'https://graph.example.com', '--keyvault-suffix', '.vault.example.com', '--tenant', 'contoso.example.com',
    '--client-id', randomUUID(), '--auth-method', 'InteractiveBrowser', '--scope', 'User.Read,openid', '--scope', 'offline_access'], { home });
  assert.equal(custom.code, 0, custom.stderr);
  const doc = JSON.parse(readFileSync(paths(home).profiles, 'utf8'));
  assert.equal(doc.profiles.dev.tenant, emu.info.tenantId);
  assert.deepEqual(doc.profiles.dev.scopes, [GRAPH]);
  assert.equal(doc.profiles.dev.defaultFlow, 'device-code');
  assert.deepEqual(doc.profiles.own.custom, { authorityHost: 'https://login.example.com', graphUrl: 'https://graph.example.com', keyVaultSuffix: '.vault.example.com' });
  assert.deepEqual(doc.profiles.own.scopes, ['User.Read', 'openid', 'offline_access']);
  assert.equal(doc.profiles.own.defaultFlow, 'interactive');
  assert.equal(doc.defaultProfile, 'dev', 'the first profile became the default; the second did not');

  const wrongFlow = await eac(['config', 'create', '--name', 'f', '--cloud', 'local', '--client-id', randomUUID(), '--auth-method', 'DeviceCode', '--flow', 'client-credentials'], { home });
  assert.equal(wrongFlow.code, 2);
  assert.match(wrongFlow.stderr, /invalid --flow 'client-credentials': a DeviceCode profile can use interactive or device-code/);
  const stray = await eac(['config', 'create', '--name', 's', '--cloud', 'public', '--tenant', 'contoso.onmicrosoft.com', '--client-id', randomUUID(), '--auth-method', 'DeviceCode', '--graph-url', 'https://graph.example.com'], { home });
  assert.equal(stray.code, 2);
  assert.match(stray.stderr, /--graph-url goes with --cloud custom only/);
  const exists = await scriptedCreate(emu, home, 'dev');
  assert.equal(exists.code, 1);
  assert.match(exists.stderr, /A profile named 'dev' already exists/);
});

test('edit, use and delete: new secrets replace old ones, unused secrets and the token cache go away', async () => {
  const { home, emu } = await homeWithEmulator();
  assert.equal((await scriptedCreate(emu, home, 'demo')).code, 0);
  assert.equal((await scriptedCreate(emu, home, 'demo.b')).code, 0);

  const use = await eac(['config', 'use', 'demo.b'], { home });
  assert.equal(use.code, 0, use.stderr);
  assert.equal(JSON.parse((await eac(['config', 'list', '-o', 'json'], { home })).stdout).find((r: any) => r.default).name, 'demo.b');
  const useMissing = await eac(['config', 'use', 'nope'], { home });
  assert.equal(useMissing.code, 1);
  assert.match(useMissing.stderr, /There is no profile named 'nope'/);

  // Token cache files of both profiles (their names differ only after a dot).
  mkdirSync(paths(home).tokens, { recursive: true });
  for (const f of ['demo.json', 'demo.json.lock', 'demo.b.json']) writeFileSync(join(paths(home).tokens, f), '{}');

  const rotated = newSecret();
  const edit = await eac(['config', 'edit', '-p', 'demo', '--client-secret-stdin', '--scope', 'api://my-api/.default'], { home, input: rotated });
  assert.equal(edit.code, 0, edit.stderr);
  assert.match(edit.stderr, /Updated profile 'demo': scopes, client secret/);
  assert.deepEqual(valuesKept(home, 'demo'), [rotated], 'the new value replaced the old one');
  const afterEdit = JSON.parse(readFileSync(paths(home).profiles, 'utf8')).profiles.demo;
  assert.deepEqual(afterEdit.scopes, ['api://my-api/.default']);
  assert.equal(afterEdit.tenant, emu.info.tenantId, 'flags not given keep their values');
  assert.deepEqual(readdirSync(paths(home).tokens).sort(), ['demo.b.json'], 'a new secret drops cached tokens, of this profile only');

  const nothing = await eac(['config', 'edit', '-p', 'demo'], { home });
  assert.equal(nothing.code, 0);
  assert.match(nothing.stderr, /No changes to profile 'demo'/);
  const badEdit = await eac(['config', 'edit', '-p', 'demo', '--client-id', 'nope'], { home });
  assert.equal(badEdit.code, 2);
  assert.match(badEdit.stderr, /invalid --client-id/);

  const toRef = await eac(['config', 'edit', '-p', 'demo', '--secret-ref', 'env:DEMO_SECRET'], { home });
  assert.equal(toRef.code, 0, toRef.stderr);
  assert.deepEqual(valuesKept(home, 'demo'), [], 'a reference replaces the stored value, which is removed');
  const shown = JSON.parse((await eac(['config', 'show', '-p', 'demo', '-o', 'json'], { home })).stdout);
  assert.deepEqual(shown.clientSecret, { storage: 'reference', ref: 'env:DEMO_SECRET' });

  const toDevice = await eac(['config', 'edit', '-p', 'demo.b', '--auth-method', 'DeviceCode'], { home });
  assert.equal(toDevice.code, 0, toDevice.stderr);
  const b = JSON.parse(readFileSync(paths(home).profiles, 'utf8')).profiles['demo.b'];
  assert.equal(b.defaultFlow, 'device-code', 'the flow follows the method');
  assert.equal(b.secret, undefined);
  assert.deepEqual(valuesKept(home, 'demo.b'), []);
  assert.deepEqual(readdirSync(paths(home).tokens), [], 'another auth method: its cached tokens are gone too');

  // delete: refuses without --yes when it cannot ask; then removes profile, secrets and cache.
  assert.equal((await scriptedCreate(emu, home, 'gone')).code, 0);
  for (const f of ['gone.json', 'gone.b.json']) writeFileSync(join(paths(home).tokens, f), '{}');
  const noYes = await eac(['config', 'delete', '-p', 'gone'], { home });
  assert.equal(noYes.code, 2);
  assert.match(noYes.stderr, /missing --yes/);
  assert.ok(storedValue(home, 'gone'));
  const del = await eac(['config', 'delete', '-p', 'gone', '--yes'], { home });
  assert.equal(del.code, 0, del.stderr);
  assert.match(del.stderr, /Deleted profile 'gone' \(and 1 stored secret from .*secrets\.json, 1 token cache file\)/);
  assert.equal(JSON.parse(readFileSync(paths(home).profiles, 'utf8')).profiles.gone, undefined);
  assert.deepEqual(Object.keys(storedSecrets(home)).filter((k) => k.startsWith('profile/gone/')), []);
  assert.deepEqual(readdirSync(paths(home).tokens), ['gone.b.json'], 'only the files of the deleted profile');

  const delDefault = await eac(['config', 'delete', '-p', 'demo.b', '--yes'], { home });
  assert.equal(delDefault.code, 0);
  assert.match(delDefault.stderr, /no default profile now/);
  assert.equal(JSON.parse(readFileSync(paths(home).profiles, 'utf8')).defaultProfile, null);
  const again = await eac(['config', 'delete', '-p', 'demo.b', '--yes'], { home });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /There is no profile named 'demo.b'/);
});

test('20 concurrent creates with distinct names all end up in one valid profiles.json, secrets included', async () => {
  const { home, emu } = await homeWithEmulator();
  const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
  const secrets = names.map(() => newSecret());
  const results = await Promise.all(names.map((n, i) => scriptedCreate(emu, home, n, secrets[i])));
  for (const [i, r] of results.entries()) assert.equal(r.code, 0, `${names[i]}: ${r.stderr}`);
  const doc = JSON.parse(readFileSync(paths(home).profiles, 'utf8'));
  assert.deepEqual(Object.keys(doc.profiles).sort(), [...names].sort());
  assert.ok(names.includes(doc.defaultProfile), 'exactly one of them is the default');
  const stored = JSON.parse(readFileSync(paths(home).secrets, 'utf8')).secrets;
  for (const [i, n] of names.entries()) {
    assert.equal(stored[doc.profiles[n].secret.key], secrets[i]);
    assert.deepEqual(valuesKept(home, n), [secrets[i]]);
  }
  assert.deepEqual(readdirSync(paths(home).config).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')), [], 'no temp or lock files left');
});

test('a corrupt profiles.json: every command exits 1 naming its path, and the file stays byte-identical', async () => {
  const { home, emu } = await homeWithEmulator();
  mkdirSync(paths(home).config, { recursive: true, mode: 0o700 });
  const corrupt = Buffer.from('{"schemaVersion":1,"defaultProfile":"demo","profiles":{"demo":{"name":"de');
  writeFileSync(paths(home).profiles, corrupt, { mode: 0o600 });
  const exportFile = join(tempDir(), 'x.json');
  writeFileSync(exportFile, '{}');
  const runs: [string[], string?][] = [
    [['config', 'list']], [['config', 'show', '-p', 'demo']], [['config', 'use', 'demo']],
    [['config', 'delete', '-p', 'demo', '--yes']], [['config', 'edit', '-p', 'demo', '--scope', GRAPH]],
    [['config', 'export', '-p', 'demo', '--passphrase-stdin'], 'passphrase-1'],
  ];
  for (const [args, input] of runs) {
    const res = await eac(args, { home, input });
    assert.equal(res.code, 1, `${args.join(' ')}: ${res.stderr}`);
    assert.ok(res.stderr.includes(paths(home).profiles), `${args.join(' ')} names the file: ${res.stderr}`);
    assert.match(res.stderr, /left untouched/);
  }
  const create = await scriptedCreate(emu, home, 'fresh');
  assert.equal(create.code, 1, create.stderr);
  assert.ok(create.stderr.includes(paths(home).profiles));
  assert.deepEqual(readFileSync(paths(home).profiles), corrupt, 'byte-identical');
  assert.equal(existsSync(paths(home).secrets), false, 'no secret was stored for the failed create');
});

test('export/import: sealed with a passphrase, secrets only with --include-secrets, wrong passphrase fails cleanly', async () => {
  const { home, emu } = await homeWithEmulator();
  const secret = emu.info.bootstrap.clientSecret;
  assert.equal((await scriptedCreate(emu, home, 'demo')).code, 0);
  const passphrase = `pass ${randomBytes(6).toString('hex')}`;

  const withSecrets = await eac(['config', 'export', '-p', 'demo', '--include-secrets', '--passphrase-stdin'], { home, input: passphrase });
  assert.equal(withSecrets.code, 0, withSecrets.stderr);
  const envelope = JSON.parse(withSecrets.stdout);
  assert.equal(envelope.format, 'entra-auth-cli/profile-export');
  assert.equal(envelope.version, 1);
  assert.equal(envelope.kdf.name, 'scrypt');
  assert.ok(envelope.kdf.N >= 2 ** 15);
  assert.equal(envelope.cipher.name, 'aes-256-gcm');
  assert.equal(envelope.includesSecrets, true);
  for (const enc of ['utf8', 'base64', 'base64url', 'hex'] as const) {
    assert.ok(!withSecrets.stdout.includes(Buffer.from(secret).toString(enc)), `the secret is not in the file (${enc})`);
  }
  assert.ok(!withSecrets.stdout.includes(emu.info.tenantId), 'the profile itself is sealed too');

  const outFile = join(tempDir(), 'demo.eac.json');
  const noSecrets = await eac(['config', 'export', '-p', 'demo', '--out', outFile, '--passphrase-stdin'], { home, input: passphrase });
  assert.equal(noSecrets.code, 0, noSecrets.stderr);
  assert.equal(noSecrets.stdout, '');
  if (POSIX) assert.equal(mode(outFile), 0o600);
  assert.equal(JSON.parse(readFileSync(outFile, 'utf8')).includesSecrets, false);

  const short = await eac(['config', 'export', '-p', 'demo', '--passphrase-stdin'], { home, input: 'short' });
  assert.equal(short.code, 2);
  assert.match(short.stderr, /at least 8 characters/);

  // Into a new machine: with secrets.
  const other = tempDir('eac-config-');
  const sealedFile = join(tempDir(), 'with.json');
  writeFileSync(sealedFile, withSecrets.stdout);
  const wrong = await eac(['config', 'import', sealedFile, '--passphrase-stdin'], { home: other, input: `${passphrase}x` });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^error: The passphrase is wrong, or the file was changed after it was exported\.$/m);
  assert.equal(existsSync(paths(other).profiles), false, 'nothing imported');

  const tampered = join(tempDir(), 'tampered.json');
  writeFileSync(tampered, JSON.stringify({ ...envelope, includesSecrets: false }));
  const bad = await eac(['config', 'import', tampered, '--passphrase-stdin'], { home: other, input: passphrase });
  assert.equal(bad.code, 1, 'the clear header is authenticated too');

  const notExport = await eac(['config', 'import', outFile.replace(/\.json$/, '.missing'), '--passphrase-stdin'], { home: other, input: passphrase });
  assert.equal(notExport.code, 1);
  assert.match(notExport.stderr, /There is no file/);

  const imported = await eac(['config', 'import', sealedFile, '--passphrase-stdin'], { home: other, input: passphrase });
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /Imported profile 'demo' \(the default profile\)/);
  const shown = JSON.parse((await eac(['config', 'show', '-p', 'demo', '-o', 'json'], { home: other })).stdout);
  assert.equal(shown.clientId, emu.info.bootstrap.clientId);
  assert.equal(shown.tenant, emu.info.tenantId);
  assert.equal(shown.clientSecret.present, true);
  assert.equal(storedValue(other, 'demo'), secret);

  // Without secrets, under another name from stdin; an existing name needs --overwrite.
  const exists = await eac(['config', 'import', outFile, '--passphrase-stdin'], { home: other, input: passphrase });
  assert.equal(exists.code, 1);
  assert.match(exists.stderr, /already exists; nothing was imported[\s\S]*--overwrite/);
  const renamed = await eac(['config', 'import', '-', '--name', 'copy'], { home: other, input: readFileSync(outFile, 'utf8'), env: {} });
  assert.equal(renamed.code, 2, 'a piped export leaves no stdin for the passphrase, and there is no terminal');
  assert.match(renamed.stderr, /its passphrase can only be typed in a terminal/);
  const copy = await eac(['config', 'import', outFile, '--name', 'copy', '--passphrase-stdin'], { home: other, input: passphrase });
  assert.equal(copy.code, 0, copy.stderr);
  assert.match(copy.stderr, /has no client secret/);
  const copyShown = JSON.parse((await eac(['config', 'show', '-p', 'copy', '-o', 'json'], { home: other })).stdout);
  assert.equal(copyShown.clientSecret.present, false, 'without --include-secrets the secret did not travel');
  const over = await eac(['config', 'import', outFile, '--overwrite', '--passphrase-stdin'], { home: other, input: passphrase });
  assert.equal(over.code, 0, over.stderr);
  assert.deepEqual(valuesKept(other, 'demo'), [], 'the replaced profile\'s secret is gone');
  for (const out of allOutput) assert.ok(!out.includes(secret), 'the secret is never printed');
});

test('config --help lists the subcommands, each with examples', async () => {
  const res = await runCli(['config', '--help']);
  assert.equal(res.code, 0);
  for (const sub of ['create', 'edit', 'list', 'show', 'delete', 'use', 'export', 'import']) assert.match(res.stdout, new RegExp(`^\\s+${sub}\\b`, 'm'));
  for (const sub of ['create', 'edit', 'list', 'show', 'delete', 'use', 'export', 'import']) {
    const h = await runCli(['config', sub, '--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Examples:\n\s+\$ entra-auth-cli config /, sub);
  }
});
