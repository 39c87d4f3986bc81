// The token endpoint's client_credentials grant over real HTTPS: success with body and Basic credentials,
// the claims Entra puts in app tokens, and each documented failure with Entra's error shape and status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { testEmulator, postForm, tokenUrl, claimsOf, headerOf, request } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';

const GRAPH = 'https://graph.microsoft.com/.default';

test('client_credentials with a secret in the body returns a v1 Graph token with the granted roles', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const res = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: GRAPH });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.token_type, 'Bearer');
  assert.ok(res.json.expires_in > 3000 && res.json.expires_in <= 3600);
  assert.equal(res.json.refresh_token, undefined, 'client credentials never get a refresh token');
  assert.equal(res.headers.get('cache-control'), 'no-store, no-cache');
  const claims = claimsOf(res.json.access_token);
  const header = headerOf(res.json.access_token);
  assert.equal(header.alg, 'RS256');
  assert.equal(header.kid, header.x5t);
  assert.equal(claims.aud, 'https://graph.microsoft.com');
  assert.equal(claims.iss, `${emu.info.authorityHost}/${emu.info.tenantId}/`);
  assert.equal(claims.ver, '1.0');
  assert.equal(claims.appid, clientId);
  assert.equal(claims.appidacr, '1');
  assert.equal(claims.idtyp, 'app');
  assert.equal(claims.tid, emu.info.tenantId);
  assert.equal(claims.oid, claims.sub);
  assert.deepEqual([...claims.roles].sort(), ['Application.ReadWrite.All', 'AuditLog.Read.All', 'Directory.Read.All', 'Policy.ReadWrite.ApplicationConfiguration']);
  assert.ok(claims.exp > claims.iat && claims.nbf === claims.iat);
  assert.match(claims.uti, /^[A-Za-z0-9_-]{22}$/);
});

test('HTTP Basic client authentication works, with form-encoded id and secret', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  const res = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', scope: GRAPH }, { authorization: `Basic ${basic}` });
  assert.equal(res.status, 200, res.text);
});

test('the tenant can be named by its domain', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const res = await postForm(tokenUrl(emu, emu.info.tenantDomain), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: GRAPH });
  assert.equal(res.status, 200, res.text);
  assert.equal(claimsOf(res.json.access_token).tid, emu.info.tenantId);
});

test('a v2 token for the tenant\'s own API has aud = its appId and the v2 issuer', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const res = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'api://contoso-orders/.default' });
  assert.equal(res.status, 200, res.text);
  const claims = claimsOf(res.json.access_token);
  const api = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders API')!;
  assert.equal(claims.aud, api.appId);
  assert.equal(claims.iss, `${emu.info.authorityHost}/${emu.info.tenantId}/v2.0`);
  assert.equal(claims.ver, '2.0');
  assert.equal(claims.azp, clientId);
  assert.equal(claims.azpacr, '1');
  assert.equal(claims.roles, undefined, 'no roles claim when nothing is granted');
});

test('documented failures carry the AADSTS code, error and status Entra uses', async () => {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const { clientId, clientSecret } = emu.info.bootstrap;
  const url = tokenUrl(emu);
  const base = { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: GRAPH };

  assertEntraError(await postForm(url, { ...base, client_secret: 'not-the-secret-value-at-all' }), 401, 'invalid_client', 7000215);
  assertEntraError(await postForm(url, { ...base, client_id: '11111111-2222-3333-4444-555555555555' }), 400, 'unauthorized_client', 700016);
  assertEntraError(await postForm(tokenUrl(emu, '99999999-9999-9999-9999-999999999999'), base), 400, 'invalid_tenant', 90002);
  assertEntraError(await postForm(url, { ...base, scope: 'https://graph.microsoft.com/User.Read' }), 400, 'invalid_scope', 1002012);
  assertEntraError(await postForm(url, { ...base, scope: 'api://nobody-has-this/.default' }), 400, 'invalid_resource', 500011);
  assertEntraError(await postForm(url, { client_id: clientId, client_secret: clientSecret, scope: GRAPH }), 400, 'invalid_request', 900144);
  assertEntraError(await postForm(url, { ...base, grant_type: 'password' }), 400, 'unsupported_grant_type', 70003);
  const { client_secret: _omit, ...noSecret } = base;
  assertEntraError(await postForm(url, noSecret), 401, 'invalid_client', 7000218);
  assertEntraError(await postForm(tokenUrl(emu, 'common'), base), 400, 'invalid_request', 9001023);

  // An expired secret: right value, past its endDateTime.
  const app = tenant.applicationByAppId(clientId)!;
  const expiredValue = randomBytes(24).toString('base64url');
  tenant.addPassword(app, { value: expiredValue, startDateTime: new Date(Date.now() - 200 * 86400e3), endDateTime: new Date(Date.now() - 86400e3) }, new Date());
  assertEntraError(await postForm(url, { ...base, client_secret: expiredValue }), 401, 'invalid_client', 7000222);

  // A disabled service principal.
  tenant.servicePrincipalByAppId(clientId)!.accountEnabled = false;
  assertEntraError(await postForm(url, base), 400, 'unauthorized_client', 7000112);
});

test('every issuance and failure lands in the sign-in log with the credential used', async () => {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const { clientId, clientSecret } = emu.info.bootstrap;
  const before = tenant.record.signIns.length;
  await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: GRAPH });
  await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong-wrong-wrong-wrong', scope: GRAPH });
  const [ok, failed] = tenant.record.signIns.slice(before);
  const app = tenant.applicationByAppId(clientId)!;
  assert.equal(ok!.status.errorCode, 0);
  assert.equal(ok!.clientCredentialType, 'clientSecret');
  assert.equal(ok!.servicePrincipalCredentialKeyId, app.passwordCredentials.at(-1)!.keyId);
  assert.equal(ok!.servicePrincipalId, tenant.servicePrincipalByAppId(clientId)!.id);
  assert.equal(ok!.resourceDisplayName, 'Microsoft Graph');
  assert.equal(ok!.ipAddress, '127.0.0.1');
  assert.equal(failed!.status.errorCode, 7000215);
  assert.equal(failed!.appId, clientId);
  assert.equal(failed!.servicePrincipalCredentialKeyId, null);
});

test('client secrets exist only as salted hashes plus hint, in memory and on disk', async () => {
  const { mkdtempSync, readFileSync, readdirSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const stateDir = mkdtempSync(join(tmpdir(), 'eac-state-'));
  const emu = await testEmulator({ stateDir });
  const secret = emu.info.bootstrap.clientSecret;
  assert.match(secret, /^[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{34}$/, 'Entra\'s current 40-character format');
  const cred = emu.store.defaultTenant.applicationByAppId(emu.info.bootstrap.clientId)!.passwordCredentials.at(-1)!;
  assert.equal(cred.hint, secret.slice(0, 3));
  assert.ok(!JSON.stringify(emu.store.tenants.map((t) => t.record)).includes(secret), 'not in memory state');
  await emu.stop();
  for (const f of readdirSync(stateDir, { recursive: true }) as string[]) {
    const p = join(stateDir, f);
    if (statSync(p).isFile()) assert.ok(!readFileSync(p, 'utf8').includes(secret), `not in ${f}`);
  }
  assert.equal(statSync(join(stateDir, 'state.json')).mode & 0o777, 0o600);
  assert.equal(statSync(stateDir).mode & 0o777, 0o700);
});

test('discovery, JWKS and instance discovery have the shapes MSAL requires', async () => {
  const emu = await testEmulator();
  const host = emu.info.authorityHost;
  const oidc = await request(`${host}/${emu.info.tenantDomain}/v2.0/.well-known/openid-configuration`);
  assert.equal(oidc.status, 200);
  assert.equal(oidc.json.token_endpoint, `${host}/${emu.info.tenantId}/oauth2/v2.0/token`);
  assert.equal(oidc.json.issuer, `${host}/${emu.info.tenantId}/v2.0`);
  assert.equal(oidc.json.authorization_endpoint, `${host}/${emu.info.tenantId}/oauth2/v2.0/authorize`);
  const common = await request(`${host}/common/v2.0/.well-known/openid-configuration`);
  assert.equal(common.json.issuer, `${host}/{tenantid}/v2.0`);
  const keys = await request(oidc.json.jwks_uri);
  assert.equal(keys.json.keys.length, 1);
  assert.equal(keys.json.keys[0].kid, keys.json.keys[0].x5t);
  assert.ok(keys.json.keys[0].x5c[0].length > 100);
  const inst = await request(`${host}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${host}/common/oauth2/v2.0/authorize`)}`);
  assert.equal(inst.status, 200);
  assert.ok(inst.json.metadata[0].aliases.includes(new URL(host).host));
  const missing = await request(`${host}/not-a-tenant.example/v2.0/.well-known/openid-configuration`);
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.json.error_codes, [90002]);
});

test('the emulator\'s own base URL names Microsoft Graph as a resource (for tools configured with a Graph endpoint)', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const res = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: `${emu.info.graphBaseUrl}/.default` });
  assert.equal(res.status, 200, res.text);
  assert.equal(claimsOf(res.json.access_token).aud, emu.info.graphBaseUrl);
  const org = await request(`${emu.info.graphBaseUrl}/v1.0/organization`, { headers: { authorization: `Bearer ${res.json.access_token}` } });
  assert.equal(org.status, 200, org.text);
  assert.equal(org.json.value[0].id, emu.info.tenantId);
});

test('identifier URIs resolve to their API, and follow changes to the app', async () => {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const { clientId, clientSecret } = emu.info.bootstrap;
  const { app } = tenant.addApplication({ displayName: 'Moving API', identifierUris: ['api://one'] }, new Date());
  const ask = (scope: string) => postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope });
  const first = await ask('api://one/.default');
  assert.equal(first.status, 200, first.text);
  assert.equal(claimsOf(first.json.access_token).aud, app.appId);
  app.identifierUris = ['api://two']; // what PATCH /applications/{id} does
  assert.equal((await ask('api://two/.default')).status, 200);
  const gone = await ask('api://one/.default');
  assert.deepEqual(gone.json.error_codes, [500011]);
});
