// `secret create` in a real terminal (tmux, helpers/terminal.ts): what a person sees. The one-time panel
// and the details table by default on a terminal; the policy's maximum offered as a question. (Storing
// that fails, with "roll back?", is tested in-process: test/app/secret/store-failure.test.ts.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cleanupCli, runCli } from '../helpers/cli.ts';
import { NO_TMUX, Terminal } from '../helpers/terminal.ts';
import { homeWithEmulator, saveProfile } from '../helpers/token-profiles.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

after(cleanupCli);

async function signedIn() {
  const { home, emu } = await homeWithEmulator();
  const res = await runCli(['login', '--service-principal', '--cloud', 'local', '--client-id', emu.info.bootstrap.clientId, '--client-secret-stdin'],
    { home, input: emu.info.bootstrap.clientSecret, env: { EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: undefined } });
  assert.equal(res.code, 0, res.stderr);
  return { home, emu };
}

function limitTo90Days(emu: RunningEmulator): void {
  emu.store.defaultTenant.record.defaultAppManagementPolicy = {
    isEnabled: true,
    applicationRestrictions: { passwordCredentials: [{ restrictionType: 'passwordLifetime', maxLifetime: 'P90D', restrictForAppsCreatedAfterDateTime: null }], keyCredentials: [] },
    servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
  };
}

test('on a terminal: the maximum lifetime is offered, then the panel with the value, the details and "✓ Secret created and saved to profile"', { skip: NO_TMUX }, async (t) => {
  const { home, emu } = await signedIn();
  limitTo90Days(emu);
  const { app } = emu.store.defaultTenant.addApplication({ displayName: 'Terminal Target' }, new Date());
  await saveProfile(home, { name: 'term', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' });

  const term = new Terminal(home, ['secret', 'create', '-p', 'term'], { unset: ['NODE_EXTRA_CA_CERTS'] });
  t.after(() => term.kill());
  const asked = await term.waitFor(/Create it with the maximum of 90 days instead\?/);
  assert.match(asked, /allows client secrets of at most 90 days for 'Terminal Target'/);
  term.keys('Enter');
  const screen = await term.waitFor(/\[exit \d+\]/);
  assert.match(screen, /\[exit 0\]/);
  assert.match(screen, /⚠ Secret Value \(copy now - shown only once!\)/);
  const value = /│ (\S{30,}) +│/.exec(screen.split('⚠ Secret Value')[1]!)![1]!;
  assert.equal(app.passwordCredentials.length, 1);
  assert.equal(app.passwordCredentials[0]!.hint, value.slice(0, 3), 'the value on screen is the one Graph made');
  assert.equal(screen.split(value).length, 2, 'shown once');
  assert.match(screen, /Application\s+│ Terminal Target/);
  assert.match(screen, /Secret Name\s+│ EAC-EXP-\d\d-[A-Z]{3}-\d\d/);
  assert.match(screen, /Expires\s+│ .*\(90 days\)/);
  assert.match(screen, /✓ Secret created and saved to profile 'term'/);
  assert.ok(screen.indexOf('Secret Value') < screen.indexOf('Secret Name') && screen.indexOf('Secret Name') < screen.indexOf('✓ Secret created'));
});
