// The emulator holds up against clients that hold on: a cap on connections, header/request/idle timeouts,
// a shared budget for buffered request bodies (memory stays bounded under hundreds of slow uploads), body
// limits per service with each service's 413, Graph's field lengths and $filter size with its 400, and a
// state dir it cannot use is a clear error at once (it used to spin at 100% CPU).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { cleanupCli, homeTrustingTestCa, runCli, startCliEmulator } from '../helpers/cli.ts';
import { postForm, request, testEmulator, tokenUrl } from '../helpers/emulator.ts';
import { bootstrapToken, graph } from '../helpers/graph.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { StateDirError } from '../../src/emulator/state/state-dir.ts';
import type { ServerLimits } from '../../src/emulator/http/limits.ts';

after(cleanupCli);

const open = (port: number): Promise<TLSSocket> => new Promise((resolve, reject) => {
  const s = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false }, () => resolve(s));
  s.once('error', reject);
});
const closed = (s: TLSSocket): Promise<number> => {
  const t0 = Date.now();
  s.resume(); // a paused socket never reads the server's FIN, so it would never close
  return new Promise((resolve) => { if (s.destroyed) resolve(0); else s.once('close', () => resolve(Date.now() - t0)); });
};
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('memory stays bounded under hundreds of slow 1 MB uploads, and the emulator serves again once they go', async () => {
  const emu = await startCliEmulator([], { home: homeTrustingTestCa() });
  const port = Number(new URL(emu.info.authorityHost).port);
  const pid = emu.child.pid!;
  await sleep(500);
  const before = rssMiB(pid);
  const head = `POST /${emu.info.tenantId}/oauth2/v2.0/token HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1048000\r\n\r\n`;
  const chunk = Buffer.alloc(1000 * 1024, 'a');
  const sockets: TLSSocket[] = [];
  let refused = 0;
  for (let i = 0; i < 400; i++) {
    try {
      const s = await open(port);
      s.on('error', () => undefined);
      s.write(head);
      s.write(chunk); // all but the last ~24 KB: the upload never finishes
      sockets.push(s);
    } catch {
      refused++;
    }
  }
  await sleep(1500);
  const peak = rssMiB(pid);
  for (const s of sockets) s.destroy();
  assert.ok(peak - before < 120, `RSS grew ${Math.round(peak - before)} MiB (${Math.round(before)} -> ${Math.round(peak)}) with 400 stalled uploads (${refused} refused at connect)`);
  console.log(`# RSS ${Math.round(before)} -> ${Math.round(peak)} MiB`);
  await sleep(300);
  const ok = await postForm(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials', client_id: emu.info.bootstrap.clientId, client_secret: emu.info.bootstrap.clientSecret, scope: 'https://graph.microsoft.com/.default',
  });
  assert.equal(ok.status, 200, ok.text);
  await emu.stop();
});

async function limited(limits: Partial<ServerLimits>): Promise<RunningEmulator> {
  return testEmulator({ limits });
}

test('a connection cap: connections past it are closed at once; freed slots serve again', async () => {
  const emu = await limited({ maxConnections: 4 });
  const held = await Promise.all([1, 2, 3, 4].map(() => open(emu.port)));
  for (const s of held) s.on('error', () => undefined);
  const extra = await open(emu.port).then((s) => { s.on('error', () => undefined); return closed(s); }, () => 0);
  assert.ok(extra < 2000, 'the fifth connection was closed');
  for (const s of held) s.destroy();
  await sleep(100);
  assert.equal((await request(`${emu.info.authorityHost}/${emu.info.tenantId}/v2.0/.well-known/openid-configuration`)).status, 200);
});

test('header, request and idle timeouts close connections that dawdle', async () => {
  const emu = await limited({ headersTimeoutMs: 400, requestTimeoutMs: 800, idleTimeoutMs: 1500 });
  const silent = await open(emu.port);
  const partialHeaders = await open(emu.port);
  partialHeaders.write(`POST /${emu.info.tenantId}/oauth2/v2.0/token HTTP/1.1\r\nHost: loc`);
  const slowBody = await open(emu.port);
  slowBody.write(`POST /${emu.info.tenantId}/oauth2/v2.0/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type=`);
  const drip = setInterval(() => { if (!slowBody.destroyed) slowBody.write('a'); }, 200);
  let answer = '';
  slowBody.on('data', (d: Buffer) => { answer += d.toString('latin1'); });
  for (const s of [silent, partialHeaders, slowBody]) s.on('error', () => undefined);
  const [a, b, c] = await Promise.all([closed(silent), closed(partialHeaders), closed(slowBody)]);
  clearInterval(drip);
  for (const [name, ms] of [['silent', a], ['partial headers', b], ['slow body', c]] as const) assert.ok(ms < 5000, `${name} closed after ${ms} ms`);
  assert.match(answer, /^HTTP\/1\.1 408 /, 'a request that takes too long is answered 408');
});

test('bodies over what each service takes are 413 in its own shape; a spent body budget is 503 with Retry-After', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const graphBig = await graph(emu, 'POST', '/applications', { token, body: { displayName: 'x', notes: 'n'.repeat(4 * 1024 * 1024) } });
  assert.equal(graphBig.status, 413, graphBig.text);
  assert.equal(graphBig.json.error.code, 'Request_EntityTooLarge');
  assert.equal(typeof graphBig.json.error.innerError['request-id'], 'string');
  const tokenBig = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', padding: 'p'.repeat(1024 * 1024) });
  assert.equal(tokenBig.status, 413, tokenBig.text);
  assert.equal(tokenBig.json.error, 'invalid_request');
  assert.deepEqual(tokenBig.json.error_codes, [90097]);

  const tight = await limited({ maxBufferedBodyBytes: 64 * 1024 });
  const t2 = await bootstrapToken(tight);
  const busy = await graph(tight, 'POST', '/applications', { token: t2, body: { displayName: 'x', notes: 'n'.repeat(1000), tags: Array(60).fill('t'.repeat(2000)) } });
  assert.equal(busy.status, 503, busy.text);
  assert.equal(busy.headers.get('retry-after'), '1');
  assert.equal((await graph(tight, 'POST', '/applications', { token: t2, body: { displayName: 'small' } })).status, 201, 'the budget is given back');
});

test('Graph refuses fields longer than it allows with its 400, at every place a body reaches', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const invalid = (res: Awaited<ReturnType<typeof graph>>, property: string, resource: string) => {
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.error.code, 'Request_BadRequest');
    assert.equal(res.json.error.message, `Invalid value specified for property '${property}' of resource '${resource}'.`);
  };
  invalid(await graph(emu, 'POST', '/applications', { token, body: { displayName: 'd'.repeat(257) } }), 'displayName', 'Application');
  const created = await graph(emu, 'POST', '/applications', { token, body: { displayName: 'd'.repeat(256) } });
  assert.equal(created.status, 201, 'exactly 256 is fine');
  const id = created.json.id as string;
  invalid(await graph(emu, 'PATCH', `/applications/${id}`, { token, body: { notes: 'n'.repeat(1025) } }), 'notes', 'Application');
  invalid(await graph(emu, 'PATCH', `/applications/${id}`, { token, body: { description: 'n'.repeat(1025) } }), 'description', 'Application');
  invalid(await graph(emu, 'PATCH', `/applications/${id}`, { token, body: { tags: ['t'.repeat(17 * 1024)] } }), 'tags', 'Application');
  invalid(await graph(emu, 'PATCH', `/applications/${id}`, { token, body: { tags: Array(1001).fill('t') } }), 'tags', 'Application');
  invalid(await graph(emu, 'POST', `/applications/${id}/addPassword`, { token, body: { passwordCredential: { displayName: 'p'.repeat(257) } } }), 'displayName', 'PasswordCredential');
  invalid(await graph(emu, 'PATCH', `/applications/${id}`, { token, body: { keyCredentials: [{ displayName: 'k'.repeat(91), type: 'AsymmetricX509Cert', usage: 'Verify', key: 'AA==' }] } }), 'displayName', 'KeyCredential');
  const sp = await graph(emu, 'POST', '/servicePrincipals', { token, body: { appId: created.json.appId } });
  invalid(await graph(emu, 'PATCH', `/servicePrincipals/${sp.json.id}`, { token, body: { notes: 'n'.repeat(1025) } }), 'notes', 'ServicePrincipal');
  // in a $batch, each sub-request is held to the same limits
  const batch = await graph(emu, 'POST', '/$batch', { token, body: { requests: [{ id: '1', method: 'POST', url: '/applications', headers: { 'content-type': 'application/json' }, body: { displayName: 'd'.repeat(300) } }] } });
  assert.equal(batch.status, 200, batch.text);
  assert.equal(batch.json.responses[0].status, 400);
  assert.equal(batch.json.responses[0].body.error.message, "Invalid value specified for property 'displayName' of resource 'Application'.");
});

test('$filter: too deep or too many clauses is Graph\'s 400, never a 500; ordinary filters still work', async () => {
  const emu = await testEmulator();
  const token = await bootstrapToken(emu);
  const list = (filter: string, eventual = false) => graph(emu, 'GET', `/applications?$filter=${encodeURIComponent(filter)}`, { token, ...(eventual ? { headers: { consistencylevel: 'eventual' } } : {}) });
  const tooComplex = /^The query specified in the URI is not valid\. The node count limit of '100' has been exceeded\./;
  const cases: [string, string, boolean][] = [
    // as deep as fits in node's 16 KB of request head
    ['6,500 nested parentheses', `${'('.repeat(6500)}displayName eq 'a'${')'.repeat(6500)}`, false],
    ['2,000 nots', `${'not '.repeat(2000)}displayName eq 'a'`, true],
    ['150 or-clauses', Array.from({ length: 150 }, (_, i) => `displayName eq 'a${i}'`).join(' or '), false],
    ['nested lambdas', `${'tags/any(t:'.repeat(50)}t eq 'x'${')'.repeat(50)}`, false],
  ];
  for (const [name, filter, eventual] of cases) {
    const res = await list(filter, eventual);
    assert.equal(res.status, 400, `${name}: ${res.status} ${res.text.slice(0, 200)}`);
    assert.equal(res.json.error.code, 'Request_UnsupportedQuery', name);
    assert.match(res.json.error.message, tooComplex, name);
  }
  const fine = await list(`(${Array.from({ length: 20 }, (_, i) => `displayName eq 'a${i}'`).join(' or ')}) or startswith(displayName,'Contoso')`);
  assert.equal(fine.status, 200, fine.text);
  assert.ok(fine.json.value.length > 0);
  // a filter on a name every object has through its prototype reads nothing
  const proto = await list("constructor eq 'x'");
  assert.notEqual(proto.status, 500, proto.text);
});

test('a state dir the emulator cannot use is a clear error at once, in-process and from the CLI', async () => {
  for (const dir of ['/proc/x', '/proc/x/y', '/dev/null', '/etc/passwd/x']) {
    const t0 = Date.now();
    await assert.rejects(startEmulator({ stateDir: dir, port: 0 }), (err: Error) => err instanceof StateDirError && err.message.startsWith(`The emulator state dir ${dir} cannot be used (`));
    assert.ok(Date.now() - t0 < 2000, dir);
  }
  const res = await runCli(['emulator', 'start', '--state-dir', '/proc/x'], { timeoutMs: 10_000 });
  assert.equal(res.timedOut, false, 'no spinning');
  assert.equal(res.code, 1);
  assert.match(res.stderr, /^error: The emulator state dir \/proc\/x cannot be used \(ENOENT on \/proc\/x\)\. Pick a folder you can write to\./);
  assert.doesNotMatch(res.stderr, /^\s+at /m);
});
