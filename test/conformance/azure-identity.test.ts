// Proves unmodified @azure/identity ClientSecretCredential and ClientCertificateCredential get Graph app tokens from the emulator (authorityHost + disableInstanceDiscovery).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationRequiredError, ClientCertificateCredential, ClientSecretCredential, CredentialUnavailableError } from '@azure/identity';
import { testEmulator, claimsOf } from '../helpers/emulator.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { appWithCertificate } from '../helpers/fixtures.ts';
import { createSelfSigned } from '../../src/emulator/tls/certificates.ts';

const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';

function options(emu: RunningEmulator) {
  return { authorityHost: emu.info.authorityHost, disableInstanceDiscovery: true };
}

function assertGraphAppToken(emu: RunningEmulator, token: { token: string; expiresOnTimestamp: number; tokenType?: string }, appId: string, appidacr: string) {
  assert.equal(token.tokenType, 'Bearer');
  const lifetime = token.expiresOnTimestamp - Date.now();
  assert.ok(lifetime > 3000_000 && lifetime <= 3600_000, `expiresOnTimestamp from expires_in (${lifetime} ms)`);
  const claims = claimsOf(token.token);
  assert.equal(claims.aud, 'https://graph.microsoft.com');
  assert.equal(claims.iss, `${emu.info.authorityHost}/${emu.info.tenantId}/`);
  assert.equal(claims.tid, emu.info.tenantId);
  assert.equal(claims.appid, appId);
  assert.equal(claims.appidacr, appidacr);
  assert.equal(claims.idtyp, 'app');
  assert.equal(claims.oid, emu.store.defaultTenant.servicePrincipalByAppId(appId)!.id);
  return claims;
}

test('ClientSecretCredential: a Graph app token, then the same token from the credential\'s cache', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const signIns = emu.store.defaultTenant.record.signIns;
  const credential = new ClientSecretCredential(emu.info.tenantId, clientId, clientSecret, options(emu));

  const before = signIns.length;
  const first = await credential.getToken(GRAPH_DEFAULT);
  const claims = assertGraphAppToken(emu, first, clientId, '1');
  assert.deepEqual([...claims.roles].sort(), ['Application.ReadWrite.All', 'AuditLog.Read.All', 'Directory.Read.All', 'Policy.ReadWrite.ApplicationConfiguration']);
  assert.equal(signIns.length, before + 1);
  assert.equal(signIns.at(-1)!.clientCredentialType, 'clientSecret');

  const second = await credential.getToken(GRAPH_DEFAULT);
  assert.equal(second.token, first.token);
  assert.equal(signIns.length, before + 1, 'served from the cache: no second sign-in');
});

test('ClientSecretCredential accepts the tenant\'s domain as tenantId', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const credential = new ClientSecretCredential(emu.info.tenantDomain, clientId, clientSecret, options(emu));
  assertGraphAppToken(emu, await credential.getToken(GRAPH_DEFAULT), clientId, '1');
});

// @azure/identity wraps MSAL's ServerError for the token endpoint's 4xx in AuthenticationRequiredError (msal/utils.ts handleMsalError).
test('ClientSecretCredential with a wrong secret rejects with Entra\'s AADSTS7000215 text', async () => {
  const emu = await testEmulator();
  const credential = new ClientSecretCredential(emu.info.tenantId, emu.info.bootstrap.clientId, 'definitely-not-the-value', options(emu));
  await assert.rejects(credential.getToken(GRAPH_DEFAULT), (err: any) => {
    assert.ok(err instanceof AuthenticationRequiredError, `got ${err?.name}: ${err?.message}`);
    assert.match(err.message, /AADSTS7000215: Invalid client secret provided/);
    assert.deepEqual(err.scopes, [GRAPH_DEFAULT]);
    return true;
  });
});

// MSAL turns a failed openid-configuration GET (our 400 AADSTS90002) into endpoints_resolution_error, as with Entra.
test('ClientSecretCredential for an unknown tenant is CredentialUnavailableError (endpoints_resolution_error)', async () => {
  const emu = await testEmulator();
  const credential = new ClientSecretCredential('99999999-9999-9999-9999-999999999999', emu.info.bootstrap.clientId, emu.info.bootstrap.clientSecret, options(emu));
  await assert.rejects(credential.getToken(GRAPH_DEFAULT), (err: any) => {
    assert.ok(err instanceof CredentialUnavailableError, `got ${err?.name}: ${err?.message}`);
    assert.match(err.message, /endpoints_resolution_error/);
    return true;
  });
});

test('ClientCertificateCredential with cert + key as one PEM string', async () => {
  const emu = await testEmulator();
  const c = appWithCertificate(emu, 'Identity cert app (PEM)');
  const credential = new ClientCertificateCredential(emu.info.tenantId, c.app.appId, { certificate: c.cert.certPem + c.cert.keyPem }, options(emu));
  const claims = assertGraphAppToken(emu, await credential.getToken(GRAPH_DEFAULT), c.app.appId, '2');
  assert.deepEqual(claims.roles, ['Application.Read.All']);
  const event = emu.store.defaultTenant.record.signIns.at(-1)!;
  assert.equal(event.appId, c.app.appId);
  assert.equal(event.clientCredentialType, 'certificate');
  assert.equal(event.servicePrincipalCredentialThumbprint, c.sha1Hex.toUpperCase());
  assert.equal(event.servicePrincipalCredentialKeyId, c.app.keyCredentials[0]!.keyId);
});

test('ClientCertificateCredential with certificatePath, sending the certificate chain (x5c)', async (t) => {
  const emu = await testEmulator();
  const c = appWithCertificate(emu, 'Identity cert app (file)');
  const dir = mkdtempSync(join(tmpdir(), 'eac-conformance-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const certificatePath = join(dir, 'client.pem');
  writeFileSync(certificatePath, c.cert.keyPem + c.cert.certPem, { mode: 0o600 });
  const credential = new ClientCertificateCredential(emu.info.tenantId, c.app.appId, { certificatePath }, { ...options(emu), sendCertificateChain: true });
  assertGraphAppToken(emu, await credential.getToken(GRAPH_DEFAULT), c.app.appId, '2');
  assert.equal(emu.store.defaultTenant.record.signIns.at(-1)!.servicePrincipalCredentialThumbprint, c.sha1Hex.toUpperCase());
});

test('ClientCertificateCredential with a certificate the app does not have fails with AADSTS700027', async () => {
  const emu = await testEmulator();
  const c = appWithCertificate(emu, 'Identity cert app (wrong cert)');
  const stranger = createSelfSigned('a stranger');
  const credential = new ClientCertificateCredential(emu.info.tenantId, c.app.appId, { certificate: stranger.certPem + stranger.keyPem }, options(emu));
  await assert.rejects(credential.getToken(GRAPH_DEFAULT), (err: any) => {
    assert.ok(err instanceof AuthenticationRequiredError, `got ${err?.name}: ${err?.message}`);
    assert.match(err.message, /AADSTS700027: .*The key was not found/);
    return true;
  });
  assert.equal(emu.store.defaultTenant.record.signIns.at(-1)!.status.errorCode, 700027);
});
