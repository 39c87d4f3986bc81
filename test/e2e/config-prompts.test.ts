// The interactive `config create` / `config edit` in a real terminal (tmux, see helpers/terminal.ts): the
// test presses keys (arrows, Enter, typed text) and reads the screen back. It checks what a person
// sees: the menus, the masked input, and that a secret's characters never reach the screen.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupCli, tempDir } from '../helpers/cli.ts';
import { assertNeverShown, NO_TMUX, Terminal, waitForHidden } from '../helpers/terminal.ts';
import { testEmulator } from '../helpers/emulator.ts';
import { createSelfSigned } from '../../src/emulator/tls/certificates.ts';
import { storedValue, valuesKept } from '../helpers/stored-secrets.ts';

after(cleanupCli);

const skip = NO_TMUX;

const newSecret = () => `t3st-${randomBytes(24).toString('base64url')}`;

test('config create in a terminal: arrow-key menus for cloud and auth method, the secret masked, the profile saved', { skip }, async (t) => {
  const home = tempDir('eac-prompts-');
  const emu = await testEmulator({ connectionFile: join(home, 'data', 'emulator.json') });
  const secret = newSecret();
  const term = new Terminal(home, ['config', 'create']);
  t.after(() => term.kill());

  await term.answer(/\? Profile name/);
  term.type('tmuxdemo');
  term.keys('Enter');

  // The cloud menu, cursor on the first entry; four steps down to "local".
  const menu = await term.waitFor(/\? Cloud/);
  assert.match(menu, /❯ public\n\s+usgov\n\s+china\n\s+custom\n\s+local/);
  assert.match(menu, /↑↓ navigate/);
  term.keys('Down', 'Down', 'Down', 'Down');
  await term.waitFor(/❯ local/);
  term.keys('Enter');

  // The tenant defaults to the running emulator's.
  await term.answer(`? Tenant (ID or domain) (${emu.info.tenantId})`, 'Enter');
  await term.answer(/\? Client ID/);
  term.type('not-a-guid');
  term.keys('Enter');
  await term.waitFor(/> The client ID must be the application \(client\) ID GUID/);
  for (let i = 0; i < 'not-a-guid'.length; i++) term.keys('BSpace');
  term.type(emu.info.bootstrap.clientId);
  term.keys('Enter');

  const methods = await term.waitFor(/\? Auth method/);
  assert.match(methods, /❯ ClientSecret\n\s+Certificate\n\s+InteractiveBrowser\n\s+DeviceCode/);
  term.keys('Down');
  await term.waitFor(/❯ Certificate/);
  term.keys('Up');
  await term.waitFor(/❯ ClientSecret/);
  term.keys('Enter');

  // "Create new" first (see config-secret-prompts.test.ts); one step down to type an existing secret.
  await term.answer(/\? Client secret\n❯ Create new\n\s+Enter existing\n\s+Use a reference/, 'Down');
  await term.answer(/❯ Enter existing/, 'Enter');
  await term.waitFor(/\? Enter client secret/);
  term.type(secret);
  await waitForHidden(term, '? Enter client secret');
  term.keys('Enter');

  await term.answer('? Scopes (separated by spaces or commas) (https://graph.microsoft.com/.default)', 'Enter');
  await term.answer(/\? Default flow\n❯ client-credentials\n\s+interactive/, 'Enter');
  const done = await term.waitFor(/\[exit \d+\]/);
  assert.match(done, /\[exit 0\]/, done);
  assert.match(done, /Saved profile 'tmuxdemo' \(the default profile\)/);

  const doc = JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8'));
  assert.equal(doc.profiles.tmuxdemo.cloud, 'local');
  assert.equal(doc.profiles.tmuxdemo.tenant, emu.info.tenantId);
  assert.equal(doc.profiles.tmuxdemo.clientId, emu.info.bootstrap.clientId);
  assert.equal(doc.profiles.tmuxdemo.authMethod, 'ClientSecret');
  assert.equal(doc.profiles.tmuxdemo.secret.kind, 'stored');
  assert.equal(storedValue(home, 'tmuxdemo'), secret);
  assertNeverShown(term, secret, 'client secret');

  // config edit: current values pre-selected, "Update client secret?" then a new masked secret.
  const rotated = newSecret();
  const edit = new Terminal(home, ['config', 'edit', '-p', 'tmuxdemo']);
  t.after(() => edit.kill());
  await edit.answer(/\? Cloud\n(.*\n)*❯ local/, 'Enter');
  await edit.answer(`? Tenant (ID or domain) (${emu.info.tenantId})`, 'Enter');
  await edit.answer(`? Client ID (application ID) (${emu.info.bootstrap.clientId})`, 'Enter');
  await edit.answer(/\? Auth method\n❯ ClientSecret/, 'Enter');
  await edit.answer(/\? Update client secret\? \(y\/N\)/);
  edit.type('y');
  edit.keys('Enter');
  await edit.answer(/\? Client secret\n❯ Create new\n\s+Enter existing/, 'Down');
  await edit.answer(/❯ Enter existing/, 'Enter');
  await edit.waitFor(/\? Enter client secret/);
  edit.type(rotated);
  await waitForHidden(edit, '? Enter client secret');
  edit.keys('Enter');
  await edit.answer(/\? Scopes/, 'Enter');
  await edit.answer(/\? Default flow/, 'Enter');
  const edited = await edit.waitFor(/\[exit \d+\]/);
  assert.match(edited, /\[exit 0\]/, edited);
  assert.match(edited, /Updated profile 'tmuxdemo': client secret/);
  assert.deepEqual(valuesKept(home, 'tmuxdemo'), [rotated]);
  assertNeverShown(edit, rotated, 'new client secret');
  assertNeverShown(edit, secret, 'old client secret');
});

test('config create in a terminal: a sovereign cloud and a certificate whose password is asked masked and checked', { skip }, async (t) => {
  const home = tempDir('eac-prompts-');
  const dir = tempDir('eac-cert-');
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const wrong = `nope-${randomBytes(6).toString('hex')}`;
  const { certPem, keyPem } = createSelfSigned('tmux test');
  const encryptedKey = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string;
  const certPath = join(dir, 'app.pem');
  writeFileSync(certPath, certPem + encryptedKey, { mode: 0o600 });
  const clientId = randomUUID();

  const term = new Terminal(home, ['config', 'create']);
  t.after(() => term.kill());
  await term.answer(/\? Profile name/);
  term.type('gov');
  term.keys('Enter');
  await term.answer(/\? Cloud\n❯ public/, 'Down');
  await term.waitFor(/❯ usgov/);
  assert.match(term.screen(), /Azure US Government \(https:\/\/login\.microsoftonline\.us\)/, 'the description of the highlighted entry');
  term.keys('Enter');
  await term.answer(/\? Tenant/);
  term.type('contoso.onmicrosoft.us');
  term.keys('Enter');
  await term.answer(/\? Client ID/);
  term.type(clientId);
  term.keys('Enter');
  await term.answer(/\? Auth method\n❯ ClientSecret/, 'Down');
  await term.answer(/❯ Certificate/, 'Enter');
  await term.answer(/\? Certificate file/);
  term.type(certPath);
  term.keys('Enter');

  await term.waitFor(/\? Certificate password/);
  term.type(wrong);
  await waitForHidden(term, '? Certificate password');
  term.keys('Enter');
  await term.waitFor(/> That password does not open the private key/);
  for (let i = 0; i < wrong.length; i++) term.keys('BSpace');
  term.type(password);
  await waitForHidden(term, '? Certificate password');
  term.keys('Enter');

  await term.answer('? Scopes (separated by spaces or commas) (https://graph.microsoft.us/.default)', 'Enter');
  await term.answer(/\? Default flow/, 'Enter');
  const done = await term.waitFor(/\[exit \d+\]/);
  assert.match(done, /\[exit 0\]/, done);

  const p = JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8')).profiles.gov;
  assert.equal(p.cloud, 'usgov');
  assert.equal(p.authMethod, 'Certificate');
  assert.deepEqual({ ...p.certificate, passwordKey: undefined }, { path: certPath, format: 'pem', hasPassword: true, passwordKey: undefined, passwordStore: 'file' });
  assert.deepEqual(p.scopes, ['https://graph.microsoft.us/.default']);
  assert.equal(storedValue(home, 'gov', 'certificate-password'), password);
  assertNeverShown(term, password, 'certificate password');
  assertNeverShown(term, wrong, 'wrong certificate password');
});

test('Ctrl+C at a question cancels cleanly: exit 1, a one-line message, nothing written', { skip }, async (t) => {
  const home = tempDir('eac-prompts-');
  const term = new Terminal(home, ['config', 'create']);
  t.after(() => term.kill());
  await term.answer(/\? Profile name/);
  term.type('half');
  term.keys('Enter');
  await term.answer(/\? Cloud/, 'C-c');
  const done = await term.waitFor(/\[exit \d+\]/);
  assert.match(done, /\[exit 1\]/, done);
  assert.match(done, /^error: Cancelled; nothing was saved\.$/m);
  assert.doesNotMatch(done, /^\s+at /m, 'no stack trace');
  assert.equal(existsSync(join(home, 'config', 'profiles.json')), false);
});
