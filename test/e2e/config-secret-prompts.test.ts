// "Client secret: > Create new / Enter existing" in a real terminal (tmux, see helpers/terminal.ts), against
// an in-process emulator: the menu, the admin's device-code sign-in (approved by a second process, like a
// person on their phone), the one-time panel and details table, "✓ Secret created and saved to profile",
// and get-token working with the new secret at once. And the way out when creation fails: a user without
// rights -> "⚠ Insufficient permissions…" -> "Would you like to enter an existing secret instead?" -> y ->
// masked entry -> profile saved. The final screens are kept in docs/screens/ (secret values replaced).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claimsOf, cleanupCli, REPO_ROOT, runCli, tempDir } from '../helpers/cli.ts';
import { approveElsewhere, DEVICE_CODE_MESSAGE } from '../helpers/device-code.ts';
import { testEmulator } from '../helpers/emulator.ts';
import { assertNeverShown, NO_TMUX, Terminal, waitForHidden } from '../helpers/terminal.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { storedValue } from '../helpers/stored-secrets.ts';

after(cleanupCli);

const skip = NO_TMUX;
const ADMIN = 'admin@contoso.onmicrosoft.com';
const DEV = 'dev@contoso.onmicrosoft.com';
const SCREENS = join(REPO_ROOT, 'docs', 'screens');
/** No browser can open in these terminals, so the admin signs in with a device code. */
const NO_BROWSER = ['DISPLAY', 'WAYLAND_DISPLAY'];

async function homeWithEmulator(): Promise<{ home: string; emu: RunningEmulator }> {
  const home = tempDir('eac-secret-prompts-');
  const emu = await testEmulator({ connectionFile: join(home, 'data', 'emulator.json') });
  return { home, emu };
}

/** The questions of config create up to the client-secret menu, for a local profile of `clientId`. */
async function upToSecretMenu(term: Terminal, emu: RunningEmulator, name: string, clientId: string): Promise<string> {
  await term.answer(/\? Profile name/);
  term.type(name);
  term.keys('Enter');
  await term.answer(/\? Cloud\n❯ public/, 'Down', 'Down', 'Down', 'Down');
  await term.answer(/❯ local/, 'Enter');
  await term.answer(`? Tenant (ID or domain) (${emu.info.tenantId})`, 'Enter');
  await term.answer(/\? Client ID/);
  term.type(clientId);
  term.keys('Enter');
  await term.answer(/\? Auth method\n❯ ClientSecret/, 'Enter');
  return term.waitFor(/\? Client secret\n❯ Create new\n\s+Enter existing\n\s+Use a reference/);
}

/** Reads the device code off the screen and approves it as `who` from another process. */
async function approveOnScreen(term: Terminal, who: string): Promise<void> {
  const s = await term.waitFor(DEVICE_CODE_MESSAGE, 30_000);
  const [, uri, code] = DEVICE_CODE_MESSAGE.exec(s)!;
  const approver = await approveElsewhere(uri!, code!, who);
  assert.equal(approver.code, 0, approver.err);
}

/**
 * With EAC_UPDATE_SCREENS=1, keeps the screen as a plain-text screenshot for the README (up to the test's
 * exit marker), values replaced; otherwise the repository is left alone.
 */
function screenshot(file: string, screen: string, replace: Record<string, string>): void {
  if (process.env.EAC_UPDATE_SCREENS !== '1') return;
  let text = screen.replace(/\s*\[exit \d+\][\s\S]*$/, '').replace(/\/tmp\/eac-secret-prompts-\w+\/config/g, '~/.config/entra-auth-cli').trimEnd();
  for (const [value, placeholder] of Object.entries(replace)) {
    // Same length, so the boxes stay aligned.
    const same = placeholder.length >= value.length ? placeholder.slice(0, value.length) : placeholder + '.'.repeat(value.length - placeholder.length);
    text = text.split(value).join(same);
  }
  mkdirSync(SCREENS, { recursive: true });
  writeFileSync(join(SCREENS, file), `${text}\n`);
}

const storedSecret = (home: string, name: string) => storedValue(home, name)!;

test('config create in a terminal: Create new -> admin device-code sign-in -> one-time panel and table -> saved; get-token works', { skip }, async (t) => {
  const { home, emu } = await homeWithEmulator();
  const { app } = emu.store.defaultTenant.addApplication({ displayName: 'My Application Name' }, new Date());
  const term = new Terminal(home, ['config', 'create'], { unset: NO_BROWSER });
  t.after(() => term.kill());

  const menu = await upToSecretMenu(term, emu, 'myapp', app.appId);
  screenshot('secret-create-options.txt', menu, {});
  term.keys('Enter');
  await term.answer('? Scopes (separated by spaces or commas) (https://graph.microsoft.com/.default)', 'Enter');
  await term.answer(/\? Default flow\n❯ client-credentials/, 'Enter');

  // The sign-in: what is needed, then the device code (no browser here).
  const signIn = await term.waitFor(/enter the code/, 30_000);
  assert.match(signIn, /Creating a new secret requires signing in with an account that has\nApplication\.ReadWrite\.All or Application\.ReadWrite\.OwnedBy permission\./);
  assert.match(signIn, /No browser can be opened here .*signing in with a device code instead/);
  await approveOnScreen(term, ADMIN);

  const done = await term.waitFor(/\[exit \d+\]/, 30_000);
  assert.match(done, /\[exit 0\]/, done);
  const made = app.passwordCredentials.filter((c) => c.displayName?.startsWith('EAC-EXP-'));
  assert.equal(made.length, 1);
  const value = storedSecret(home, 'myapp');
  assert.equal(made[0]!.hint, value.slice(0, 3));

  // The panel with the value, once; the details table; the saved line; the profile line.
  assert.match(done, /│ ⚠ Secret Value \(copy now - shown only once!\)\s*│/);
  assert.equal(done.split(value).length - 1, 1, 'the value is on the screen exactly once');
  assert.match(done, new RegExp(`│ ${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*│`), 'inside the panel');
  assert.match(done, /│ Property\s*│ Value\s*│/);
  assert.match(done, /│ Application\s*│ My Application Name\s*│/);
  assert.match(done, new RegExp(`│ Secret Name\\s*│ ${made[0]!.displayName}\\s*│`));
  assert.match(done, /│ Secret Name\s*│ EAC-EXP-\d\d-[A-Z]{3}-\d\d\s*│/);
  assert.match(done, /│ Expires\s*│ \d{1,2} [A-Z][a-z]{2} \d{4} .*\(180 days\)\s*│/);
  assert.match(done, /✓ Secret created and saved to profile 'myapp'/);
  assert.match(done, /✔ Saved profile 'myapp' \(the default profile\)/);
  const order = ['Secret Value', 'Secret Name', '✓ Secret created', '✔ Saved profile'].map((x) => done.indexOf(x));
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'panel, table, saved, profile: in that order');
  screenshot('secret-created-display.txt', done, { [value]: 'abc123...your-secret-value-here...xyz789' });

  const profile = JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8')).profiles.myapp;
  assert.equal(profile.secret.kind, 'stored');
  const token = await runCli(['get-token', '-p', 'myapp', '-o', 'json'], { home, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined } });
  assert.equal(token.code, 0, token.stderr);
  assert.equal(claimsOf(JSON.parse(token.stdout).accessToken).appid, app.appId);

  // config edit: "Update client secret?" -> the same menu -> Create new, with the cached admin session;
  // --no-display: the details and the saved line, not the value.
  const edit = new Terminal(home, ['config', 'edit', '-p', 'myapp', '--no-display'], { unset: NO_BROWSER });
  t.after(() => edit.kill());
  await edit.answer(/\? Cloud\n(.*\n)*❯ local/, 'Enter');
  await edit.answer('? Tenant (ID or domain)', 'Enter');
  await edit.answer('? Client ID (application ID)', 'Enter');
  await edit.answer(/\? Auth method\n❯ ClientSecret/, 'Enter');
  await edit.answer(/\? Update client secret\? \(y\/N\)/);
  edit.type('y');
  edit.keys('Enter');
  await edit.answer(/\? Client secret\n❯ Create new\n\s+Enter existing/, 'Enter');
  await edit.answer(/\? Scopes/, 'Enter');
  await edit.answer(/\? Default flow/, 'Enter');
  const edited = await edit.waitFor(/\[exit \d+\]/, 30_000);
  assert.match(edited, /\[exit 0\]/, edited);
  assert.doesNotMatch(edited, /enter the code/, 'the cached admin session: no new sign-in');
  const rotated = storedSecret(home, 'myapp');
  assert.notEqual(rotated, value);
  assert.doesNotMatch(edited, /Secret Value/);
  assertNeverShown(edit, rotated, 'new secret (--no-display)');
  assert.match(edited, /│ Secret Name\s*│ EAC-EXP-\d\d-[A-Z]{3}-\d\d\s*│/);
  assert.match(edited, /✓ Secret created and saved to profile 'myapp'/);
  assert.match(edited, /✔ Updated profile 'myapp': new client secret EAC-EXP-\d\d-[A-Z]{3}-\d\d\. Its cached tokens were removed\./);
  assert.equal(app.passwordCredentials.filter((c) => c.displayName?.startsWith('EAC-EXP-')).length, 2, 'the old one stays for an overlap');
  assertNeverShown(edit, value, 'old secret');
});

test('config create in a terminal: no rights to create -> "Would you like to enter an existing secret instead?" -> y -> masked -> saved', { skip }, async (t) => {
  const { home, emu } = await homeWithEmulator();
  const tenant = emu.store.defaultTenant;
  const { app } = tenant.addApplication({ displayName: 'Someone Elses App' }, new Date());
  const { secretText: existing } = tenant.addPassword(app, { displayName: 'made in the portal' }, new Date());
  const term = new Terminal(home, ['config', 'create'], { unset: NO_BROWSER });
  t.after(() => term.kill());

  await upToSecretMenu(term, emu, 'fallback', app.appId);
  term.keys('Enter');
  await term.answer(/\? Scopes/, 'Enter');
  await term.answer(/\? Default flow/, 'Enter');
  await approveOnScreen(term, DEV); // a developer who neither administers nor owns the app

  const asked = await term.waitFor(/\? Would you like to enter an existing secret instead\? \(Y\/n\)/, 30_000);
  assert.match(asked, /⚠ Insufficient permissions to create client secret\.\nRequired permission: Application\.ReadWrite\.All or Application\.ReadWrite\.OwnedBy\n/);
  assert.match(asked, /signed in as dev@contoso\.onmicrosoft\.com/);
  assert.equal(app.passwordCredentials.length, 1, 'nothing was created');
  term.type('y');
  term.keys('Enter');
  await term.waitFor(/\? Enter client secret/);
  term.type(existing);
  await waitForHidden(term, '? Enter client secret');
  term.keys('Enter');

  const done = await term.waitFor(/\[exit \d+\]/);
  assert.match(done, /\[exit 0\]/, done);
  assert.match(done, /✔ Saved profile 'fallback' \(the default profile\)/);
  assert.doesNotMatch(done, /Secret created/);
  assert.equal(storedSecret(home, 'fallback'), existing);
  assertNeverShown(term, existing, 'typed secret');
  screenshot('secret-permission-error.txt', done, { [existing]: '*'.repeat(existing.length) });

  const token = await runCli(['get-token', '-p', 'fallback', '-o', 'json'], { home, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined } });
  assert.equal(token.code, 0, token.stderr);
  assert.equal(claimsOf(JSON.parse(token.stdout).accessToken).appid, app.appId);

  // Answering n ends the command with the error's exit code (4: permission) and saves nothing.
  const no = new Terminal(home, ['config', 'create'], { unset: NO_BROWSER });
  t.after(() => no.kill());
  await upToSecretMenu(no, emu, 'declined', app.appId);
  no.keys('Enter');
  await no.answer(/\? Scopes/, 'Enter');
  await no.answer(/\? Default flow/, 'Enter');
  await no.answer(/\? Make 'declined' the default profile\?/, 'Enter');
  // The dev's session is cached now: straight to the error.
  await no.answer(/\? Would you like to enter an existing secret instead\?/);
  no.type('n');
  no.keys('Enter');
  const declined = await no.waitFor(/\[exit \d+\]/);
  assert.match(declined, /\[exit 4\]/, declined);
  assert.match(declined, /error: No client secret, so profile 'declined' was not saved\./);
  assert.equal(JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8')).profiles.declined, undefined);
});

test('discover in a terminal: pick an app with the arrow keys (secrets and expiry shown), then name, scope, method, Create new', { skip }, async (t) => {
  const { home, emu } = await homeWithEmulator();
  const tenant = emu.store.defaultTenant;
  const now = new Date();
  const tool = tenant.addApplication({ displayName: 'Widget Tool', createdDateTime: '2025-03-01T10:00:00Z' }, now).app;
  tenant.addPassword(tool, { displayName: 'portal-secret', startDateTime: now, endDateTime: new Date(now.getTime() + 30 * 86_400_000 + 3_600_000) }, now);
  const api = tenant.addApplication({ displayName: 'Widget API', identifierUris: ['api://widget-api'], createdDateTime: '2024-11-02T08:00:00Z' }, now).app;
  tenant.addApplication({ displayName: 'Gadget', withServicePrincipal: false }, now);

  const term = new Terminal(home, ['discover', '-s', 'Widget*', '--cloud', 'local'], { unset: NO_BROWSER });
  t.after(() => term.kill());
  await approveOnScreen(term, ADMIN);

  // Sorted by name: Widget API first; each line has the name, app ID, created date and its secrets.
  const picker = await term.waitFor(/\? Select an app/, 30_000);
  assert.match(picker, /2 apps whose name starts with 'Widget' in tenant/);
  assert.match(picker, new RegExp(`❯ Widget API\\s+${api.appId}  2024-11-02  no secrets\\n\\s+Widget Tool\\s+${tool.appId}  2025-03-01  1 secret, next expires \\d\\d [A-Z][a-z]{2} \\d{4} \\(30 days left\\)`));
  assert.doesNotMatch(picker, /Gadget/);
  term.keys('Down');
  const second = await term.waitFor(/❯ Widget Tool/);
  assert.match(second, /\nsecret portal-secret \d\d [A-Z][a-z]{2} \d{4} \(30 days left\)\n/, 'the highlighted app\'s secrets, in full');
  screenshot('discover-picker.txt', second, {});
  term.keys('Up');
  await term.answer(/❯ Widget API/, 'Enter');

  // Then the profile: the name from the app's, its own API as the scope, ClientSecret, Create new.
  await term.answer('? Profile name (widget-api)', 'Enter');
  await term.answer('? Scopes (separated by spaces or commas) (api://widget-api/.default)', 'Enter');
  await term.answer(/\? Auth method\n❯ ClientSecret/, 'Enter');
  await term.answer(/\? Client secret\n❯ Create new\n\s+Enter existing/, 'Enter');
  await term.answer(/\? Default flow/, 'Enter');
  const done = await term.waitFor(/\[exit \d+\]/, 30_000);
  assert.match(done, /\[exit 0\]/, done);
  assert.equal(done.match(/enter the code/g)?.length, 1, 'one sign-in: creation used the session discover opened');
  const value = storedSecret(home, 'widget-api');
  assert.equal(done.split(value).length - 1, 1);
  assert.match(done, /│ Application\s*│ Widget API\s*│/);
  assert.match(done, /✓ Secret created and saved to profile 'widget-api'/);
  assert.match(done, /✔ Saved profile 'widget-api' \(the default profile\)/);

  const profile = JSON.parse(readFileSync(join(home, 'config', 'profiles.json'), 'utf8')).profiles['widget-api'];
  assert.equal(profile.clientId, api.appId);
  assert.deepEqual(profile.scopes, ['api://widget-api/.default']);
  const token = await runCli(['get-token', '-p', 'widget-api', '--scope', 'https://graph.microsoft.com/.default', '-o', 'json'], { home, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined } });
  assert.equal(token.code, 0, token.stderr);
  assert.equal(claimsOf(JSON.parse(token.stdout).accessToken).appid, api.appId);
});
