// Fault injection (src/emulator/faults.ts) over real HTTPS: latency, errors shaped like each service's,
// Retry-After, dropped connections, slow bodies, rate and times, the /_emulator/faults admin endpoint
// (loopback only), the rule parser's errors, and the `emulator start --fault / --throttle` flags.
// Timing is asserted with generous lower bounds only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { networkInterfaces } from 'node:os';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { FaultRuleError, faultPathMatches, formatFaultRule, parseFaultRule } from '../../src/emulator/faults.ts';
import { testEmulator, postForm, tokenUrl, request, type RawResponse } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';
import { cleanupCli, homeTrustingTestCa, runCli, startCliEmulator } from '../helpers/cli.ts';

after(cleanupCli);

const GRAPH = 'https://graph.microsoft.com/.default';

function tokenRequest(emu: { info: RunningEmulator['info'] }): Promise<RawResponse> {
  const { info } = emu;
  return postForm(`${info.authorityHost}/${info.tenantId}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials', client_id: info.bootstrap.clientId, client_secret: info.bootstrap.clientSecret, scope: GRAPH,
  });
}

async function graphToken(emu: { info: RunningEmulator['info'] }): Promise<string> {
  const res = await tokenRequest(emu);
  assert.equal(res.status, 200, res.text);
  return res.json.access_token;
}

/** A request to the admin endpoint; `body` is sent as JSON (a string becomes a JSON string). */
function admin(base: string, method: string, body?: unknown, path = '/_emulator/faults'): Promise<RawResponse> {
  return request(`${base}${path}`, {
    method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

// ---- the rule syntax ------------------------------------------------------------------------------
test('the rule parser reads the documented syntax', () => {
  assert.deepEqual(parseFaultRule('POST /v1.0/applications/*/addPassword error=503 rate=1'), { method: 'POST', path: '/v1.0/applications/*/addPassword', error: 503, rate: 1 });
  assert.deepEqual(parseFaultRule('* /v1.0/* latency=200'), { method: '*', path: '/v1.0/*', latencyMs: 200 });
  assert.deepEqual(parseFaultRule('get /x latency=2s'), { method: 'GET', path: '/x', latencyMs: 2000 });
  assert.deepEqual(parseFaultRule('POST /*/oauth2/v2.0/token drop times=1'), { method: 'POST', path: '/*/oauth2/v2.0/token', drop: true, times: 1 });
  assert.deepEqual(parseFaultRule('GET /v1.0/applications slow=64/20'), { method: 'GET', path: '/v1.0/applications', slowBody: { chunkBytes: 64, delayMs: 20 } });
  assert.deepEqual(parseFaultRule('  GET   /a  error=500 retry-after=5  rate=25% '), { method: 'GET', path: '/a', error: 500, retryAfterSeconds: 5, rate: 0.25 });
  for (const text of ['PATCH /v1.0/** latency=10ms error=504 rate=0.5 times=3', 'DELETE /x drop rate=0.1', '* /v1.0/* slow=1/0 latency=5']) {
    const rule = parseFaultRule(text);
    assert.deepEqual(parseFaultRule(formatFaultRule(rule)), rule, `${text} round-trips through formatFaultRule`);
  }
});

test('rule parser errors name the rule and say what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['', /expected 'METHOD PATH \[OPTION \.\.\.\]'/],
    ['GET', /expected 'METHOD PATH/],
    ['/v1.0/* latency=200', /start with the HTTP method or \*/],
    ['FETCH /x latency=1', /unknown method 'FETCH'/],
    ['GET v1.0/x latency=1', /the path must start with '\/'/],
    ['GET /x?a=1 latency=1', /without query/],
    ['GET /x', /it does nothing/],
    ['GET /x foo=1', /unknown option 'foo=1' \(known: latency=, error=, retry-after=, drop, slow=, rate=, times=\)/],
    ['GET /x error=502', /error must be 500, 503 or 504, got '502'/],
    ['GET /x error=', /'error' needs a value, e.g\. error=503/],
    ['GET /x latency=soon', /latency must be milliseconds/],
    ['GET /x latency=700000', /latencyMs must be a whole number from 0 to 600000/],
    ['GET /x error=500 rate=1.5', /rate must be a number from 0 to 1/],
    ['GET /x error=500 rate=half', /rate must be a number from 0 to 1 or a percentage/],
    ['GET /x drop=maybe', /drop takes no value/],
    ['GET /x slow=64', /slow must be BYTES\/MS/],
    ['GET /x slow=0/10', /chunk size must be a whole number of bytes from 1/],
    ['GET /x error=500 times=0', /times must be a whole number from 1/],
    ['GET /x error=500 times=-1', /'times' needs a value|times must be a whole number/],
    ['GET /x error=500 drop', /either answers with an error or drops the connection/],
    ['GET /x slow=64/10 error=503', /cannot be combined with error= or drop/],
    ['GET /x latency=1 latency=2', /'latency' is given twice/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(() => parseFaultRule(text), (err: unknown) => {
      assert.ok(err instanceof FaultRuleError, `${text}: ${String(err)}`);
      assert.match(err.message, pattern, text);
      assert.ok(err.message.startsWith(`Invalid fault rule '${text}': `), err.message);
      return true;
    });
  }
});

test('path patterns: * is one segment, a trailing * the rest, ** any depth, * inside a segment', () => {
  const yes = (p: string, path: string) => assert.ok(faultPathMatches(p, path), `${p} should match ${path}`);
  const no = (p: string, path: string) => assert.ok(!faultPathMatches(p, path), `${p} should not match ${path}`);
  yes('/v1.0/applications/*/addPassword', '/v1.0/applications/0b1c/addPassword');
  yes('/v1.0/applications/*/addPassword', '/V1.0/Applications/0b1c/addpassword/');
  no('/v1.0/applications/*/addPassword', '/v1.0/applications/addPassword');
  no('/v1.0/applications/*/addPassword', '/v1.0/applications/a/b/addPassword');
  no('/v1.0/applications/*/addPassword', '/v1.0/applications/a/removePassword');
  yes('/v1.0/*', '/v1.0/applications');
  yes('/v1.0/*', '/v1.0/applications/x/owners/$ref');
  no('/v1.0/*', '/v1.0');
  no('/v1.0/*', '/beta/applications');
  yes('/**/token', '/tenant/oauth2/v2.0/token');
  yes('/**/token', '/token');
  no('/**/token', '/tenant/oauth2/v2.0/tokens');
  yes('/v1.0/app*', '/v1.0/applications');
  no('/v1.0/app*', '/v1.0/servicePrincipals');
  no('/v1.0/app*', '/v1.0/applications/x');
  yes('/x/', '/x');
  yes('/v1.0/applications', '/v1.0/applications/');
  no('/v1.0/applications', '/v1.0/applications/1');
  no('/v1.0.applications', '/v1x0.applications');
  yes('/*', '/anything/at/all');
});

test('startEmulator rejects an invalid rule before doing anything', async () => {
  await assert.rejects(startEmulator({ port: 0, faults: ['GET /x error=418'] }), (err: unknown) => err instanceof FaultRuleError && /error must be 500, 503 or 504/.test(err.message));
  await assert.rejects(startEmulator({ port: 0, faults: [{ path: 'x', latencyMs: 5 }] }), FaultRuleError);
  await assert.rejects(startEmulator({ port: 0, faults: [{ path: '/x', latencyMs: 5, colour: 'red' } as never] }), /unknown property 'colour'/);
});

// ---- each fault kind over HTTPS --------------------------------------------------------------------
test('a Graph 503 has Graph\'s error shape and Retry-After; times=1 lets the next request through', async () => {
  const emu = await testEmulator({ faults: ['GET /v1.0/applications error=503 times=1'] });
  const token = await graphToken(emu);
  const url = `${emu.info.graphBaseUrl}/v1.0/applications`;
  const failed = await request(url, { headers: { authorization: `Bearer ${token}`, 'client-request-id': 'fault-test-1' } });
  assert.equal(failed.status, 503, failed.text);
  assert.equal(failed.headers.get('retry-after'), '1');
  assert.match(failed.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(Object.keys(failed.json), ['error']);
  assert.equal(failed.json.error.code, 'serviceNotAvailable');
  assert.equal(typeof failed.json.error.message, 'string');
  assert.equal(failed.json.error.innerError['request-id'], failed.headers.get('request-id'));
  assert.equal(failed.json.error.innerError['client-request-id'], 'fault-test-1');
  assert.match(failed.json.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

  const ok = await request(url, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(ok.status, 200, ok.text);
  // The beta endpoint and other methods were never affected.
  const listed = await admin(emu.info.authorityHost, 'GET');
  assert.equal(listed.json.length, 1);
  assert.equal(listed.json[0].fired, 1);
  assert.equal(listed.json[0].rule, 'GET /v1.0/applications error=503 times=1');
});

test('500 and 504 on Graph; the rule\'s method filters (GET faulted, POST not)', async () => {
  const emu = await testEmulator({ faults: [{ method: 'GET', path: '/beta/applications', error: 500 }, { method: 'GET', path: '/v1.0/servicePrincipals', error: 504 }] });
  const token = await graphToken(emu);
  const auth = { authorization: `Bearer ${token}` };
  const r500 = await request(`${emu.info.graphBaseUrl}/beta/applications`, { headers: auth });
  assert.equal(r500.status, 500);
  assert.equal(r500.json.error.code, 'generalException');
  assert.equal(r500.headers.get('retry-after'), null, 'Retry-After only with 503 unless asked');
  const r504 = await request(`${emu.info.graphBaseUrl}/v1.0/servicePrincipals`, { headers: auth });
  assert.equal(r504.status, 504);
  assert.ok(r504.json.error.innerError['request-id']);
  const created = await request(`${emu.info.graphBaseUrl}/beta/applications`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'not faulted' }) });
  assert.equal(created.status, 201, created.text);
});

test('token endpoint faults have Entra\'s error shape (server_error 50000, temporarily_unavailable 90033)', async () => {
  const emu = await testEmulator();
  const base = emu.info.authorityHost;
  assert.equal((await admin(base, 'POST', 'POST /*/oauth2/v2.0/token error=500 times=1')).status, 201);
  const r500 = await tokenRequest(emu);
  assertEntraError(r500, 500, 'server_error', 50000);
  assert.equal(r500.headers.get('retry-after'), null);

  assert.equal((await admin(base, 'POST', 'POST /*/oauth2/v2.0/token error=503 retry-after=7 times=1')).status, 201);
  const r503 = await tokenRequest(emu);
  assertEntraError(r503, 503, 'temporarily_unavailable', 90033);
  assert.equal(r503.headers.get('retry-after'), '7');

  assert.equal((await admin(base, 'POST', { method: 'POST', path: '/*/oauth2/v2.0/token', error: 504, times: 1 })).status, 201);
  assertEntraError(await tokenRequest(emu), 504, 'temporarily_unavailable', 90033);

  assert.equal((await tokenRequest(emu)).status, 200, 'every rule has run out');
});

test('other paths get a generic JSON error', async () => {
  const emu = await testEmulator({ faults: ['GET /vaults/* error=504', '* /nothing error=503'] });
  const r504 = await request(`${emu.info.authorityHost}/vaults/default/secrets`);
  assert.equal(r504.status, 504);
  assert.equal(r504.json.error.code, 'GatewayTimeout');
  const r503 = await request(`${emu.info.authorityHost}/nothing`, { method: 'PUT' });
  assert.equal(r503.status, 503);
  assert.equal(r503.json.error.code, 'ServiceUnavailable');
  assert.equal(r503.headers.get('retry-after'), '1');
  assert.equal((await request(`${emu.info.authorityHost}/nothing/else`)).status, 404, 'not matched: routed as usual');
});

test('latency delays the answer (lower bound only), and latencies of several rules add up', async () => {
  const emu = await testEmulator({ faults: ['GET /common/discovery/* latency=250', '* /common/discovery/instance latency=0.2s'] });
  const url = `${emu.info.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${emu.info.authorityHost}/common/oauth2/v2.0/authorize`)}`;
  const t0 = performance.now();
  const res = await request(url);
  const elapsed = performance.now() - t0;
  assert.equal(res.status, 200, res.text);
  assert.ok(elapsed >= 400, `answered after ${elapsed.toFixed(0)} ms, 450 ms were injected`);
});

test('a dropped connection is a network error for the client; times=2 drops two, then it answers', async () => {
  const emu = await testEmulator({ faults: ['POST /*/oauth2/v2.0/token drop times=2'] });
  for (let i = 0; i < 2; i++) {
    await assert.rejects(tokenRequest(emu), (err: unknown) => err instanceof TypeError, 'fetch fails without a response');
  }
  assert.equal((await tokenRequest(emu)).status, 200);
});

test('the emulator keeps serving during and after many dropped connections', async () => {
  const emu = await testEmulator({ faults: ['GET /dropme drop'] });
  const base = emu.info.authorityHost;
  const results = await Promise.allSettled([
    ...Array.from({ length: 25 }, () => request(`${base}/dropme`)),
    ...Array.from({ length: 10 }, () => request(`${base}/_emulator/info`)),
  ]);
  const drops = results.slice(0, 25);
  const served = results.slice(25);
  assert.ok(drops.every((r) => r.status === 'rejected'), 'every /dropme request lost its connection');
  assert.ok(served.every((r) => r.status === 'fulfilled' && r.value.status === 200), 'the other requests were answered');
  assert.equal((await admin(base, 'GET')).json[0].fired, 25);
  assert.equal((await tokenRequest(emu)).status, 200);
  assert.equal((await admin(base, 'DELETE')).status, 200);
  assert.equal((await request(`${base}/dropme`)).status, 404, 'served again once the rule is gone');
});

test('a slow body arrives in chunks over time and intact', async () => {
  const emu = await testEmulator();
  const token = await graphToken(emu);
  const url = `${emu.info.graphBaseUrl}/v1.0/applications?$select=id,displayName,appId,passwordCredentials`;
  const normal = await request(url, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(normal.status, 200);
  assert.equal((await admin(emu.info.authorityHost, 'POST', 'GET /v1.0/applications slow=200/25')).status, 201);

  const t0 = performance.now();
  const slow = await new Promise<{ status: number; chunks: number; body: string; length: string | undefined }>((resolve, reject) => {
    const req = httpsRequest(url, { headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      let chunks = 0;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { chunks++; body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, chunks, body, length: res.headers['content-length'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  const elapsed = performance.now() - t0;
  assert.equal(slow.status, 200);
  const pieces = Math.ceil(Buffer.byteLength(slow.body) / 200);
  assert.ok(pieces >= 5, `the body is ${slow.body.length} bytes`);
  assert.equal(Number(slow.length), Buffer.byteLength(slow.body), 'Content-Length still right');
  assert.ok(slow.chunks >= 2, `arrived in ${slow.chunks} reads`);
  assert.ok(elapsed >= (pieces - 1) * 25 * 0.6, `took ${elapsed.toFixed(0)} ms for ${pieces} pieces 25 ms apart`);
  const parsed = JSON.parse(slow.body);
  assert.deepEqual(parsed.value, normal.json.value, 'the same content as without the fault');
});

test('rate=0 never fires; rate=0.5 fires on some requests and not on others', async () => {
  const emu = await testEmulator({ faults: ['GET /never/* error=500 rate=0'] });
  const base = emu.info.authorityHost;
  for (let i = 0; i < 20; i++) assert.equal((await request(`${base}/never/x`)).status, 404);
  await admin(base, 'POST', 'GET /flaky/* error=500 rate=50%');
  const statuses: number[] = [];
  for (let i = 0; i < 200; i++) statuses.push((await request(`${base}/flaky/x`)).status);
  const failed = statuses.filter((s) => s === 500).length;
  assert.ok(failed > 0 && failed < 200, `${failed} of 200 failed`);
  assert.equal(statuses.filter((s) => s === 404).length, 200 - failed);
  const rules = (await admin(base, 'GET')).json;
  assert.equal(rules.find((r: any) => r.path === '/flaky/*').fired, failed);
  assert.equal(rules.find((r: any) => r.path === '/never/*').fired, 0);
});

// ---- the admin endpoint ----------------------------------------------------------------------------
test('GET / POST / DELETE /_emulator/faults list, add and clear rules at run time', async () => {
  const emu = await testEmulator();
  const base = emu.info.authorityHost;
  assert.deepEqual((await admin(base, 'GET')).json, []);

  const added = await admin(base, 'POST', 'GET /v1.0/me latency=10');
  assert.equal(added.status, 201, added.text);
  assert.equal(added.json.length, 1);
  assert.match(added.json[0].id, /^[0-9a-f-]{36}$/);
  assert.deepEqual({ ...added.json[0], id: undefined }, { id: undefined, method: 'GET', path: '/v1.0/me', latencyMs: 10, rate: 1, rule: 'GET /v1.0/me latency=10', fired: 0 });

  const batch = await admin(base, 'POST', [{ path: '/a', error: 503, retryAfterSeconds: 2 }, '* /b/* drop rate=0.5']);
  assert.equal(batch.status, 201, batch.text);
  assert.deepEqual(batch.json.map((r: any) => r.rule), ['* /a error=503 retry-after=2', '* /b/* drop rate=0.5']);
  assert.equal((await admin(base, 'GET')).json.length, 3);

  // Invalid input adds nothing, not even the valid rules next to it.
  const bad = await admin(base, 'POST', ['GET /ok latency=1', 'GET /bad error=999']);
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /Invalid fault rule 'GET \/bad error=999': error must be 500, 503 or 504/);
  const notJson = await request(`${base}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":' });
  assert.equal(notJson.status, 400);
  assert.equal((await request(`${base}/_emulator/faults`, { method: 'POST', body: '' })).status, 400);
  assert.equal((await admin(base, 'POST', { path: '/x' })).status, 400);
  assert.equal((await admin(base, 'GET')).json.length, 3);

  // text/plain: one rule per line (what `curl --data` sends).
  const text = await request(`${base}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'GET /t1 error=500\n\nGET /t2 latency=1\n' });
  assert.equal(text.status, 201, text.text);
  assert.deepEqual(text.json.map((r: any) => r.path), ['/t1', '/t2']);
  const badText = await request(`${base}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not a rule' });
  assert.equal(badText.status, 400);
  assert.match(badText.json.error.message, /Invalid fault rule 'not a rule'/);
  for (const r of text.json) assert.equal((await admin(base, 'DELETE', undefined, `/_emulator/faults/${r.id}`)).status, 204);

  // One rule by id, then all.
  assert.equal((await admin(base, 'DELETE', undefined, `/_emulator/faults/${added.json[0].id}`)).status, 204);
  assert.equal((await admin(base, 'DELETE', undefined, `/_emulator/faults/${added.json[0].id}`)).status, 404);
  assert.deepEqual((await admin(base, 'GET')).json.map((r: any) => r.path), ['/a', '/b/*']);
  const cleared = await admin(base, 'DELETE');
  assert.equal(cleared.status, 200);
  assert.deepEqual(cleared.json, { removed: 2 });
  assert.deepEqual((await admin(base, 'GET')).json, []);
});

test('faults never apply to /_emulator/*, so a catch-all rule can always be turned off', async () => {
  const emu = await testEmulator({ faults: ['* /* error=503'] });
  const base = emu.info.authorityHost;
  assert.equal((await tokenRequest(emu)).status, 503);
  assert.equal((await request(`${base}/_emulator/info`)).status, 200);
  assert.equal((await admin(base, 'GET')).status, 200);
  assert.equal((await admin(base, 'DELETE')).status, 200);
  assert.equal((await tokenRequest(emu)).status, 200);
});

const external = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;

test('the admin endpoint answers loopback clients only', { skip: !external && 'no non-loopback IPv4 address on this machine' }, async () => {
  const emu = await testEmulator({ host: external });
  const base = emu.info.authorityHost;
  assert.ok(base.includes(external!), base);
  for (const method of ['GET', 'POST', 'DELETE']) {
    const res = await admin(base, method, method === 'POST' ? '* /* error=503' : undefined);
    assert.equal(res.status, 403, `${method}: ${res.text}`);
    assert.match(res.json.error.message, /loopback/);
  }
  assert.equal((await tokenRequest(emu)).status, 200, 'the POST added nothing');
});

// ---- the CLI flags ---------------------------------------------------------------------------------
test('emulator start --fault and --throttle-limit take effect; bad values are usage errors', async () => {
  const home = homeTrustingTestCa();
  const emu = await startCliEmulator(['--fault', 'GET /v1.0/applications error=503 times=1', '--fault', '* /v1.0/me latency=1', '--throttle-limit', '4'], { home });
  const token = await graphToken(emu);
  const url = `${emu.info.graphBaseUrl}/v1.0/applications`;
  const get = () => request(url, { headers: { authorization: `Bearer ${token}` } });
  const first = await get();
  assert.equal(first.status, 503);
  assert.equal(first.json.error.code, 'serviceNotAvailable');
  // A collection read costs 2 resource units: two fit in 4, the third is throttled.
  assert.equal((await get()).status, 200);
  assert.equal((await get()).status, 200);
  const throttled = await get();
  assert.equal(throttled.status, 429);
  assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
  const listed = await admin(emu.info.authorityHost, 'GET');
  assert.deepEqual(listed.json.map((r: any) => r.rule), ['GET /v1.0/applications error=503 times=1', '* /v1.0/me latency=1']);
  const stopped = await emu.stop();
  assert.equal(stopped.code, 0, stopped.stderr);

  const graphThrottle = await startCliEmulator(['--throttle', 'graph'], { home });
  assert.equal((await tokenRequest(graphThrottle)).status, 200);
  assert.equal((await graphThrottle.stop()).code, 0);

  for (const [args, pattern] of [
    [['--fault', 'GET /x foo=1'], /--fault: Invalid fault rule 'GET \/x foo=1': unknown option 'foo=1'/],
    [['--fault', '/v1.0/* latency=5'], /start with the HTTP method or \*/],
    [['--fault', 'GET /x error=503', '--fault', 'GET /y'], /Invalid fault rule 'GET \/y': it does nothing/],
    [['--throttle', 'arm'], /--throttle must be 'graph'/],
    [['--throttle-limit', '0'], /--throttle-limit must be a whole number from 1/],
  ] as [string[], RegExp][]) {
    const r = await runCli(['emulator', 'start', '--port', '0', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  }
});
