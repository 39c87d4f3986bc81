// `inspect` as people use it: a token piped from get-token (or given as an argument), explained — times in
// the local zone and UTC, roles vs scp, appidacr — and --verify against the keys of the issuer the token
// names: VALID for an emulator token, INVALID (exit 1) for a tampered one, an untrusted issuer, or one the
// emulator signed that claims Microsoft's issuer. The token is never echoed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SignJWT } from 'jose';
import { cleanupCli, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { postForm, tokenUrl } from '../helpers/emulator.ts';
import { fakeMicrosoftLogin } from '../helpers/fake-microsoft-login.ts';
import { appWithSecret, homeWithEmulator, saveProfile } from '../helpers/token-profiles.ts';

after(cleanupCli);

async function eac(home: string, args: string[], input?: string, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const res = await runCli(args, { home, input, env: { NODE_EXTRA_CA_CERTS: undefined, TZ: 'America/New_York', ...env } });
  assert.equal(res.timedOut, false);
  assert.doesNotMatch(res.stderr, /^\s+at .+/m);
  return res;
}

async function appToken(emu: Awaited<ReturnType<typeof homeWithEmulator>>['emu'], scope = 'https://graph.microsoft.com/.default') {
  const a = appWithSecret(emu, 'inspected app', { role: 'Application.Read.All' });
  const res = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: a.app.appId, client_secret: a.secretText, scope });
  assert.equal(res.status, 200, res.text);
  return { token: res.json.access_token as string, app: a };
}

/** Payload with one claim changed, signature kept: what an attacker would try. */
function tamper(token: string): string {
  const [h, p, s] = token.split('.');
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8'));
  claims.roles = ['Application.ReadWrite.All'];
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}

test('explains an app-only token from stdin: header, claims with local and UTC times, roles, appidacr; never the token', async () => {
  const { home, emu } = await homeWithEmulator();
  const { token, app } = await appToken(emu);
  const res = await eac(home, ['inspect'], `${token}\n`);
  assert.equal(res.code, 0, res.stderr);
  assert.ok(!res.stdout.includes(token) && !res.stdout.includes(token.split('.')[2]!), 'the token is not printed back');
  assert.match(res.stdout, /^Header\n/);
  assert.match(res.stdout, /^alg\tRS256$/m);
  assert.match(res.stdout, /^exp\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d E[SD]T \/ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in (59|60) min\)\texpires$/m, 'local zone and UTC');
  assert.match(res.stdout, /^roles\tApplication\.Read\.All\tapplication permissions \(app roles\) granted to the app$/m);
  assert.match(res.stdout, /^appidacr\t1\tclient secret/m);
  assert.match(res.stdout, /App-only token: inspected app acts as itself, with the application permissions \(roles\) granted to it: Application\.Read\.All\./);
  assert.match(res.stdout, /The app authenticated with a client secret \(appidacr 1\)\./);
  assert.doesNotMatch(res.stdout, /Signature/, 'no verification unless asked');

  // '-' and an argument (with a Bearer prefix) read the same token; -o json carries the same facts.
  const dash = await eac(home, ['inspect', '-'], token);
  assert.equal(dash.stdout, res.stdout);
  const json = await eac(home, ['inspect', `Bearer ${token}`, '-o', 'json']);
  const j = JSON.parse(json.stdout);
  assert.equal(j.claims.appid, app.app.appId);
  assert.equal(j.header.alg, 'RS256');
  assert.ok(Array.isArray(j.summary));
  assert.ok(!json.stdout.includes(token.split('.')[2]!));

  // tsv and csv are the claims (with a header row); --query runs on the JSON form.
  const csv = await eac(home, ['inspect', '-o', 'csv'], token);
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(csv.stdout.split('\n')[0], 'Claim,Value,Meaning');
  assert.match(csv.stdout, /^appidacr,1,client secret/m);
  const roles = await eac(home, ['inspect', '--query', 'claims.roles', '-o', 'tsv'], token);
  assert.equal(roles.stdout, 'Application.Read.All\n');
  assert.equal(JSON.parse((await eac(home, ['inspect', '-o', 'ndjson', '--query', '{alg: header.alg}'], token)).stdout).alg, 'RS256');
  const bad = await eac(home, ['inspect', '-o', 'xml'], token);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /use table, json, jsonc, yaml, ndjson, tsv or csv/);
});

test('claims from a token are data: escape sequences and C1 controls in them are shown escaped, never raw', async () => {
  const { home } = await homeWithEmulator();
  const payload = { aud: 'api://x', iss: 'https://login.microsoftonline.com/4dc40c63-caf9-4f0a-a996-2355cb5ecf11/v2.0', exp: Math.floor(Date.now() / 1000) + 600,
    name: 'Eve\x1b]0;owned\x07\x1b[2J\x9b6n\u202e', preferred_username: 'eve@contoso.onmicrosoft.com', scp: 'a', ver: '2.0' };
  const token = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
  for (const format of ['table', 'tsv', 'csv', 'json', 'yaml', 'ndjson']) {
    const res = await eac(home, ['inspect', '-o', format], token);
    assert.equal(res.code, 0, res.stderr);
    assert.doesNotMatch(res.stdout, /[\x07\x1b\x80-\x9f\u202e]/, `${format}: ${JSON.stringify(res.stdout)}`);
    assert.match(res.stdout, /Eve/);
  }
});

test('a delegated token is explained by its scp and user', async () => {
  const { home } = await homeWithEmulator();
  const payload = { aud: 'api://contoso-orders', iss: 'https://login.microsoftonline.com/4dc40c63-caf9-4f0a-a996-2355cb5ecf11/v2.0', exp: Math.floor(Date.now() / 1000) - 120, azp: '11111111-2222-3333-4444-555555555555', azpacr: '0', scp: 'Orders.Read Orders.Write', preferred_username: 'dev@contoso.onmicrosoft.com', ver: '2.0' };
  const token = `${Buffer.from('{"alg":"RS256","typ":"JWT","kid":"k"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
  const res = await eac(home, ['inspect'], token);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /Delegated token: 11111111-2222-3333-4444-555555555555 acts for dev@contoso\.onmicrosoft\.com, with the delegated permissions \(scp\) the user consented to: Orders\.Read, Orders\.Write\./);
  assert.match(res.stdout, /as a public client/);
  assert.match(res.stdout, /Expired 2 min ago/);
});

test('--verify: VALID for the emulator\'s own tokens (v1 and v2 issuers on its host); INVALID and exit 1 when tampered', async () => {
  const { home, emu } = await homeWithEmulator();
  const { token } = await appToken(emu);
  const ok = await eac(home, ['inspect', '--verify'], token);
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  const host = emu.info.authorityHost.replace(/\./g, '\\.');
  assert.match(ok.stdout, new RegExp(`VALID: signed with key '[^']+' of the issuer ${host}/${emu.info.tenantId}/, published at ${host}/${emu.info.tenantId}/discovery/keys \\(the issuer \\(the running emulator\\)\\); within its lifetime`));

  const bad = await eac(home, ['inspect', '--verify'], tamper(token));
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /INVALID: the signature does not match: the token was altered after it was signed/);

  // v2 tokens (the tenant's own API) name the emulator as issuer; json carries the verdict.
  const { token: v2 } = await appToken(emu, 'api://contoso-orders/.default');
  const j = await eac(home, ['inspect', '--verify', '-o', 'json'], v2);
  assert.equal(j.code, 0, j.stdout);
  assert.equal(JSON.parse(j.stdout).verification.valid, true);
  assert.match(JSON.parse(j.stdout).claims.iss, /\/v2\.0$/);
});

test('--verify refuses keys from an issuer nobody vouched for, and says how to trust it', async () => {
  const { emu } = await homeWithEmulator();
  const { token: v2 } = await appToken(emu, 'api://contoso-orders/.default');
  // A home whose connection file names no emulator: the emulator's host is just some host.
  const res = await eac(tempDir(), ['inspect', '--verify'], v2, { NODE_EXTRA_CA_CERTS: process.env.EAC_TEST_CA });
  assert.equal(res.code, 1);
  assert.match(res.stdout, /INVALID: the issuer https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+\/v2\.0 is not a Microsoft sign-in host, so its keys prove nothing; pass --authority-host https:\/\/127\.0\.0\.1:\d+/);
  const trusted = await eac(tempDir(), ['inspect', '--verify', '--authority-host', emu.info.authorityHost], v2, { NODE_EXTRA_CA_CERTS: process.env.EAC_TEST_CA });
  assert.equal(trusted.code, 0, trusted.stdout);
  assert.match(trusted.stdout, /VALID/);
});

/** A home with a running emulator whose signing key the test holds, a 'local' profile, and a stand-in for Microsoft's sign-in host. */
async function forgeryLab() {
  const stateDir = tempDir('eac-emu-state-');
  const { home, emu } = await homeWithEmulator({ stateDir, caDir: dirname(process.env.EAC_TEST_CA!) });
  await saveProfile(home, { name: 'local', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, authMethod: 'ClientSecret' }, { clientSecret: 'unused' });
  const emulatorKey = createPrivateKey(readFileSync(join(stateDir, 'signing-key.pem'), 'utf8'));
  const kid = JSON.parse(Buffer.from((await appToken(emu)).token.split('.')[0]!, 'base64url').toString('utf8')).kid as string;
  const ms = await fakeMicrosoftLogin();
  const tid = emu.info.tenantId;
  const now = Math.floor(Date.now() / 1000);
  const base = { aud: 'https://graph.microsoft.com', tid, iat: now, nbf: now, exp: now + 3600, appid: '11111111-2222-3333-4444-555555555555', ver: '1.0' };
  const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}, key: KeyObject = emulatorKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, ...header }).sign(key);
  const run = (token: string, args: string[] = []) => eac(home, ['inspect', '--verify', ...args], token, ms.env);
  return { emu, tid, base, sign, run, ms, kid };
}

const MS_ISSUERS = (tid: string) => [`https://sts.windows.net/${tid}/`, `https://login.microsoftonline.com/${tid}/v2.0`];

test('--verify: a token the emulator signed that claims a Microsoft issuer is INVALID, keys fetched from Microsoft only', async () => {
  const { tid, base, sign, run, ms, emu } = await forgeryLab();
  for (const iss of MS_ISSUERS(tid)) {
    const forged = await sign({ ...base, iss });
    const res = await run(forged);
    assert.equal(res.code, 1, `${iss}: ${res.stdout}`);
    assert.match(res.stdout, new RegExp(`INVALID: no key with kid '[^']+' is published at https://login\\.microsoftonline\\.com/\\S+/keys: the issuer ${iss.replace(/\./g, '\\.')} did not sign this token`), iss);
    // naming the emulator as the cloud (by flag or by a 'local' profile) cannot make it speak for Microsoft
    for (const args of [['--authority-host', emu.info.authorityHost], ['-p', 'local']]) {
      const named = await run(forged, args);
      assert.equal(named.code, 1, `${iss} ${args.join(' ')}: ${named.stdout}`);
      assert.match(named.stdout, iss.includes('sts.windows.net') ? /INVALID: the issuer https:\/\/sts\.windows\.net\/\S+ is Microsoft's, and only a Microsoft sign-in host can vouch for it/ : /INVALID: no key with kid/, `${iss} ${args.join(' ')}`);
    }
    // what Microsoft's key signed for the same issuer is VALID: the test can tell the two apart
    const genuine = await run(await ms.sign({ ...base, iss }));
    assert.equal(genuine.code, 0, `${iss}: ${genuine.stdout}`);
    assert.match(genuine.stdout, new RegExp(`VALID: signed with key 'ms-key' of the issuer ${iss.replace(/\./g, '\\.')}, published at https://login\\.microsoftonline\\.com/`));
  }
  assert.ok(ms.hits.some((p) => p.endsWith('/.well-known/openid-configuration')), 'the issuer\'s discovery document was read');
});

test('--verify: every other way a token can be wrong is INVALID with its reason', async () => {
  const { emu, tid, base, sign, run } = await forgeryLab();
  const iss = `${emu.info.authorityHost}/${tid}/`;
  const cases: [string, Promise<string>, RegExp][] = [
    ['expired', sign({ ...base, iss, iat: base.iat - 7200, nbf: base.iat - 7200, exp: base.iat - 3600 }), /INVALID: the signature is good, but the token expired at/],
    ['aud is a list', sign({ ...base, iss, aud: ['https://graph.microsoft.com', 'api://other'] }), /INVALID: the token's audience \(aud\) is \["https:\/\/graph\.microsoft\.com","api:\/\/other"\]; Entra issues every token for exactly one audience/],
    ['no aud', sign({ ...base, iss, aud: undefined }), /INVALID: the token's audience \(aud\) is missing/],
    ['tid is another tenant', sign({ ...base, iss, tid: '00000000-1111-2222-3333-444444444444' }), /INVALID: the token's tenant \(tid 00000000-1111-2222-3333-444444444444\) is not the one its issuer names/],
    ['unknown kid', sign({ ...base, iss }, { kid: 'not-a-published-key' }), /INVALID: no key with kid 'not-a-published-key' is published at https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+\/discovery\/keys/],
    ['another key, our kid', sign({ ...base, iss }, {}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), /INVALID: the signature does not match/],
    ['issuer its discovery does not name', sign({ ...base, iss: `${emu.info.authorityHost}/common/` }), /INVALID: the issuer https:\/\/127\.0\.0\.1:\d+\/common\/ is not an Entra issuer this command knows/],
  ];
  for (const [name, token, reason] of cases) {
    const res = await run(await token);
    assert.equal(res.code, 1, `${name}: ${res.stdout}`);
    assert.match(res.stdout, reason, name);
  }
  // alg none: an unsigned token, whatever it claims
  const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...base, iss })).toString('base64url')}.`;
  const none = await run(unsigned);
  assert.equal(none.code, 1, none.stdout);
  assert.match(none.stdout, /INVALID: the algorithm 'none' is not one Entra signs with; such a token proves nothing/);
  // HS256 keyed with the public key (the classic confusion): refused before any key is fetched
  const hs = await new SignJWT({ ...base, iss }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('k'.repeat(32)));
  assert.match((await run(hs)).stdout, /INVALID: the algorithm 'HS256' is not one Entra signs with/);
  // the genuine article still passes with the same setup
  assert.equal((await run(await sign({ ...base, iss }))).code, 0);
});

test('not a JWT, or nothing given: clear errors', async () => {
  const home = tempDir();
  const junk = await eac(home, ['inspect', 'not-a-token']);
  assert.equal(junk.code, 1);
  assert.match(junk.stderr, /This is not a JWT/);
  const empty = await eac(home, ['inspect', '-'], '');
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /This is not a JWT/);
});
