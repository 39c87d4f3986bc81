// Proves certificate client assertions (private_key_jwt) built by hand: RS256+x5t and PS256+x5t#S256 work; every forged, stale or misaddressed assertion is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { testEmulator, postForm, tokenUrl, claimsOf, type RawResponse } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';
import { createSelfSigned, thumbprints } from '../../src/emulator/tls/certificates.ts';
import { keyCredentialFromPem } from '../../src/emulator/state/seed.ts';
import { Tenant } from '../../src/emulator/state/tenant.ts';
import { GRAPH_APP_ID } from '../../src/emulator/state/microsoft-apps.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const GRAPH = 'https://graph.microsoft.com/.default';
const cert = createSelfSigned('cert-daemon');
const stranger = createSelfSigned('never-registered');
const certKey = createPrivateKey(cert.keyPem);

interface Spec {
  key?: KeyObject;
  certPem?: string;
  alg?: 'RS256' | 'PS256';
  /** Which thumbprint header to send: x5t (SHA-1, with RS256) or x5t#S256 (SHA-256, with PS256). */
  thumb?: 'x5t' | 'x5t#S256';
  claims?: Record<string, unknown>;
}

async function setup(): Promise<{ emu: RunningEmulator; clientId: string; aud: string; sign: (s?: Spec) => Promise<string>; redeem: (assertion: string, extra?: Record<string, string>) => Promise<RawResponse> }> {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const now = new Date();
  const { app, sp } = tenant.addApplication({ displayName: 'Cert Daemon' }, now);
  tenant.grantAppRole(sp, GRAPH_APP_ID, 'Application.Read.All', now);
  tenant.addKeyCredential(app, keyCredentialFromPem(cert.certPem, null));
  const clientId = app.appId;
  const aud = tokenUrl(emu);
  const sign = async (s: Spec = {}) => {
    const alg = s.alg ?? 'RS256';
    const thumb = s.thumb ?? (alg === 'PS256' ? 'x5t#S256' : 'x5t');
    const { sha1, sha256 } = thumbprints(s.certPem ?? cert.certPem);
    const t = Math.floor(Date.now() / 1000);
    const claims = { aud, iss: clientId, sub: clientId, jti: randomUUID(), nbf: t, iat: t, exp: t + 600, ...s.claims };
    return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', [thumb]: (thumb === 'x5t' ? sha1 : sha256).toString('base64url') }).sign(s.key ?? certKey);
  };
  const redeem = (assertion: string, extra: Record<string, string> = {}) => postForm(tokenUrl(emu), {
    grant_type: 'client_credentials', client_id: clientId, scope: GRAPH, client_assertion_type: JWT_BEARER, client_assertion: assertion, ...extra,
  });
  return { emu, clientId, aud, sign, redeem };
}

test('RS256 with x5t (SHA-1) gets a token with appidacr 2, logged as a certificate sign-in', async () => {
  const { emu, clientId, sign, redeem } = await setup();
  const res = await redeem(await sign());
  assert.equal(res.status, 200, res.text);
  const at = claimsOf(res.json.access_token);
  assert.equal(at.appid, clientId);
  assert.equal(at.appidacr, '2');
  assert.equal(at.idtyp, 'app');
  assert.deepEqual(at.roles, ['Application.Read.All']);
  const event = emu.store.defaultTenant.record.signIns.at(-1)!;
  assert.equal(event.clientCredentialType, 'certificate');
  assert.equal(event.servicePrincipalCredentialThumbprint, thumbprints(cert.certPem).sha1.toString('hex').toUpperCase());
  assert.equal(event.servicePrincipalCredentialKeyId, emu.store.defaultTenant.applicationByAppId(clientId)!.keyCredentials[0]!.keyId);
});

test('PS256 with x5t#S256 (SHA-256) works, for v1 and v2 resources', async () => {
  const { sign, redeem } = await setup();
  const res = await redeem(await sign({ alg: 'PS256' }));
  assert.equal(res.status, 200, res.text);
  assert.equal(claimsOf(res.json.access_token).appidacr, '2');
  const v2 = await redeem(await sign({ alg: 'PS256' }), { scope: 'api://contoso-orders/.default' });
  assert.equal(v2.status, 200, v2.text);
  assert.equal(claimsOf(v2.json.access_token).azpacr, '2');
});

test('the audience must be this tenant\'s token endpoint', async () => {
  const { emu, sign, redeem } = await setup();
  for (const aud of ['https://login.microsoftonline.com/common/oauth2/v2.0/token', tokenUrl(emu, randomUUID()), 'api://AzureADTokenExchange']) {
    const res = await redeem(await sign({ claims: { aud } }));
    assertEntraError(res, 401, 'invalid_client', 50013);
    assert.ok(res.json.error_description.includes(aud), 'the rejected audience is named');
  }
  const byDomain = await redeem(await sign({ claims: { aud: tokenUrl(emu, emu.info.tenantDomain) } }));
  assert.equal(byDomain.status, 200, 'the domain names the same tenant');
});

test('assertions outside their time range (beyond 5 minutes of skew) are AADSTS700024', async () => {
  const { sign, redeem } = await setup();
  const t = Math.floor(Date.now() / 1000);
  const expired = await redeem(await sign({ claims: { nbf: t - 1200, iat: t - 1200, exp: t - 600 } }));
  assertEntraError(expired, 401, 'invalid_client', 700024);
  assert.match(expired.json.error_description, /Client assertion is not within its valid time range\. Current time: /);
  assertEntraError(await redeem(await sign({ claims: { nbf: t + 900, iat: t + 900, exp: t + 1500 } })), 401, 'invalid_client', 700024);
  assertEntraError(await redeem(await sign({ claims: { exp: undefined } })), 401, 'invalid_client', 700024);
  assert.equal((await redeem(await sign({ claims: { nbf: t - 660, iat: t - 660, exp: t - 60 } }))).status, 200, 'a minute late is within skew');
});

test('a signature that does not verify, or a certificate that is not registered, is AADSTS700027', async () => {
  const { clientId, aud, sign, redeem } = await setup();
  // The registered certificate's thumbprint, signed by another key.
  assertEntraError(await redeem(await sign({ key: createPrivateKey(stranger.keyPem) })), 401, 'invalid_client', 700027);
  assertEntraError(await redeem(await sign({ key: createPrivateKey(stranger.keyPem), alg: 'PS256' })), 401, 'invalid_client', 700027);
  // A well-signed assertion for a certificate the app does not have.
  const unknown = await redeem(await sign({ key: createPrivateKey(stranger.keyPem), certPem: stranger.certPem }));
  assertEntraError(unknown, 401, 'invalid_client', 700027);
  assert.ok(unknown.json.error_description.includes(thumbprints(stranger.certPem).sha1.toString('hex').toUpperCase()), 'the presented thumbprint is named');
  assert.ok(unknown.json.error_description.includes(clientId));
  // Algorithm confusion: HS256 keyed with the public certificate, and an unsigned token.
  const { sha1 } = thumbprints(cert.certPem);
  const t = Math.floor(Date.now() / 1000);
  const claims = { aud, iss: clientId, sub: clientId, jti: randomUUID(), nbf: t, exp: t + 600 };
  const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', x5t: sha1.toString('base64url') }).sign(new TextEncoder().encode(cert.certPem));
  assertEntraError(await redeem(hs), 401, 'invalid_client', 700027);
  const unsigned = new UnsecuredJWT(claims).encode();
  const noneWithThumb = `${Buffer.from(JSON.stringify({ alg: 'none', x5t: sha1.toString('base64url') })).toString('base64url')}.${unsigned.split('.')[1]}.`;
  assertEntraError(await redeem(noneWithThumb), 401, 'invalid_client', 700027);
});

test('an expired key credential is refused even with a good signature', async () => {
  const { emu, clientId, sign, redeem } = await setup();
  emu.store.defaultTenant.applicationByAppId(clientId)!.keyCredentials[0]!.endDateTime = new Date(Date.now() - 86400e3).toISOString();
  const res = await redeem(await sign());
  assertEntraError(res, 401, 'invalid_client', 700027);
  assert.match(res.json.error_description, /is expired on application/);
});

test('iss/sub other than client_id is 700021; malformed assertions and wrong assertion types are 50027', async () => {
  const { sign, redeem } = await setup();
  const other = randomUUID();
  assertEntraError(await redeem(await sign({ claims: { iss: other, sub: other } })), 401, 'invalid_client', 700021);
  assertEntraError(await redeem(await sign({ claims: { sub: other } })), 401, 'invalid_client', 700021);
  for (const garbage of ['garbage', 'a.b.c', '', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln']) {
    assertEntraError(await redeem(garbage), 400, 'invalid_request', 50027);
  }
  const good = await sign();
  assertEntraError(await redeem(good, { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }), 400, 'invalid_request', 50027);
  assertEntraError(await redeem(good, { client_assertion_type: '' }), 400, 'invalid_request', 50027);
});

test('a valid assertion can be presented again (MSAL reuses it) but not at another tenant\'s endpoint', async () => {
  const { emu, clientId, sign, redeem } = await setup();
  const assertion = await sign();
  assert.equal((await redeem(assertion)).status, 200);
  assert.equal((await redeem(assertion)).status, 200, 'the same jti twice is accepted while valid');

  // The same app (same appId and certificate) registered in a second tenant.
  const other = Tenant.empty(randomUUID(), 'fabrikam.onmicrosoft.com', 'Fabrikam', new Date());
  emu.store.add(other);
  const { app } = other.addApplication({ displayName: 'Cert Daemon', appId: clientId }, new Date());
  other.addKeyCredential(app, keyCredentialFromPem(cert.certPem, null));
  const replay = await postForm(tokenUrl(emu, other.id), {
    grant_type: 'client_credentials', client_id: clientId, scope: GRAPH, client_assertion_type: JWT_BEARER, client_assertion: assertion,
  });
  assertEntraError(replay, 401, 'invalid_client', 50013);
  const own = await postForm(tokenUrl(emu, other.id), {
    grant_type: 'client_credentials', client_id: clientId, scope: GRAPH, client_assertion_type: JWT_BEARER,
    client_assertion: await sign({ claims: { aud: tokenUrl(emu, other.id) } }),
  });
  assert.equal(own.status, 200, own.text);
  assert.equal(claimsOf(own.json.access_token).tid, other.id);
});
