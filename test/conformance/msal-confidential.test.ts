// Proves unmodified @azure/msal-node ConfidentialClientApplication gets app tokens from the emulator with a secret and with certificates (SHA-1 and SHA-256 thumbprints).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ConfidentialClientApplication, type Configuration, type INetworkModule } from '@azure/msal-node';
import { testEmulator, claimsOf, headerOf, request } from '../helpers/emulator.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { appWithCertificate } from '../helpers/fixtures.ts';
import { createSelfSigned, thumbprints } from '../../src/emulator/tls/certificates.ts';

const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];

function auth(emu: RunningEmulator, clientId: string) {
  return {
    clientId,
    authority: `${emu.info.authorityHost}/${emu.info.tenantId}`,
    knownAuthorities: [new URL(emu.info.authorityHost).host],
  };
}

/**
 * MSAL's own default HTTP client, wrapped (via the documented system.networkClient option) to keep the
 * client_assertion of each token request, so the test can see which JWT header MSAL chose.
 */
function watchedNetwork(): { networkClient: INetworkModule; assertions: string[] } {
  const probe = new ConfidentialClientApplication({ auth: { clientId: '00000000-0000-0000-0000-000000000001', clientSecret: 'probe' } });
  const inner = (probe as unknown as { config: { system: { networkClient: INetworkModule } } }).config.system.networkClient;
  const assertions: string[] = [];
  const networkClient: INetworkModule = {
    sendGetRequestAsync: (url, options, timeout) => inner.sendGetRequestAsync(url, options, timeout),
    sendPostRequestAsync: (url, options) => {
      const a = new URLSearchParams(options?.body ?? '').get('client_assertion');
      if (a) assertions.push(a);
      return inner.sendPostRequestAsync(url, options);
    },
  };
  return { networkClient, assertions };
}

test('client secret: MSAL gets a Graph app token, and serves the second call from its cache', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const signIns = emu.store.defaultTenant.record.signIns;
  const cca = new ConfidentialClientApplication({ auth: { ...auth(emu, clientId), clientSecret } });

  const before = signIns.length;
  const first = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
  assert.ok(first, 'MSAL returned a result');
  assert.equal(first.fromCache, false);
  assert.equal(first.tokenType, 'Bearer');
  const claims = claimsOf(first.accessToken);
  assert.equal(claims.aud, 'https://graph.microsoft.com');
  assert.equal(claims.appid, clientId);
  assert.equal(claims.appidacr, '1');
  assert.equal(claims.idtyp, 'app');
  assert.equal(claims.tid, emu.info.tenantId);
  assert.ok(claims.roles.includes('Application.ReadWrite.All'));
  assert.ok(first.expiresOn && first.expiresOn.getTime() > Date.now() + 3000_000, 'expiresOn comes from expires_in');
  assert.equal(signIns.length, before + 1);
  assert.equal(signIns.at(-1)!.clientCredentialType, 'clientSecret');
  assert.equal(signIns.at(-1)!.status.errorCode, 0);

  const second = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
  assert.ok(second);
  assert.equal(second.fromCache, true);
  assert.equal(second.accessToken, first.accessToken);
  assert.equal(signIns.length, before + 1, 'no new sign-in: the token came from MSAL\'s cache');
});

test('a wrong client secret surfaces AADSTS7000215 through MSAL\'s ServerError', async () => {
  const emu = await testEmulator();
  const cca = new ConfidentialClientApplication({ auth: { ...auth(emu, emu.info.bootstrap.clientId), clientSecret: 'this-is-not-the-right-value' } });
  await assert.rejects(cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }), (err: any) => {
    assert.equal(err.errorCode, 'invalid_client');
    assert.match(err.errorMessage, /AADSTS7000215/);
    assert.equal(Number(err.errorNo), 7000215);
    return true;
  });
});

for (const variant of ['sha1', 'sha256'] as const) {
  test(`certificate with a ${variant.toUpperCase()} thumbprint: MSAL's ${variant === 'sha1' ? 'RS256 + x5t' : 'PS256 + x5t#S256'} assertion is accepted (appidacr 2)`, async () => {
    const emu = await testEmulator();
    const signIns = emu.store.defaultTenant.record.signIns;
    const c = appWithCertificate(emu, `Cert app ${variant}`);
    const clientCertificate = variant === 'sha1'
      ? { thumbprint: c.sha1Hex, privateKey: c.cert.keyPem }
      : { thumbprintSha256: c.sha256Hex, privateKey: c.cert.keyPem };
    const watch = watchedNetwork();
    const cca = new ConfidentialClientApplication({ auth: { ...auth(emu, c.app.appId), clientCertificate }, system: { networkClient: watch.networkClient } });

    const result = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    assert.ok(result);
    const claims = claimsOf(result.accessToken);
    assert.equal(claims.appid, c.app.appId);
    assert.equal(claims.appidacr, '2');
    assert.equal(claims.oid, c.sp.id);
    assert.deepEqual(claims.roles, ['Application.Read.All']);

    const event = signIns.at(-1)!;
    assert.equal(event.appId, c.app.appId);
    assert.equal(event.status.errorCode, 0);
    assert.equal(event.clientCredentialType, 'certificate');
    assert.equal(event.servicePrincipalCredentialThumbprint, c.sha1Hex.toUpperCase());
    assert.equal(event.servicePrincipalCredentialKeyId, c.app.keyCredentials[0]!.keyId);

    // The assertion MSAL sent: the header the config selects, aud = the token endpoint from discovery.
    assert.equal(watch.assertions.length, 1);
    const header = headerOf(watch.assertions[0]!);
    const sent = claimsOf(watch.assertions[0]!);
    if (variant === 'sha1') {
      assert.equal(header.alg, 'RS256');
      assert.equal(header.x5t, Buffer.from(c.sha1Hex, 'hex').toString('base64url'));
      assert.equal(header['x5t#S256'], undefined);
    } else {
      assert.equal(header.alg, 'PS256');
      assert.equal(header['x5t#S256'], Buffer.from(c.sha256Hex, 'hex').toString('base64url'));
      assert.equal(header.x5t, undefined);
    }
    assert.equal(sent.aud, `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`);
    assert.equal(sent.iss, c.app.appId);
    assert.equal(sent.sub, c.app.appId);
  });
}

test('a certificate not registered on the app fails with AADSTS700027 through MSAL', async () => {
  const emu = await testEmulator();
  const c = appWithCertificate(emu, 'Cert app mismatch');
  const stranger = createSelfSigned('not registered anywhere');
  const strangerSha256 = createHash('sha256').update(thumbprints(stranger.certPem).der).digest('hex');
  const cca = new ConfidentialClientApplication({
    auth: { ...auth(emu, c.app.appId), clientCertificate: { thumbprintSha256: strangerSha256, privateKey: stranger.keyPem } },
  });
  await assert.rejects(cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }), (err: any) => {
    assert.equal(err.errorCode, 'invalid_client');
    assert.match(err.errorMessage, /AADSTS700027/);
    assert.match(err.errorMessage, /The key was not found/);
    return true;
  });
  const event = emu.store.defaultTenant.record.signIns.at(-1)!;
  assert.equal(event.appId, c.app.appId);
  assert.equal(event.status.errorCode, 700027);
});

test('the right thumbprint with the wrong private key fails signature validation (AADSTS700027)', async () => {
  const emu = await testEmulator();
  const c = appWithCertificate(emu, 'Cert app wrong key');
  const otherKey = createSelfSigned('other key').keyPem;
  const cca = new ConfidentialClientApplication({
    auth: { ...auth(emu, c.app.appId), clientCertificate: { thumbprintSha256: c.sha256Hex, privateKey: otherKey } },
  });
  await assert.rejects(cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }), (err: any) => {
    assert.match(err.errorMessage, /AADSTS700027: Client assertion failed signature validation/);
    return true;
  });
});

test('without knownAuthorities, cloudDiscoveryMetadata fetched from the emulator\'s instance discovery is enough', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const authority = `${emu.info.authorityHost}/${emu.info.tenantId}`;
  const discovery = await request(`${emu.info.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${authority}/oauth2/v2.0/authorize`)}`);
  assert.equal(discovery.status, 200, discovery.text);

  const config: Configuration = { auth: { clientId, clientSecret, authority, cloudDiscoveryMetadata: discovery.text } };
  const cca = new ConfidentialClientApplication(config);
  const result = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
  assert.ok(result);
  assert.equal(claimsOf(result.accessToken).appid, clientId);
  assert.equal(claimsOf(result.accessToken).tid, emu.info.tenantId);
});

test('naming the tenant by its domain works: MSAL resolves endpoints from the emulator\'s discovery document', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const cca = new ConfidentialClientApplication({
    auth: { clientId, clientSecret, authority: `${emu.info.authorityHost}/${emu.info.tenantDomain}`, knownAuthorities: [new URL(emu.info.authorityHost).host] },
  });
  const result = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
  assert.ok(result);
  assert.equal(claimsOf(result.accessToken).tid, emu.info.tenantId);
  assert.equal(result.tenantId, '', 'MSAL takes tenantId from an id_token; app tokens have none');
});
