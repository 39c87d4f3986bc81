// Proves the beta sign-in activity reports (appCredentialSignInActivities, servicePrincipalSignInActivities) are fed by the token endpoint with the key that signed in (app or service-principal secret, certificate), filter and sort like Graph, are beta only, need AuditLog.Read.All, and are limited to 5 requests per 10 s when throttling is on; and that beta signIns filter by key id and time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { testEmulator, postForm, tokenUrl } from '../helpers/emulator.ts';
import { appToken, assertGraphError, bootstrapToken, graph, makeApp, GRAPH_DEFAULT } from '../helpers/graph.ts';
import { createSelfSigned, thumbprints } from '../../src/emulator/tls/certificates.ts';
import { keyCredentialFromPem } from '../../src/emulator/state/seed.ts';
import { GRAPH_APP_ID } from '../../src/emulator/state/microsoft-apps.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const ask = (emu: RunningEmulator, clientId: string, secret: string) =>
  postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: GRAPH_DEFAULT });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const q = (s: string) => encodeURIComponent(s);

test('appCredentialSignInActivities: one row per key that signed in (app secret, service-principal secret, certificate), with Graph\'s fields', async () => {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const daemon = makeApp(emu, 'Report Daemon', []);
  const appKey = daemon.app.passwordCredentials[0]!.keyId;
  const { credential: spCred, secretText: spSecret } = tenant.addPassword(daemon.sp, { displayName: 'on the sp' }, new Date());
  const unused = tenant.addPassword(daemon.app, { displayName: 'never used' }, new Date());
  const expired = tenant.addPassword(daemon.app, { displayName: 'old', startDateTime: new Date(Date.now() - 10 * 86400_000), endDateTime: new Date(Date.now() - 86400_000) }, new Date());

  assert.equal((await ask(emu, daemon.clientId, daemon.secret)).status, 200);
  assert.equal((await ask(emu, daemon.clientId, spSecret)).status, 200, 'a secret on the service principal signs in too');
  const exp = await ask(emu, daemon.clientId, expired.secretText);
  assert.equal(exp.status, 401);
  assert.deepEqual(exp.json.error_codes, [7000222]);

  // A certificate on the app, used through a client assertion.
  const cert = createSelfSigned('report-cert');
  const kc = keyCredentialFromPem(cert.certPem, null);
  tenant.addKeyCredential(daemon.app, kc);
  const t = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ aud: tokenUrl(emu), iss: daemon.clientId, sub: daemon.clientId, jti: randomUUID(), nbf: t, exp: t + 600 })
    .setProtectedHeader({ alg: 'RS256', x5t: thumbprints(cert.certPem).sha1.toString('base64url') }).sign(createPrivateKey(cert.keyPem));
  const byCert = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: daemon.clientId, scope: GRAPH_DEFAULT, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
  assert.equal(byCert.status, 200, byCert.text);

  const token = await bootstrapToken(emu);
  const res = await graph(emu, 'GET', `/reports/appCredentialSignInActivities?$filter=${q(`appId eq '${daemon.clientId}'`)}`, { token, version: 'beta' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json['@odata.context'], `${emu.info.graphBaseUrl}/beta/$metadata#reports/appCredentialSignInActivities`);
  const rows: any[] = res.json.value;
  assert.deepEqual(rows.map((r) => r.keyId).sort(), [appKey, spCred.keyId, kc.keyId].sort(), 'used keys only: not the unused one, not the expired one that failed');
  assert.ok(!rows.some((r) => r.keyId === unused.credential.keyId));

  const app = rows.find((r) => r.keyId === appKey);
  assert.deepEqual(Object.keys(app).sort(), ['appId', 'appObjectId', 'createdDateTime', 'credentialOrigin', 'expirationDateTime', 'id', 'keyId', 'keyType', 'keyUsage', 'resourceId', 'servicePrincipalObjectId', 'signInActivity']);
  assert.equal(app.id, b64(`${appKey}|application`));
  assert.equal(app.keyType, 'clientSecret');
  assert.equal(app.keyUsage, 'sign');
  assert.equal(app.credentialOrigin, 'application');
  assert.equal(app.appObjectId, daemon.app.id);
  assert.equal(app.servicePrincipalObjectId, daemon.sp.id);
  assert.equal(app.resourceId, GRAPH_APP_ID);
  assert.equal(app.expirationDateTime, daemon.app.passwordCredentials[0]!.endDateTime);
  assert.ok(Date.now() - Date.parse(app.signInActivity.lastSignInDateTime) < 60_000);
  assert.equal(rows.find((r) => r.keyId === spCred.keyId).credentialOrigin, 'servicePrincipal');
  const certRow = rows.find((r) => r.keyId === kc.keyId);
  assert.equal(certRow.keyType, 'certificate');
  assert.equal(certRow.keyUsage, 'verify');

  // lastSignInRequestId is the sign-in log entry of that request; the log has the key id, the failure its code.
  const spFilter = "signInEventTypes/any(t: t eq 'servicePrincipal')";
  const log = await graph(emu, 'GET', `/auditLogs/signIns?$filter=${q(`${spFilter} and servicePrincipalCredentialKeyId eq '${appKey}'`)}`, { token, version: 'beta' });
  assert.equal(log.status, 200, log.text);
  assert.deepEqual(log.json.value.map((e: any) => e.id), [app.signInActivity.lastSignInRequestId]);
  const failed = await graph(emu, 'GET', `/auditLogs/signIns?$filter=${q(`${spFilter} and servicePrincipalCredentialKeyId eq '${expired.credential.keyId}'`)}`, { token, version: 'beta' });
  assert.equal(failed.json.value.length, 1);
  assert.equal(failed.json.value[0].status.errorCode, 7000222);

  // Filter by key id, get by id, $top with a nextLink, $orderby.
  const one = await graph(emu, 'GET', `/reports/appCredentialSignInActivities?$filter=${q(`keyId eq '${kc.keyId}'`)}`, { token, version: 'beta' });
  assert.deepEqual(one.json.value.map((r: any) => r.keyId), [kc.keyId]);
  const got = await graph(emu, 'GET', `/reports/appCredentialSignInActivities/${app.id}`, { token, version: 'beta' });
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.keyId, appKey);
  assertGraphError(await graph(emu, 'GET', `/reports/appCredentialSignInActivities/${b64('nope|application')}`, { token, version: 'beta' }), 404, 'Request_ResourceNotFound');
  const page = await graph(emu, 'GET', '/reports/appCredentialSignInActivities?$top=1', { token, version: 'beta' });
  assert.equal(page.json.value.length, 1);
  assert.ok(page.json['@odata.nextLink']);
  const sorted = await graph(emu, 'GET', '/reports/appCredentialSignInActivities?$orderby=expirationDateTime desc', { token, version: 'beta' });
  const ends = sorted.json.value.map((r: any) => r.expirationDateTime);
  assert.deepEqual(ends, [...ends].sort().reverse());
});

test('servicePrincipalSignInActivities: the client side and the resource side of app-only sign-ins', async () => {
  const emu = await testEmulator();
  const daemon = makeApp(emu, 'SP Report Daemon', []);
  assert.equal((await ask(emu, daemon.clientId, daemon.secret)).status, 200);
  const token = await bootstrapToken(emu);
  const res = await graph(emu, 'GET', `/reports/servicePrincipalSignInActivities?$filter=${q(`appId eq '${daemon.clientId}'`)}`, { token, version: 'beta' });
  assert.equal(res.status, 200, res.text);
  const [row] = res.json.value;
  assert.equal(row.id, b64(daemon.clientId));
  assert.ok(row.applicationAuthenticationClientSignInActivity.lastSignInDateTime);
  assert.equal(row.applicationAuthenticationResourceSignInActivity, null);
  assert.equal(row.delegatedClientSignInActivity, null);
  assert.deepEqual(row.lastSignInActivity, row.applicationAuthenticationClientSignInActivity);
  const graphRow = await graph(emu, 'GET', `/reports/servicePrincipalSignInActivities/${b64(GRAPH_APP_ID)}`, { token, version: 'beta' });
  assert.equal(graphRow.status, 200, graphRow.text);
  assert.ok(graphRow.json.applicationAuthenticationResourceSignInActivity.lastSignInDateTime, 'Graph was the resource');
});

test('the reports are beta only and need AuditLog.Read.All', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  for (const report of ['appCredentialSignInActivities', 'servicePrincipalSignInActivities']) {
    assertGraphError(await graph(emu, 'GET', `/reports/${report}`, { token }), 400, 'BadRequest', new RegExp(`segment '${report}'`));
    const reader = await appToken(emu, ['Application.Read.All'], `Reader for ${report}`);
    assertGraphError(await graph(emu, 'GET', `/reports/${report}`, { token: reader.token, version: 'beta' }), 403, 'Authorization_RequestDenied');
    const auditor = await appToken(emu, ['AuditLog.Read.All'], `Auditor for ${report}`);
    assert.equal((await graph(emu, 'GET', `/reports/${report}`, { token: auditor.token, version: 'beta' })).status, 200);
  }
});

test('with throttling on, the log and report APIs allow 5 requests per 10 s per app, apart from the resource-unit budget', async () => {
  let now = Date.now();
  const emu = await testEmulator({ throttle: { limitPer10s: 10_000 }, now: () => now });
  const token = await bootstrapToken(emu);
  const paths = ['/reports/appCredentialSignInActivities', '/auditLogs/signIns', '/reports/servicePrincipalSignInActivities', '/auditLogs/signIns', '/reports/appCredentialSignInActivities'];
  for (const p of paths) assert.equal((await graph(emu, 'GET', p, { token, version: 'beta' })).status, 200, p);
  const sixth = await graph(emu, 'GET', '/reports/appCredentialSignInActivities', { token, version: 'beta' });
  assertGraphError(sixth, 429, 'TooManyRequests');
  assert.equal(sixth.headers.get('retry-after'), '10');
  assert.equal((await graph(emu, 'GET', '/applications?$top=1', { token })).status, 200, 'other Graph calls are not held back');
  now += 10_001;
  assert.equal((await graph(emu, 'GET', '/reports/appCredentialSignInActivities', { token, version: 'beta' })).status, 200, 'the window has moved on');
});
