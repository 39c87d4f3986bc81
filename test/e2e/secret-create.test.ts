// `secret create` end to end: the real CLI process against an in-process emulator, signed in as a service
// principal (the emulator's bootstrap app) the way a pipeline does. Success into a new profile, an existing
// profile and Key Vault (each value then works for get-token); 404; network failures (fault injection);
// policy violations. Storing that fails and kill -9 at every step are tested in-process
// (test/app/secret/). At the end, a scan of every output and every file the CLI wrote.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupCli, claimsOf, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { homeWithEmulator, saveProfile } from '../helpers/token-profiles.ts';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.ts';
import { secretDisplayName } from '../../src/core/secret-naming.ts';
import { CLIENT_SECRET_CONTENT_TYPE } from '../../src/entra/keyvault-store.ts';
import { valuesKept } from '../helpers/stored-secrets.ts';

after(cleanupCli);

const POSIX = process.platform !== 'win32';
const DAY = 86_400_000;
const NAME = /^EAC-EXP-\d\d-(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)-\d\d$/;

/** Every output, marked when it is a one-time display (where a value may appear); every home. */
const outputs: { text: string; display: boolean; what: string }[] = [];
const homes: string[] = [];
const extraSecrets: string[] = [];

async function eac(home: string, args: string[], opts: { env?: Record<string, string | undefined>; input?: string; display?: boolean } = {}): Promise<CliResult> {
  const res = await runCli(args, { home, input: opts.input, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined, CI: undefined, ...opts.env }, timeoutMs: 90_000 });
  assert.equal(res.timedOut, false, `timed out: ${args.join(' ')}`);
  const what = args.join(' ');
  outputs.push({ text: res.stdout, display: Boolean(opts.display), what: `stdout of ${what}` }, { text: res.stderr, display: false, what: `stderr of ${what}` });
  assert.doesNotMatch(res.stderr, /^\s+at .+/m, `no stack trace: ${res.stderr}`);
  return res;
}

/** A home with an emulator, signed in as the bootstrap app (Application.ReadWrite.All, Policy.ReadWrite..., Secrets Officer on 'default'). */
async function signedIn(opts: EmulatorOptions = {}) {
  const { home, emu } = await homeWithEmulator(opts);
  homes.push(home);
  extraSecrets.push(emu.info.bootstrap.clientSecret);
  const res = await eac(home, ['login', '--service-principal', '--cloud', 'local', '--client-id', emu.info.bootstrap.clientId, '--client-secret-stdin'], { input: emu.info.bootstrap.clientSecret });
  assert.equal(res.code, 0, res.stderr);
  return { home, emu };
}

function app(emu: RunningEmulator, name: string) {
  return emu.store.defaultTenant.record.applications.find((a) => a.displayName === name)!;
}

function newApp(emu: RunningEmulator, name: string) {
  return emu.store.defaultTenant.addApplication({ displayName: name }, new Date()).app;
}

function journalFiles(home: string): string[] {
  const dir = join(home, 'data', 'journal');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
}

function assertNamedFor(j: { displayName: string; endDateTime: string; days: number }, days: number, started: number) {
  assert.match(j.displayName, NAME);
  const end = Date.parse(j.endDateTime);
  assert.ok(Math.abs(end - (started + days * DAY)) < 60_000, `ends ${days} days from now (${j.endDateTime})`);
  assert.equal(j.displayName, secretDisplayName(new Date(end)), 'the name is the UTC expiry date');
  assert.equal(j.days, days);
}

test('pipeline: login --service-principal, then secret create --app APPID --no-display -o json; the new value works for get-token at once', async () => {
  const { home, emu } = await signedIn();
  const orders = app(emu, 'Contoso Orders API');
  const started = Date.now();
  const res = await eac(home, ['secret', 'create', '--app', orders.appId, '--no-display', '-o', 'json']);
  assert.equal(res.code, 0, res.stderr);
  const j = JSON.parse(res.stdout);
  assert.deepEqual(Object.keys(j), ['application', 'appId', 'displayName', 'keyId', 'endDateTime', 'days', 'storedIn']);
  assert.equal(j.application, 'Contoso Orders API');
  assert.equal(j.appId, orders.appId);
  assertNamedFor(j, 180, started);
  const cred = orders.passwordCredentials.find((p) => p.keyId === j.keyId);
  assert.ok(cred, 'the keyId is in Graph');
  assert.equal(cred.displayName, j.displayName);
  assert.equal(cred.endDateTime, j.endDateTime);
  assert.equal(j.storedIn.kind, 'profile');
  assert.equal(j.storedIn.profile, orders.appId, 'a new profile named after the app ID');
  assert.equal(j.storedIn.profileCreated, true);
  assert.match(res.stderr, /✓ Secret created and saved \(profile/);
  assert.equal(journalFiles(home).length, 0, 'the journal is closed');

  const token = await eac(home, ['get-token', '-p', orders.appId, '-o', 'raw']);
  assert.equal(token.code, 0, token.stderr);
  const claims = claimsOf(token.stdout.trim());
  assert.equal(claims.appid, orders.appId);
  const signIn = emu.store.defaultTenant.record.signIns.at(-1)!;
  assert.equal(signIn.appId, orders.appId);
  assert.equal(signIn.servicePrincipalCredentialKeyId, j.keyId, 'get-token signed in with the new secret');

  // Again: the profile of that app is found and updated; the table shows the details but (no terminal) not the value.
  const again = await eac(home, ['secret', 'create', '--app', orders.appId, '--days', '30']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`Saving the new secret to profile '${orders.appId}'`));
  assert.match(again.stdout, /Application\s+│ Contoso Orders API/);
  assert.match(again.stdout, /Secret Name\s+│ EAC-EXP-\d\d-[A-Z]{3}-\d\d/);
  assert.match(again.stdout, /Key ID\s+│ [0-9a-f-]{36}/);
  assert.match(again.stdout, /Expires\s+│ \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d \S+ \(30 days\)/);
  assert.doesNotMatch(again.stdout, /Secret Value/, 'no value into a pipe');
  assert.match(again.stderr, /The value was not printed: stdout is not a terminal/);
  assert.match(again.stderr, new RegExp(`✓ Secret created and saved to profile '${orders.appId}'`));
  const forced = await eac(home, ['get-token', '-p', orders.appId, '-o', 'raw']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(emu.store.defaultTenant.record.signIns.at(-1)!.servicePrincipalCredentialKeyId, orders.passwordCredentials.at(-1)!.keyId,
    'the cached token was dropped: the newest secret signed in');
});

test('secret create -p PROFILE: --show-secret shows the panel once, the profile (which used a reference) now holds the stored value, get-token works', async () => {
  const { home, emu } = await signedIn();
  const target = newApp(emu, 'Profile Target');
  await saveProfile(home, { name: 'target', tenant: emu.info.tenantId, clientId: target.appId, authMethod: 'ClientSecret', secret: { kind: 'reference', ref: 'env:NOT_SET_ANYWHERE' } });
  const started = Date.now();
  const res = await eac(home, ['secret', 'create', '-p', 'target', '--show-secret', '--days', '45'], { display: true });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /⚠ Secret Value \(copy now - shown only once!\)/);
  const value = /│ (\S{30,}) +│/.exec(res.stdout.split('⚠ Secret Value')[1]!)?.[1];
  assert.ok(value, 'the value is in the panel');
  extraSecrets.push(value);
  assert.equal(res.stdout.split(value).length, 2, 'exactly once');
  assert.ok(res.stdout.indexOf('Secret Value') < res.stdout.indexOf('Property'), 'the panel, then the details table');
  assert.match(res.stderr, /✓ Secret created and saved to profile 'target'/);
  const keyId = /Key ID\s+│ ([0-9a-f-]{36})/.exec(res.stdout)![1]!;
  const cred = target.passwordCredentials.find((p) => p.keyId === keyId)!;
  assert.ok(Math.abs(Date.parse(cred.endDateTime) - (started + 45 * DAY)) < 60_000);
  assert.equal(cred.hint, value.slice(0, 3), 'the value shown is the one Graph created');

  const profiles = JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8'));
  assert.equal(profiles.profiles.target.secret.kind, 'stored');
  const token = await eac(home, ['get-token', '-p', 'target', '-o', 'raw']);
  assert.equal(token.code, 0, token.stderr);
  assert.equal(claimsOf(token.stdout.trim()).appid, target.appId);

  // -o json with --show-secret carries the value; -o json without it never does.
  const shown = await eac(home, ['secret', 'create', '-p', 'target', '-o', 'json', '--show-secret'], { display: true });
  assert.equal(shown.code, 0, shown.stderr);
  const js = JSON.parse(shown.stdout);
  assert.equal(typeof js.secretText, 'string');
  extraSecrets.push(js.secretText);
  assert.equal(target.passwordCredentials.find((p) => p.keyId === js.keyId)!.hint, js.secretText.slice(0, 3));
  const bad = await eac(home, ['secret', 'create', '-p', 'target', '--no-display', '--show-secret']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--no-display and --show-secret contradict each other/);
});

test('--to-keyvault default/NAME: the value in the vault with tags, contentType and expiry; the profile holds keyvault://; get-token resolves it', async () => {
  const { home, emu } = await signedIn();
  const target = newApp(emu, 'Vault Target');
  await saveProfile(home, { name: 'vaulted', tenant: emu.info.tenantId, clientId: target.appId, authMethod: 'ClientSecret' }, { clientSecret: 'an-old-stored-value-to-be-removed' });
  const res = await eac(home, ['secret', 'create', '-p', 'vaulted', '--to-keyvault', 'default/vault-target-secret', '--no-display', '-o', 'json']);
  assert.equal(res.code, 0, res.stderr);
  const j = JSON.parse(res.stdout);
  assert.deepEqual(j.storedIn.kind, 'keyvault');
  assert.equal(j.storedIn.reference, 'keyvault://default/vault-target-secret');
  assert.match(res.stderr, /✓ Secret created and saved \(Key Vault default\/vault-target-secret\)/);

  const vault = emu.store.defaultTenant.record.vaults.find((v) => v.name === 'default')!;
  const version = vault.secrets!.find((s) => s.name === 'vault-target-secret')!.versions.at(-1)!;
  extraSecrets.push(version.value);
  assert.deepEqual({ appId: version.tags!.appId, keyId: version.tags!.keyId, expiry: version.tags!.expiry }, { appId: target.appId, keyId: j.keyId, expiry: j.endDateTime });
  assert.equal(version.contentType, CLIENT_SECRET_CONTENT_TYPE);
  assert.equal(version.exp, Math.floor(Date.parse(j.endDateTime) / 1000), 'expiresOn is the credential\'s end');
  assert.equal(target.passwordCredentials.find((p) => p.keyId === j.keyId)!.hint, version.value.slice(0, 3));

  const profiles = JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8'));
  assert.deepEqual(profiles.profiles.vaulted.secret, { kind: 'reference', ref: 'keyvault://default/vault-target-secret', credential: { keyId: j.keyId, endDateTime: j.endDateTime } }, 'the profile records which credential the reference holds');
  assert.deepEqual(valuesKept(home, 'vaulted'), [], 'the old stored value is gone');

  // get-token reads the reference with the admin session that wrote it: no Azure credentials needed (issue 9, 9e).
  const token = await eac(home, ['get-token', '-p', 'vaulted', '-o', 'raw'], { env: { AZURE_TENANT_ID: undefined, AZURE_CLIENT_ID: undefined, AZURE_CLIENT_SECRET: undefined } });
  assert.equal(token.code, 0, token.stderr);
  assert.equal(claimsOf(token.stdout.trim()).appid, target.appId);
  // Signed out, with nothing else to sign in with: the error says what was tried and how to provide an identity.
  assert.equal((await eac(home, ['logout'])).code, 0);
  const none = await eac(home, ['get-token', '-p', 'vaulted', '--force-refresh'], { env: { AZURE_TENANT_ID: undefined, AZURE_CLIENT_ID: undefined, AZURE_CLIENT_SECRET: undefined, AZURE_CONFIG_DIR: tempDir('eac-no-az-') } });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /tried DefaultAzureCredential .*as no admin session of this tenant is signed in/);
  assert.match(none.stderr, new RegExp(`entra-auth-cli login --tenant ${emu.info.tenantId} --cloud local`));
  assert.match(none.stderr, /AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET/);
  // With Azure credentials in the environment, DefaultAzureCredential reads it (here: the bootstrap app, a Secrets Officer).
  const azure = { AZURE_TENANT_ID: emu.info.tenantId, AZURE_CLIENT_ID: emu.info.bootstrap.clientId, AZURE_CLIENT_SECRET: emu.info.bootstrap.clientSecret };
  const viaEnv = await eac(home, ['get-token', '-p', 'vaulted', '-o', 'raw', '--force-refresh'], { env: azure });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);

  const badName = await eac(home, ['secret', 'create', '-p', 'vaulted', '--to-keyvault', 'default']);
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /invalid --to-keyvault 'default': use VAULT\/NAME/);
});

test('404: an unknown client ID says so with the likely causes, exit 1, nothing journaled', async () => {
  const { home } = await signedIn();
  const missing = randomUUID();
  const res = await eac(home, ['secret', 'create', '--app', missing, '--no-display', '-o', 'json']);
  assert.equal(res.code, 1, res.stderr);
  assert.equal(res.stdout, '');
  assert.match(res.stderr, new RegExp(`Application with client ID '${missing}' not found\\.`));
  assert.match(res.stderr, /the app was deleted; the client ID is wrong .* no read access/);
  assert.equal(journalFiles(home).length, 0);
});

test('network failures: a dropped addPassword and a 503 on addPassword (never retried) say "Error creating client secret: ..." and leave nothing behind', async () => {
  const { home, emu } = await signedIn({ faults: ['POST /v1.0/applications/*/addPassword drop times=1'] });
  const target = newApp(emu, 'Network Target');
  const res = await eac(home, ['secret', 'create', '--app', target.appId, '--no-display', '-o', 'json']);
  assert.equal(res.code, 1, res.stderr);
  assert.equal(res.stdout, '');
  assert.match(res.stderr, /error: Error creating client secret: https:\/\/127\.0\.0\.1:\d+: socket hang up|error: Error creating client secret: .*(ECONNRESET|closed|hang up)/);
  assert.match(res.stderr, /Nothing was created \(checked\)/);
  assert.equal(target.passwordCredentials.length, 0);
  assert.equal(journalFiles(home).length, 0);

  // One 503 is enough: a POST is never retried on a 503 (it may have run; entra/retry.ts).
  const faults = await fetch(`${emu.info.authorityHost}/_emulator/faults`, { method: 'POST', body: 'POST /v1.0/applications/*/addPassword error=503 retry-after=0 times=1' });
  assert.equal(faults.status, 201, await faults.text());
  const busy = await eac(home, ['secret', 'create', '--app', target.appId, '--no-display', '-o', 'json']);
  assert.equal(busy.code, 1, busy.stderr);
  assert.match(busy.stderr, /error: Error creating client secret: Microsoft Graph answered 503/);
  assert.equal(target.passwordCredentials.length, 0);
  assert.equal(journalFiles(home).length, 0);
  // The same app works once the network is back.
  const ok = await eac(home, ['secret', 'create', '--app', target.appId, '--no-display', '-o', 'json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(target.passwordCredentials.length, 1);
});

test('policy: blocked secrets point to certificates; a lifetime over the maximum names it, and --yes takes the maximum', async () => {
  const { home, emu } = await signedIn();
  const tenant = emu.store.defaultTenant;
  const target = newApp(emu, 'Policy Target');
  tenant.record.defaultAppManagementPolicy = {
    isEnabled: true,
    applicationRestrictions: { passwordCredentials: [{ restrictionType: 'passwordAddition', maxLifetime: null, restrictForAppsCreatedAfterDateTime: null }], keyCredentials: [] },
    servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
  };
  const blocked = await eac(home, ['secret', 'create', '--app', target.appId, '--no-display', '-o', 'json']);
  assert.equal(blocked.code, 1, blocked.stderr);
  assert.match(blocked.stderr, /Client secrets are blocked for 'Policy Target' .* by the app management policy '00000000-0000-0000-0000-000000000000' \(restriction passwordAddition\)/);
  assert.match(blocked.stderr, /Use a certificate instead/);
  assert.equal(target.passwordCredentials.length, 0);

  tenant.record.defaultAppManagementPolicy.applicationRestrictions.passwordCredentials = [{ restrictionType: 'passwordLifetime', maxLifetime: 'P90D', restrictForAppsCreatedAfterDateTime: null }];
  const tooLong = await eac(home, ['secret', 'create', '--app', target.appId, '--no-display', '-o', 'json']);
  assert.equal(tooLong.code, 1, tooLong.stderr);
  assert.match(tooLong.stderr, /allows client secrets of at most 90 days for 'Policy Target' .*; 180 days is longer/);
  assert.match(tooLong.stderr, /Allowed lifetime: up to 90 days\. Pass --days 90 \(or less\), or --yes to accept the maximum/);
  assert.equal(target.passwordCredentials.length, 0);

  const started = Date.now();
  const yes = await eac(home, ['secret', 'create', '--app', target.appId, '--no-display', '-o', 'json', '--yes']);
  assert.equal(yes.code, 0, yes.stderr);
  assert.match(yes.stderr, /Creating it with the maximum, 90 days \(--yes\)/);
  assertNamedFor(JSON.parse(yes.stdout), 90, started);
  const fits = await eac(home, ['secret', 'create', '--app', target.appId, '--no-display', '-o', 'json', '--days', '60']);
  assert.equal(fits.code, 0, fits.stderr);
  assertNamedFor(JSON.parse(fits.stdout), 60, started);
  assert.equal(journalFiles(home).length, 0);
});

test('the scan: every value created appears only in its one-time display and in the 0600 secret store (or the vault), nowhere else', () => {
  // The values: what the secret stores hold for profiles, what the vault holds, what was displayed.
  const values = new Set(extraSecrets);
  for (const home of homes) {
    const file = join(home, 'config', 'secrets.json');
    if (!existsSync(file)) continue;
    for (const [key, v] of Object.entries(JSON.parse(readFileSync(file, 'utf8')).secrets as Record<string, string>)) {
      if (/\/client-secret(\/|$)/.test(key)) values.add(v);
    }
  }
  assert.ok(values.size >= 12, `the tests above ran (${values.size} values)`);
  for (const v of values) {
    for (const o of outputs) {
      if (!o.text.includes(v)) continue;
      assert.ok(o.display, `a value appeared in ${o.what}`);
      assert.equal(o.text.split(v).length, 2, `shown once in ${o.what}`);
    }
  }
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  let stores = 0;
  for (const home of homes) {
    for (const file of walk(home)) {
      const bytes = readFileSync(file);
      const held = [...values].filter((v) => bytes.includes(v) || bytes.includes(Buffer.from(v).toString('base64')));
      if (file === join(home, 'config', 'secrets.json')) {
        stores += 1;
        if (POSIX) assert.equal(statSync(file).mode & 0o777, 0o600, file);
        continue;
      }
      assert.deepEqual(held.map((v) => v.slice(0, 3)), [], `${file} holds a secret value`);
    }
  }
  assert.ok(stores >= 5);
});
