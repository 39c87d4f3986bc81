// The health check against the emulator over HTTPS, one test per cause, each made for real: an expired
// secret in the tenant, a wrong value, a tenant that does not exist, an app deleted and a service principal
// disabled through Graph, a role the app was never granted, a stopped emulator, an unset env var. Every
// report is checked for the value and the token: neither may appear.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkProfileHealth, worstExitCode, type HealthReport } from '../../../src/app/health/check.ts';
import { healthDeps } from '../../../src/cli/commands/health.ts';
import type { Profile } from '../../../src/core/profile.ts';
import { testAdminDeps, signInBootstrap } from '../../helpers/admin-deps.ts';
import { cleanupCli, tempDir } from '../../helpers/cli.ts';
import { request } from '../../helpers/emulator.ts';
import { appWithCertificate } from '../../helpers/fixtures.ts';
import { bootstrapToken } from '../../helpers/graph.ts';
import { testFactory } from '../../helpers/test-factory.ts';
import { appWithSecret, homeWithEmulator, saveProfile, signInCount } from '../../helpers/token-profiles.ts';

after(cleanupCli);

async function check(home: string, profile: Profile, expectRoles: string[] = []): Promise<HealthReport> {
  const t = testFactory({ home });
  return checkProfileHealth(healthDeps(t.f, testAdminDeps(home)), profile, { expectRoles });
}

function assertNoValue(report: HealthReport, ...values: string[]): void {
  const text = JSON.stringify(report);
  for (const v of values) assert.ok(!text.includes(v), 'the value is not in the report');
  assert.doesNotMatch(text, /eyJ[\w-]+\.[\w-]+\./, 'no token in the report');
}

test('a working secret the profile recorded: a new token every time (never the cache), its key ID, hint, expiry and the roles granted', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'healthy app', { role: 'Application.Read.All' });
  const end = a.app.passwordCredentials[0]!.endDateTime;
  const profile = await saveProfile(home, {
    name: 'demo', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret',
    secret: { kind: 'stored', credential: { keyId: a.secretId, endDateTime: end } },
  }, { clientSecret: a.secretText });

  const first = await check(home, profile);
  const second = await check(home, profile);
  assert.equal(signInCount(emu), 2, 'each check asked Entra for a token');
  for (const r of [first, second]) {
    assert.equal(r.result, 'ok', r.message ?? '');
    assert.equal(r.exitCode, 0);
    assert.equal(r.ok, true);
    assert.equal(r.tokenAcquired, true);
    assert.equal(r.tenantId, emu.info.tenantId);
    assert.deepEqual(r.roles, ['Application.Read.All']);
    assert.equal(r.credential?.type, 'secret');
    if (r.credential?.type !== 'secret') continue;
    assert.equal(r.credential.keyId, a.secretId);
    assert.equal(r.credential.source, 'recorded');
    assert.equal(r.credential.hint, a.secretText.slice(0, 3));
    assert.equal(r.credential.endDateTime, end);
    assert.ok(r.credential.daysLeft! > 45 && r.credential.status === 'ok', `days left ${r.credential.daysLeft}`);
    assertNoValue(r, a.secretText);
  }
});

test('a secret entered by hand: expiry unknown without an admin session; found by its hint through a saved admin session', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'hand-entered app');
  const profile = await saveProfile(home, { name: 'hand', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });

  const before = await check(home, profile);
  assert.equal(before.result, 'ok');
  assert.equal(before.credential?.type === 'secret' && before.credential.status, 'unknown');
  assert.equal(before.credential?.type === 'secret' && before.credential.keyId, null);
  assert.match(before.credential?.type === 'secret' ? before.credential.note ?? '' : '', /admin session/);

  await signInBootstrap(testAdminDeps(home), emu);
  const after = await check(home, profile);
  assert.equal(after.result, 'ok');
  assert.ok(after.credential?.type === 'secret');
  assert.equal(after.credential.keyId, a.secretId);
  assert.equal(after.credential.source, 'app');
  assert.equal(after.credential.status, 'ok');
  assertNoValue(after, a.secretText);
});

test('an expired secret (ended in the tenant): expired-secret, exit 10, with the fix', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'expired app', { expired: true });
  const end = a.app.passwordCredentials[0]!.endDateTime;
  const profile = await saveProfile(home, {
    name: 'old', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret', secret: { kind: 'stored', credential: { keyId: a.secretId, endDateTime: end } },
  }, { clientSecret: a.secretText });
  const r = await check(home, profile);
  assert.equal(r.result, 'expired-secret');
  assert.equal(r.exitCode, 10);
  assert.equal(r.tokenAcquired, false);
  assert.equal(r.aadsts, 7000222);
  assert.match(r.hint ?? '', /secret create -p old/);
  assert.equal(r.credential?.status, 'expired', 'the recorded expiry is still reported');
  assertNoValue(r, a.secretText);
});

test('a wrong value: invalid-secret, exit 11; the value is not in the report', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'wrong value app');
  const wrong = `${a.secretText.slice(0, 3)}8Q~${'x'.repeat(34)}`;
  const profile = await saveProfile(home, { name: 'wrong', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: wrong });
  const r = await check(home, profile);
  assert.equal(r.result, 'invalid-secret');
  assert.equal(r.exitCode, 11);
  assert.equal(r.aadsts, 7000215);
  assertNoValue(r, wrong, a.secretText);
});

test('a tenant that does not exist: wrong-tenant, exit 12, naming the emulator\'s tenant', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'tenant app');
  const profile = await saveProfile(home, { name: 'elsewhere', tenant: randomUUID(), clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });
  const r = await check(home, profile);
  assert.equal(r.result, 'wrong-tenant', r.message ?? '');
  assert.equal(r.exitCode, 12);
  assert.match(r.hint ?? '', new RegExp(emu.info.tenantId));
});

test('a deleted app and a disabled service principal (through Graph): unknown-or-disabled-app, exit 13', async () => {
  const { home, emu } = await homeWithEmulator();
  const admin = { authorization: `Bearer ${await bootstrapToken(emu)}`, 'content-type': 'application/json' };
  const gone = appWithSecret(emu, 'deleted app');
  const off = appWithSecret(emu, 'disabled app');
  const del = await request(`${emu.info.graphBaseUrl}/v1.0/applications/${gone.app.id}`, { method: 'DELETE', headers: admin });
  assert.equal(del.status, 204);
  const patch = await request(`${emu.info.graphBaseUrl}/v1.0/servicePrincipals/${off.sp.id}`, { method: 'PATCH', headers: admin, body: JSON.stringify({ accountEnabled: false }) });
  assert.equal(patch.status, 204);

  const p1 = await saveProfile(home, { name: 'gone', tenant: emu.info.tenantId, clientId: gone.app.appId, authMethod: 'ClientSecret' }, { clientSecret: gone.secretText });
  const p2 = await saveProfile(home, { name: 'off', tenant: emu.info.tenantId, clientId: off.app.appId, authMethod: 'ClientSecret' }, { clientSecret: off.secretText });
  const r1 = await check(home, p1);
  const r2 = await check(home, p2);
  assert.equal(r1.result, 'unknown-or-disabled-app', r1.message ?? '');
  assert.equal(r1.aadsts, 700016);
  assert.equal(r2.result, 'unknown-or-disabled-app', r2.message ?? '');
  assert.equal(r2.aadsts, 7000112);
  assert.match(r2.message ?? '', /disabled/);
  for (const r of [r1, r2]) assert.equal(r.exitCode, 13);
});

test('missing permission: an expected role the app was never granted (token acquired, exit 14), and an API not in the tenant (AADSTS500011)', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'reader app', { role: 'Application.Read.All' });
  const profile = await saveProfile(home, { name: 'reader', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });
  const granted = await check(home, profile, ['application.read.all']);
  assert.equal(granted.result, 'ok', 'roles compare without regard to case');

  const r = await check(home, profile, ['Application.Read.All', 'Application.ReadWrite.All']);
  assert.equal(r.result, 'missing-permission');
  assert.equal(r.exitCode, 14);
  assert.equal(r.tokenAcquired, true);
  assert.equal(r.ok, false);
  assert.deepEqual(r.missingRoles, ['Application.ReadWrite.All']);
  assert.match(r.message ?? '', /Application\.ReadWrite\.All/);

  const noApi = await saveProfile(home, { name: 'no-api', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret', scopes: ['api://no-such-api/.default'] }, { clientSecret: a.secretText });
  const r2 = await check(home, noApi);
  assert.equal(r2.result, 'missing-permission', r2.message ?? '');
  assert.equal(r2.aadsts, 500011);
});

test('network: an emulator that has stopped (connection refused, the host named) and a local profile with no emulator, exit 15', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'network app');
  const { emu: stopped } = await homeWithEmulator();
  const host = stopped.info.authorityHost;
  await stopped.stop();
  const refused = await saveProfile(home, {
    name: 'refused', cloud: 'custom', custom: { authorityHost: host, graphUrl: host, keyVaultSuffix: '.vault.example.com' },
    tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret',
  }, { clientSecret: a.secretText });
  const r = await check(home, refused);
  assert.equal(r.result, 'network', r.message ?? '');
  assert.equal(r.exitCode, 15);
  assert.ok(r.message?.includes(new URL(host).host), `the host is named: ${r.message}`);
  assert.match(r.message ?? '', /refused/);

  const lonely = tempDir('eac-health-');
  const local = await saveProfile(lonely, { name: 'local', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret' }, { clientSecret: a.secretText });
  const r2 = await check(lonely, local);
  assert.equal(r2.result, 'network');
  assert.match(r2.message ?? '', /No running emulator/);
});

test('a secret that cannot be read (an env var that is not set): credential-unreadable, exit 1, naming the variable', async () => {
  const { home, emu } = await homeWithEmulator();
  const a = appWithSecret(emu, 'env app');
  const profile = await saveProfile(home, { name: 'envy', tenant: emu.info.tenantId, clientId: a.app.appId, authMethod: 'ClientSecret', secret: { kind: 'reference', ref: 'env:EAC_TEST_HEALTH_UNSET' } });
  const r = await check(home, profile);
  assert.equal(r.result, 'credential-unreadable');
  assert.equal(r.exitCode, 1);
  assert.match(r.message ?? '', /EAC_TEST_HEALTH_UNSET/);
  assert.equal(signInCount(emu), 0, 'nothing was sent');
});

test('a certificate profile: its thumbprint and notAfter from the file, and a new token', async () => {
  const { home, emu } = await homeWithEmulator();
  const c = appWithCertificate(emu, 'cert app');
  const path = join(home, 'cert.pem');
  writeFileSync(path, c.cert.certPem + c.cert.keyPem, { mode: 0o600 });
  const profile = await saveProfile(home, { name: 'cert', tenant: emu.info.tenantId, clientId: c.app.appId, authMethod: 'Certificate', certificate: { path, format: 'pem', hasPassword: false } });
  const r = await check(home, profile);
  assert.equal(r.result, 'ok', r.message ?? '');
  assert.ok(r.credential?.type === 'certificate');
  assert.equal(r.credential.thumbprint, c.sha1Hex);
  assert.equal(r.credential.thumbprintSha256, c.sha256Hex);
  assert.ok(Date.parse(r.credential.notAfter) > Date.now());
  assert.deepEqual(r.roles, ['Application.Read.All']);
  assert.doesNotMatch(JSON.stringify(r), /PRIVATE KEY/);
});

test('the worst of several: an expired secret outranks a network failure and a missing permission', () => {
  const r = (result: HealthReport['result']) => ({ result }) as HealthReport;
  assert.equal(worstExitCode([r('ok'), r('network'), r('missing-permission'), r('expired-secret')]), 10);
  assert.equal(worstExitCode([r('ok'), r('network'), r('skipped')]), 15);
  assert.equal(worstExitCode([r('ok'), r('skipped')]), 0);
});
