// Proves broken or hostile requests each get a clean, specific error (never a stack trace) and the emulator keeps serving afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';
import { connect as tcpConnect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { testEmulator, postForm, request, tokenUrl, claimsOf, type RawResponse } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';
import { Tenant } from '../../src/emulator/state/tenant.ts';

const GRAPH = 'https://graph.microsoft.com/.default';
const TWO_MB = 2 * 1024 * 1024;

// One emulator takes all the abuse in this file; the last test checks it still works.
const emu = await testEmulator();
const host = emu.info.authorityHost;
const tid = emu.info.tenantId;
const { clientId, clientSecret } = emu.info.bootstrap;
const seen: string[] = [];
const keep = (r: RawResponse): RawResponse => { seen.push(r.text); return r; };
const post = async (url: string, body: string | Buffer, type?: string) =>
  keep(await request(url, { method: 'POST', body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]), headers: type ? { 'content-type': type } : {} }));
const form = (url: string, f: Record<string, string>) => postForm(url, f).then(keep);

/** Sends bytes over TLS and returns whatever comes back before the server closes (or `waitMs` passes). */
function rawTls(payload: string | Buffer, opts: { destroyAfterWrite?: boolean; waitMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const done = () => { clearTimeout(timer); socket.destroy(); seen.push(out); resolve(out); };
    const socket = tlsConnect({ host: '127.0.0.1', port: emu.port, servername: 'localhost' }, () => {
      socket.write(payload);
      if (opts.destroyAfterWrite) setTimeout(done, 20);
    });
    const timer = setTimeout(done, opts.waitMs ?? 5_000);
    socket.on('data', (d) => { out += d.toString('latin1'); });
    socket.on('close', done);
    socket.on('error', done);
  });
}

const statusOf = (raw: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1]);
const bodyOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));

test('a JSON body instead of a form is AADSTS900144: grant_type missing', async () => {
  const res = await post(tokenUrl(emu), JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: GRAPH }), 'application/json');
  assertEntraError(res, 400, 'invalid_request', 900144);
  assert.match(res.json.error_description, /^AADSTS900144: The request body must contain the following parameter: 'grant_type'\./);
  const formAsJson = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: GRAPH }).toString();
  assertEntraError(await post(tokenUrl(emu), formAsJson, 'application/json'), 400, 'invalid_request', 900144);
  assertEntraError(await post(tokenUrl(emu), Buffer.from(formAsJson)), 400, 'invalid_request', 900144);
});

test('malformed form bodies get Entra errors naming what is wrong', async () => {
  const url = tokenUrl(emu);
  const type = 'application/x-www-form-urlencoded';
  for (const body of ['this is not a form', '&&&===&', 'grant_type', 'grant_type=', '=client_credentials', '\u0000\u0001\u0002']) {
    assertEntraError(await post(url, body, type), 400, 'invalid_request', 900144);
  }
  const invalidUtf8 = Buffer.concat([Buffer.from('grant_type='), Buffer.from([0xff, 0xfe, 0xc3])]);
  assertEntraError(await post(url, invalidUtf8, type), 400, 'unsupported_grant_type', 70003);
  assertEntraError(await post(url, `grant_type=client_credentials&client_id=${clientId}`, type), 401, 'invalid_client', 7000218);
  assertEntraError(await post(`${host}/${tid}/oauth2/v2.0/devicecode`, 'nonsense', type), 400, 'invalid_request', 900144);
});

test('invalid percent-encoding is taken literally and rejected as a wrong value', async () => {
  const res = await post(tokenUrl(emu), `grant_type=client%ZZcredentials&client_id=${clientId}`, 'application/x-www-form-urlencoded');
  assertEntraError(res, 400, 'unsupported_grant_type', 70003);
  assert.ok(res.json.error_description.includes("'client%ZZcredentials'"));
  const base = `grant_type=client_credentials&scope=${encodeURIComponent(GRAPH)}`;
  assertEntraError(await post(tokenUrl(emu), `${base}&client_id=${clientId}&client_secret=%E0%A4%A`, 'application/x-www-form-urlencoded'), 401, 'invalid_client', 7000215);
  assertEntraError(await post(tokenUrl(emu), `${base}&client_id=%G0%&client_secret=x`, 'application/x-www-form-urlencoded'), 400, 'unauthorized_client', 700016);
  assertEntraError(keep(await postForm(`${host}/%E0%A4%A/oauth2/v2.0/token`, { grant_type: 'client_credentials' })), 400, 'invalid_tenant', 90002);
  const page = keep(await request(`${host}/${tid}/oauth2/v2.0/authorize?client_id=%ZZ&response_type=code&scope=openid`));
  assert.equal(page.status, 400);
  assert.match(page.text, /AADSTS700016: Application with identifier &#39;%zz&#39; was not found/);
});

test('a 2 MB body is refused with 413 AADSTS90097 on every POST endpoint, with or without Content-Length', async () => {
  const big = `grant_type=client_credentials&scope=${'x'.repeat(TWO_MB)}`;
  for (const path of [`/${tid}/oauth2/v2.0/token`, `/${tid}/oauth2/v2.0/devicecode`, `/${tid}/oauth2/v2.0/authorize`, '/devicelogin']) {
    const res = await post(`${host}${path}`, big, 'application/x-www-form-urlencoded');
    assertEntraError(res, 413, 'invalid_request', 90097);
  }
  // Chunked upload: no Content-Length, so the limit is enforced while reading.
  const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpsRequest(tokenUrl(emu), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (let i = 0; i < 32; i++) req.write('x'.repeat(64 * 1024));
    req.end();
  });
  seen.push(chunked.text);
  assert.equal(chunked.status, 413);
  assert.deepEqual(JSON.parse(chunked.text).error_codes, [90097]);
});

test('unknown grant types, unknown routes and wrong methods', async () => {
  for (const grant of ['password', 'urn:example:unknown-grant', 'CLIENT_CREDENTIALS']) {
    assertEntraError(await form(tokenUrl(emu), { grant_type: grant, client_id: clientId, client_secret: clientSecret, scope: GRAPH }), 400, 'unsupported_grant_type', 70003);
  }
  for (const path of ['/', '/nope', `/${tid}/oauth2/v2.0/nothing-here`, `/${tid}/oauth2/v2.0/token/extra`, '/../../etc/passwd']) {
    const res = keep(await request(`${host}${path}`));
    assert.equal(res.status, 404, path);
    assert.match(res.headers.get('content-type')!, /^application\/json/);
    assert.equal(res.json.error.code, 'NotFound');
  }
  for (const [method, path] of [['GET', `/${tid}/oauth2/v2.0/token`], ['PUT', `/${tid}/oauth2/v2.0/devicecode`], ['DELETE', '/devicelogin'], ['PATCH', `/${tid}/oauth2/v2.0/authorize`]] as const) {
    const res = keep(await request(`${host}${path}`, { method }));
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.equal(res.json.error.code, 'MethodNotAllowed');
  }
});

test('a garbage or missing Host header falls back to the emulator\'s own address; a garbage target is 400', async () => {
  const get = (hostLine: string) => rawTls(`GET /${tid}/v2.0/.well-known/openid-configuration HTTP/1.1\r\n${hostLine}Connection: close\r\n\r\n`);
  for (const hostLine of ['Host: <script>alert(1)</script>\r\n', 'Host: [\r\n', 'Host: a:b:c\r\n', 'Host: localhost:99999\r\n', 'Host: \r\n']) {
    const raw = await get(hostLine);
    assert.equal(statusOf(raw), 200, hostLine);
    assert.equal(bodyOf(raw).token_endpoint, `${host}/${tid}/oauth2/v2.0/token`, hostLine);
  }
  const noHost = await rawTls(`GET /${tid}/v2.0/.well-known/openid-configuration HTTP/1.0\r\n\r\n`);
  assert.equal(bodyOf(noHost).issuer, `${host}/${tid}/v2.0`);
  const otherName = await get(`Host: localhost:${emu.port}\r\n`);
  assert.equal(bodyOf(otherName).token_endpoint, `https://localhost:${emu.port}/${tid}/oauth2/v2.0/token`, 'answers under the name it was reached by');

  for (const target of ['//[/x', 'http://[/x']) {
    const raw = await rawTls(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    assert.equal(statusOf(raw), 400, target);
    assert.equal(bodyOf(raw).error.code, 'BadRequest');
  }
  assert.equal(statusOf(await rawTls('NONSENSE\r\n\r\n')), 400, 'an unparseable request line is a plain 400');
});

test('clients that disconnect mid-body, mid-headers or mid-handshake do not disturb the server', async () => {
  const head = `POST /${tid}/oauth2/v2.0/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n`;
  for (let i = 0; i < 10; i++) assert.equal(await rawTls(`${head}grant_type=client_cred`, { destroyAfterWrite: true }), '');
  assert.equal(await rawTls(`POST /${tid}/oauth2/v2.0/token HTTP/1.1\r\nHost: loc`, { destroyAfterWrite: true }), '');
  await new Promise<void>((resolve) => {
    const s = tcpConnect(emu.port, '127.0.0.1', () => { s.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'); setTimeout(() => { s.destroy(); resolve(); }, 50); });
    s.on('error', () => resolve());
  });
  const res = await form(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: GRAPH });
  assert.equal(res.status, 200, res.text);
});

test('a sign-in form posted to another tenant\'s path stays in the tenant it started in', async () => {
  const other = Tenant.empty(randomUUID(), 'fabrikam.onmicrosoft.com', 'Fabrikam', new Date());
  other.addUser({ userPrincipalName: 'eve@fabrikam.onmicrosoft.com' }, new Date());
  emu.store.add(other);
  const devTool = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Dev Tool')!.appId;
  const q = new URLSearchParams({ client_id: devTool, response_type: 'code', redirect_uri: 'http://localhost:5000', scope: 'openid User.Read' });
  const page = keep(await request(`${host}/${tid}/oauth2/v2.0/authorize?${q}`));
  const pending = /name="request" value="([^"]+)"/.exec(page.text)![1]!;
  const res = await form(`${host}/${other.id}/oauth2/v2.0/authorize`, { request: pending, user: 'eve@fabrikam.onmicrosoft.com' });
  assert.equal(res.status, 200);
  assert.match(res.text, /That account does not exist in this tenant/);
  assert.ok(res.text.includes('dev@contoso.onmicrosoft.com') && !res.text.includes('eve@fabrikam'), 'the picker is the original tenant\'s');
  const stale = await form(`${host}/${tid}/oauth2/v2.0/authorize`, { request: 'no-such-request', user: 'dev@contoso.onmicrosoft.com' });
  assert.equal(stale.status, 400);
  assert.match(stale.text, /This sign-in request has expired or was already used/);
});

test('after all of that the emulator still issues tokens, and no error response carried a stack trace', async () => {
  const res = await form(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: GRAPH });
  assert.equal(res.status, 200, res.text);
  assert.equal(claimsOf(res.json.access_token).appid, clientId);
  assert.ok(seen.length > 40, `checked ${seen.length} responses`);
  for (const text of seen) {
    assert.doesNotMatch(text, /\n\s+at |\bat [\w$.<>]+ \(|node:internal|\.[cm]?[jt]s:\d+:\d+/, text.slice(0, 300));
  }
});
