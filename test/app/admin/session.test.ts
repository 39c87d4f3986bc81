// Saving the admin session (src/app/admin/session.ts) against the emulator: `login` is told "signed in" only
// when the session is in admin-sessions.json and reads back as written (issue 9, item 4). A file of another
// shape stops the sign-in before anything is asked or written; a write that did not take is an error.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tokenCachePath } from '../../../src/store/token-cache-file.ts';
import { after, test } from 'node:test';
import { loginCommand } from '../../../src/app/admin/session.ts';
import { run as login } from '../../../src/cli/commands/login.ts';
import { run as whoami } from '../../../src/cli/commands/whoami.ts';
import { adminCacheDir, adminCacheName, adminCredentialKey, AdminSessionStore, type AdminSessionsDocument } from '../../../src/store/admin-sessions.ts';
import { appPaths } from '../../../src/store/paths.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { signInBootstrap, testAdminDeps } from '../../helpers/admin-deps.ts';
import { testFactory } from '../../helpers/test-factory.ts';
import { homeWithEmulator } from '../../helpers/token-profiles.ts';

after(cleanupCli);

/** A store whose writes are lost (another process overwrote the file, a file system that dropped it). */
class LosingStore extends AdminSessionStore {
  override async update<T>(change: (doc: AdminSessionsDocument) => T): Promise<T> {
    return change(this.read());
  }
}

test('login with admin-sessions.json holding an empty list: refused naming the file, exit 1, nothing said "Signed in", file untouched', async () => {
  const { home, emu } = await homeWithEmulator();
  const { config } = appPaths({ EAC_HOME: home });
  mkdirSync(config, { recursive: true });
  const path = `${config}/admin-sessions.json`;
  const text = JSON.stringify({ schemaVersion: 1, current: null, sessions: [] });
  writeFileSync(path, text);
  const t = testFactory({ home, input: emu.info.bootstrap.clientSecret });
  await assert.rejects(
    login({ servicePrincipal: true, cloud: 'local', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, clientSecretStdin: true }, t.f),
    (e: Error & { exitCode?: number }) => e.message.includes(path) && /left untouched/.test(e.message) && e.exitCode !== 0,
  );
  assert.doesNotMatch(t.err(), /Signed in/);
  assert.equal(readFileSync(path, 'utf8'), text);
});

test('login whose session write did not take: an error, not a session that looks saved', async () => {
  const { home, emu } = await homeWithEmulator();
  const deps = testAdminDeps(home);
  const lost = testAdminDeps(home, { overrides: { sessions: new LosingStore(deps.paths.config) } });
  await assert.rejects(signInBootstrap(lost, emu), /The admin session was not saved: .*admin-sessions\.json does not hold it after writing/);
  assert.equal(deps.sessions.current(), undefined);
  await signInBootstrap(deps, emu);
  assert.equal(deps.sessions.current()?.clientId, emu.info.bootstrap.clientId.toLowerCase(), 'the real store keeps it');
});

test('whoami\'s hints after an emulator session name the emulator\'s cloud and tenant, never the public cloud', async () => {
  const { home, emu } = await homeWithEmulator();
  const tenant = emu.info.tenantId;
  const none = testFactory({ home });
  await assert.rejects(whoami({ cloud: 'local' }, none.f), (e: Error & { hint?: string }) => {
    assert.match(e.hint ?? '', new RegExp(`login --tenant ${tenant} --cloud local`));
    return true;
  });

  // A session whose stored credential is gone: "sign in again" goes back to the same cloud.
  const deps = testAdminDeps(home);
  await signInBootstrap(deps, emu);
  const session = deps.sessions.current()!;
  await (await deps.secrets()).delete(adminCredentialKey(session)!);
  rmSync(tokenCachePath(adminCacheDir(deps.paths.cache), adminCacheName(session.id)), { force: true });
  await assert.rejects(whoami({}, testFactory({ home }).f), (e: Error & { hint?: string }) => {
    assert.match(e.hint ?? '', new RegExp(`login --service-principal --tenant \\S+ --cloud local --client-id ${session.clientId}`));
    return true;
  });
  assert.equal(loginCommand({ tenant: 'contoso.com', cloudKey: 'public' }), 'entra-auth-cli login --tenant contoso.com');
  assert.equal(loginCommand({ tenant: 't', cloudKey: 'usgov' }), 'entra-auth-cli login --tenant t --cloud usgov');
});

/** A store whose writes fail (a full disk; or, for what is left behind, a kill before the session is saved). */
class FailingStore extends AdminSessionStore {
  override async update<T>(): Promise<T> {
    throw new Error('the sessions file could not be written (test)');
  }
}

test('a service principal signing in again: the new secret goes under a fresh key, so the saved session keeps its value until the new session is saved', async () => {
  const { home, emu } = await homeWithEmulator();
  const deps = testAdminDeps(home);
  await signInBootstrap(deps, emu);
  const first = deps.sessions.current()!;
  const secrets = await deps.secrets();
  const firstKey = adminCredentialKey(first)!;
  const value = await secrets.get(firstKey);
  assert.ok(value, 'the first session reads its secret');

  // The session write fails after the new value was stored: the saved session still reads its own value,
  // and the new value does not stay behind.
  const failing = testAdminDeps(home, { overrides: { sessions: new FailingStore(deps.paths.config) } });
  await assert.rejects(signInBootstrap(failing, emu), /could not be written/);
  assert.equal(await secrets.get(adminCredentialKey(deps.sessions.current()!)!), value);
  const adminKeys = () => Object.keys(JSON.parse(readFileSync(`${deps.paths.config}/secrets.json`, 'utf8')).secrets).filter((k) => k.startsWith('admin/'));
  assert.deepEqual(adminKeys(), [firstKey]);

  // Signing in again for real switches to a new key and removes the old one.
  await signInBootstrap(deps, emu);
  const second = deps.sessions.current()!;
  assert.notEqual(adminCredentialKey(second), firstKey);
  assert.deepEqual(adminKeys(), [adminCredentialKey(second)]);
  await whoami({}, testFactory({ home }).f);
});
