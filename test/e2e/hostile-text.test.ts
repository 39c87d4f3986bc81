// Untrusted text is never written raw to a terminal (issue 9, item 6), as a class: an emulator app whose name
// carries a clear-screen, a window-title OSC, an OSC 52 clipboard write, BEL, a one-byte C1 CSI and a bidi
// override signs in and is listed, picked, shown, inspected; every command that can show it runs with
// NO_COLOR=1 and its stdout and stderr must hold no ESC, BEL or C1 byte. In a real terminal (tmux, colour on)
// the picker's raw bytes may hold only the CSI sequences the prompt draws with: no OSC, no BEL, no C1, no reset.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanupCli, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { NO_TMUX, Terminal } from '../helpers/terminal.ts';
import { appWithSecret, homeWithEmulator } from '../helpers/token-profiles.ts';

after(cleanupCli);

const HOSTILE = 'Evil \u001b]0;pwned\u0007\u001b[2J\u001b]52;c;cHduZWQ=\u0007\u009b31m\u001bc\u001b[31mred\u202eApp';
const RAW = /[\u0007\u001b\u0080-\u009f]/;

function assertInert(what: string, res: CliResult): void {
  assert.equal(res.timedOut, false, `${what} timed out`);
  for (const [stream, text] of [['stdout', res.stdout], ['stderr', res.stderr]] as const) {
    const at = text.search(RAW);
    assert.equal(at, -1, `${what}: a raw control character in ${stream} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`);
  }
}

/** A JWT nobody signed, with the hostile text in the claims inspect explains. */
function hostileJwt(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'RS256', typ: 'JWT', kid: HOSTILE })}.${part({ aud: 'https://graph.microsoft.com', iss: 'https://sts.windows.net/x/', iat: now, nbf: now, exp: now + 3600, name: HOSTILE, upn: `evil\u001b]0;x\u0007@contoso.com`, app_displayname: HOSTILE, scp: 'User.Read', tid: HOSTILE })}.c2ln`;
}

test('every command that shows a tenant\'s names, with NO_COLOR=1: no ESC, BEL or C1 byte on stdout or stderr', async () => {
  const { home, emu } = await homeWithEmulator();
  const { app, secretText } = appWithSecret(emu, HOSTILE, { role: 'Application.ReadWrite.All' });
  const tenant = emu.info.tenantId;
  const eac = async (args: string[], input?: string) => {
    const res = await runCli(args, { home, input, env: { NO_COLOR: '1', EAC_SECRET_STORE: 'file', CI: undefined }, timeoutMs: 60_000 });
    assertInert(args.slice(0, 3).join(' '), res);
    return res;
  };

  const login = await eac(['login', '--service-principal', '--cloud', 'local', '--tenant', tenant, '--client-id', app.appId, '--client-secret-stdin'], secretText);
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stderr, /Signed in as service principal 'Evil \\x1b\]0;pwned\\x07/, 'shown, escaped');

  for (const o of ['table', 'tsv', 'json', 'yaml']) assert.equal((await eac(['whoami', '-o', o])).code, 0);
  for (const o of ['table', 'tsv', 'csv', 'json']) { const r = await eac(['discover', '-s', 'Evil*', '--cloud', 'local', '-o', o]); assert.equal(r.code, 0, r.stderr); }

  const created = await eac(['secret', 'create', '--app', app.appId, '--cloud', 'local', '--tenant', tenant, '--save-as', 'evil', '--no-display', '-o', 'table']);
  assert.equal(created.code, 0, created.stderr);
  const again = await eac(['secret', 'create', '-p', 'evil', '--no-display']);
  assert.equal(again.code, 0, again.stderr);

  for (const o of ['table', 'tsv', 'json']) assert.equal((await eac(['config', 'show', '-p', 'evil', '-o', o])).code, 0);
  const token = await eac(['get-token', '-p', 'evil', '-o', 'json']);
  assert.equal(token.code, 0, token.stderr);
  for (const o of ['table', 'tsv']) assert.equal((await eac(['get-token', '-p', 'evil', '-o', o])).code, 0);
  const jwt = JSON.parse(token.stdout).accessToken as string;
  for (const t of [jwt, hostileJwt()]) {
    for (const o of ['table', 'tsv', 'json']) await eac(['inspect', t, '-o', o]);
  }
  // Error paths that quote what was typed or what the tenant said.
  await eac(['config', 'use', HOSTILE]);
  await eac([HOSTILE]);
  await eac(['get-token', '-p', 'evil', '--scope', HOSTILE]);
  assert.equal((await eac(['logout'])).code, 0);
});

test('the discover picker in a terminal (colour on): only the prompt\'s own CSI sequences reach it', { skip: NO_TMUX }, async (t) => {
  const { home, emu } = await homeWithEmulator();
  const { app, secretText } = appWithSecret(emu, HOSTILE, { role: 'Application.ReadWrite.All' });
  appWithSecret(emu, `Evil twin \u001b]8;;https://attacker.example\u0007link\u001b]8;;\u0007`);
  const login = await runCli(['login', '--service-principal', '--cloud', 'local', '--tenant', emu.info.tenantId, '--client-id', app.appId, '--client-secret-stdin'], { home, input: secretText, env: { EAC_SECRET_STORE: 'file' } });
  assert.equal(login.code, 0, login.stderr);

  const rawLog = join(tempDir('eac-raw-'), 'pane.log');
  const term = new Terminal(home, ['discover', '-s', 'Evil*', '--cloud', 'local'], { rawLog });
  t.after(() => term.kill());
  const picker = await term.waitFor(/\? Select an app/, 30_000);
  assert.match(picker, /Evil \\x1b\]0;pwned\\x07/, 'the name is shown escaped');
  term.keys('Down');
  await term.waitFor(/❯ Evil twin/);
  term.keys('C-c');
  await term.waitFor(/\[exit \d+\]/);
  const raw = readFileSync(rawLog, 'latin1');
  assert.doesNotMatch(raw, /\u0007/, 'no BEL');
  assert.doesNotMatch(raw, /\u001b\]/, 'no OSC (title, clipboard, link)');
  assert.doesNotMatch(raw, /\u001bc|\u001b\[[23]J/, 'no reset or clear screen');
  assert.doesNotMatch(Buffer.from(raw, 'latin1').toString('utf8'), /[\u0080-\u009f]/, 'no C1');
  const escapes = raw.match(/\u001b[^[]/g) ?? [];
  assert.deepEqual(escapes, [], 'every ESC starts a CSI sequence');
});

test('the secret lifecycle and inventory commands (issues 10, 11), with NO_COLOR=1: no ESC, BEL or C1 byte on stdout or stderr', async () => {
  const { home, emu } = await homeWithEmulator();
  const { app, secretText } = appWithSecret(emu, HOSTILE, { role: 'Application.ReadWrite.All' });
  const tenant = emu.info.tenantId;
  const eac = async (args: string[], input?: string) => {
    const res = await runCli(args, { home, input, env: { NO_COLOR: '1', EAC_SECRET_STORE: 'file', CI: undefined }, timeoutMs: 120_000 });
    assertInert(args.slice(0, 3).join(' '), res);
    return res;
  };
  const ok = (what: string, r: CliResult) => assert.equal(r.code, 0, `${what}: ${r.stderr}`);

  ok('login', await eac(['login', '--service-principal', '--cloud', 'local', '--tenant', tenant, '--client-id', app.appId, '--client-secret-stdin'], secretText));
  ok('secret create', await eac(['secret', 'create', '--app', app.appId, '--cloud', 'local', '--tenant', tenant, '--save-as', 'evil', '--no-display', '-o', 'table']));
  for (const o of ['table', 'tsv', 'json']) ok(`secret list -o ${o}`, await eac(['secret', 'list', '-p', 'evil', '-o', o]));
  for (const o of ['table', 'json']) await eac(['health', '-p', 'evil', '-o', o]);
  await eac(['health', '--all']);
  await eac(['secret', 'rotate', '-p', 'evil', '--dry-run']);
  const rotated = await eac(['secret', 'rotate', '-p', 'evil', '--overlap', '1s', '-o', 'table']);
  ok('secret rotate', rotated);
  await new Promise((done) => setTimeout(done, 1100));
  await eac(['secret', 'prune', '--dry-run']);
  await eac(['secret', 'prune']);
  for (const o of ['table', 'csv', 'ndjson']) ok(`inventory scan -o ${o}`, await eac(['inventory', 'scan', '-o', o]));
  await eac(['leak', 'check'], secretText);
  await eac(['leak', 'check', '-o', 'json'], secretText);
  const keys = app.passwordCredentials.map((c) => c.keyId);
  const respond = await eac(['leak', 'respond', '--app', app.appId, '--key-id', keys[0]!, '--yes', '--no-replacement']);
  assert.notEqual(respond.stderr, '', 'leak respond says what it did');
  if (keys[1]) await eac(['secret', 'delete', '--app', app.appId, '--key-id', keys[1], '--yes', '--force']);
});
