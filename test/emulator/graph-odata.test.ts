// Proves Graph query options on /applications over ~250 seeded apps ($top, paging, $select, $filter, advanced queries, $search, $count, $orderby) plus Graph's 400/401 error shapes for bad bodies, paths and tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator, postForm, tokenUrl, request } from '../helpers/emulator.ts';
import { assertGraphError, bootstrapToken, graph, DEV } from '../helpers/graph.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const EVENTUAL = { consistencylevel: 'eventual' };
const CUTOFF = '2030-01-01T00:00:00Z';

async function seeded(): Promise<{ emu: RunningEmulator; token: string; all: () => any[] }> {
  const emu = await testEmulator();
  const tenant = emu.store.defaultTenant;
  const now = new Date();
  const dev = tenant.userByUpn(DEV)!;
  for (let i = 0; i < 250; i++) {
    const { app } = tenant.addApplication({ displayName: `Odata App ${i}`, identifierUris: [`api://odata-${i}`], owners: i % 10 === 0 ? [dev.id] : [], withServicePrincipal: false }, now);
    if (i % 5 === 0) tenant.addPassword(app, { endDateTime: new Date('2029-06-01T00:00:00Z') }, now);
    if (i % 5 === 1) tenant.addPassword(app, { endDateTime: new Date('2031-06-01T00:00:00Z') }, now);
  }
  for (const name of ['Contoso Web Portal', 'WebHooks Relay', 'Cobweb Analytics', 'C++ & Co #1', 'C++ & Co #2', 'C++ & Co #3']) tenant.addApplication({ displayName: name, withServicePrincipal: false }, now);
  return { emu, token: await bootstrapToken(emu), all: () => tenant.record.applications };
}

async function get(emu: RunningEmulator, token: string, path: string, headers: Record<string, string> = {}) {
  return graph(emu, 'GET', path, { token, headers });
}

const q = (s: string) => encodeURIComponent(s);

test('paging: default 100, $top max 999, $top=1000 is 400, nextLink walks everything once', async () => {
  const { emu, token, all } = await seeded();
  const total = all().length;
  assert.ok(total > 250);
  const first = await get(emu, token, '/applications');
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#applications`);
  assert.equal(first.json.value.length, 100);
  assert.ok(first.json['@odata.nextLink'].startsWith(`${emu.info.graphBaseUrl}/v1.0/applications?`));
  assert.match(first.json['@odata.nextLink'], /\$skiptoken=/);

  const big = await get(emu, token, '/applications?$top=999');
  assert.equal(big.json.value.length, total);
  assert.equal(big.json['@odata.nextLink'], undefined);
  for (const bad of ['1000', '0', '-1', 'ten']) assert.equal((await get(emu, token, `/applications?$top=${bad}`)).status, 400, `$top=${bad}`);

  const seen: string[] = [];
  let next: string | undefined = `${emu.info.graphBaseUrl}/v1.0/applications?$top=37&$select=id`;
  let pages = 0;
  while (next) {
    const res = await request(next, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json.value.length <= 37);
    seen.push(...res.json.value.map((a: any) => a.id));
    next = res.json['@odata.nextLink'];
    pages++;
  }
  assert.equal(pages, Math.ceil(total / 37));
  assert.equal(new Set(seen).size, seen.length, 'no duplicates');
  assert.deepEqual([...seen].sort(), all().map((a) => a.id).sort(), 'no gaps');
  assert.equal((await get(emu, token, '/applications?$skiptoken=garbage')).status, 400);

  // A nextLink must keep the query intact, even when the filter holds '+', '&' or '#'.
  const odd: string[] = [];
  next = `${emu.info.graphBaseUrl}/v1.0/applications?$top=1&$filter=${q("startswith(displayName,'C++ & Co #')")}`;
  while (next) {
    const res = await request(next, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, res.text);
    odd.push(...res.json.value.map((a: any) => a.displayName));
    next = res.json['@odata.nextLink'];
  }
  assert.deepEqual(odd.sort(), ['C++ & Co #1', 'C++ & Co #2', 'C++ & Co #3']);
});

test('$select shapes @odata.context and the fields; unknown fields are 400', async () => {
  const { emu, token } = await seeded();
  const res = await get(emu, token, '/applications?$select=id,appId,displayName&$top=5');
  assert.equal(res.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#applications(id,appId,displayName)`);
  for (const a of res.json.value) assert.deepEqual(Object.keys(a).sort(), ['appId', 'displayName', 'id']);
  const one = await get(emu, token, `/applications/${res.json.value[0].id}?$select=displayName`);
  assert.equal(one.json['@odata.context'], `${emu.info.graphBaseUrl}/v1.0/$metadata#applications(displayName)/$entity`);
  assert.deepEqual(Object.keys(one.json).sort(), ['@odata.context', 'displayName']);
  assertGraphError(await get(emu, token, '/applications?$select=id,noSuchField'), 400, 'Request_BadRequest');
});

test('$filter: eq, startswith, any() over strings and credentials; syntax errors and unknown properties are 400', async () => {
  const { emu, token, all } = await seeded();
  const target = all().find((a) => a.displayName === 'Odata App 42')!;
  const names = async (filter: string, headers = {}) => {
    const res = await get(emu, token, `/applications?$top=999&$filter=${q(filter)}`, headers);
    assert.equal(res.status, 200, `${filter}: ${res.text}`);
    return res.json.value.map((a: any) => a.displayName as string).sort();
  };
  assert.deepEqual(await names(`appId eq '${target.appId}'`), ['Odata App 42']);
  assert.deepEqual(await names(`displayName eq 'Odata App 42'`), ['Odata App 42']);
  assert.deepEqual(await names(`identifierUris/any(x:x eq 'api://odata-42')`), ['Odata App 42']);
  const starts = await names(`startswith(displayName,'Odata App 1')`);
  assert.equal(starts.length, 111);
  assert.ok(starts.every((n: string) => n.startsWith('Odata App 1')));
  const expiring = all().filter((a) => a.passwordCredentials.some((c: any) => Date.parse(c.endDateTime) <= Date.parse(CUTOFF))).map((a) => a.displayName).sort();
  assert.ok(expiring.length >= 50);
  assert.deepEqual(await names(`passwordCredentials/any(c:c/endDateTime le ${CUTOFF})`), expiring);
  assert.deepEqual(await names(`displayName eq 'Odata App 42' or displayName eq 'Odata App 43'`), ['Odata App 42', 'Odata App 43']);

  for (const bad of [`displayName eq`, `startswith(displayName`, `displayName eq 'unterminated`, `displayName xx 'a'`, `(displayName eq 'a'`, `displayName eq 'a' and`]) {
    const res = await get(emu, token, `/applications?$filter=${q(bad)}`);
    assert.equal(res.status, 400, `${bad}: ${res.text}`);
    assert.ok(['BadRequest', 'Request_BadRequest'].includes(res.json.error.code), res.text);
    assert.match(res.json.error.message, /Invalid filter clause/);
  }
  assertGraphError(await get(emu, token, `/applications?$filter=${q("noSuchProperty eq 'x'")}`), 400, 'Request_UnsupportedQuery');
});

test('advanced queries need ConsistencyLevel: eventual: endswith, $count, $search, owners/$count; $orderby sorts', async () => {
  const { emu, token, all } = await seeded();
  const total = all().length;
  const endsWith = `/applications?$count=true&$top=999&$filter=${q("endswith(displayName,'7')")}`;
  assertGraphError(await get(emu, token, endsWith), 400, 'Request_UnsupportedQuery');
  const ew = await get(emu, token, endsWith, EVENTUAL);
  assert.equal(ew.status, 200, ew.text);
  assert.equal(ew.json['@odata.count'], 25);
  assert.ok(ew.json.value.every((a: any) => a.displayName.endsWith('7')));

  assertGraphError(await get(emu, token, '/applications?$count=true'), 400, 'Request_UnsupportedQuery');
  const counted = await get(emu, token, '/applications?$count=true&$top=3', EVENTUAL);
  assert.equal(counted.json['@odata.count'], total);
  assert.equal(counted.json.value.length, 3);

  const search = `/applications?$search=${q('"displayName:web"')}`;
  const noHeader = await get(emu, token, search);
  assertGraphError(noHeader, 400, 'Request_UnsupportedQuery', /^Request with \$search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'$/);
  const found = await get(emu, token, search, EVENTUAL);
  assert.equal(found.status, 200, found.text);
  assert.deepEqual(found.json.value.map((a: any) => a.displayName).sort(), ['Contoso Web Portal', 'WebHooks Relay'], 'prefix of a word, not a substring');
  assert.equal((await get(emu, token, `/applications?$search=${q('displayName:web')}`, EVENTUAL)).status, 400, 'the clause must be quoted');

  const plain = await get(emu, token, '/applications/$count', EVENTUAL);
  assert.equal(plain.status, 200);
  assert.match(plain.headers.get('content-type')!, /^text\/plain/);
  assert.equal(plain.text, String(total));
  assertGraphError(await get(emu, token, '/applications/$count'), 400, 'Request_UnsupportedQuery');

  const ownerless = `/applications?$count=true&$top=999&$select=id&$filter=${q('owners/$count eq 0')}`;
  assertGraphError(await get(emu, token, ownerless), 400, 'Request_UnsupportedQuery');
  const orphans = await get(emu, token, ownerless, EVENTUAL);
  const expected = all().filter((a) => a.owners.length === 0).map((a) => a.id).sort();
  assert.ok(expected.length < total && expected.length > 200);
  assert.equal(orphans.json['@odata.count'], expected.length);
  assert.deepEqual(orphans.json.value.map((a: any) => a.id).sort(), expected);

  const key = (s: string) => s.toLowerCase();
  const asc = (await get(emu, token, '/applications?$orderby=displayName&$top=999')).json.value.map((a: any) => a.displayName);
  assert.equal(asc.length, total);
  assert.deepEqual(asc, [...asc].sort((a: string, b: string) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
  const desc = (await get(emu, token, '/applications?$orderby=displayName%20desc&$top=5')).json.value.map((a: any) => a.displayName);
  assert.deepEqual(desc, [...asc].reverse().slice(0, 5));
  assertGraphError(await get(emu, token, `/applications?$orderby=displayName&$filter=${q("startswith(displayName,'O')")}`), 400, 'Request_UnsupportedQuery');
  assert.equal((await get(emu, token, `/applications?$count=true&$orderby=displayName&$filter=${q("startswith(displayName,'O')")}`, EVENTUAL)).status, 200);
});

test('bad bodies, unknown segments and bad tokens get Graph error bodies (400 / 401 with WWW-Authenticate)', async () => {
  let clock = Date.now();
  const emu = await testEmulator({ now: () => clock });
  const token = await bootstrapToken(emu);
  const post = (body: string, type = 'application/json') => graph(emu, 'POST', '/applications', { token, body, headers: { 'content-type': type } });
  assertGraphError(await post('{"displayName": '), 400, 'BadRequest', /Unable to read JSON request payload/);
  assertGraphError(await post('[1,2]'), 400, 'BadRequest');
  assertGraphError(await post(''), 400, 'Request_BadRequest');
  const wrongType = await post(JSON.stringify({ displayName: 'x' }), 'text/plain');
  assert.equal(wrongType.status, 400, wrongType.text);
  assert.ok(wrongType.json.error.innerError, 'Graph error shape');
  const form = await post('displayName=x', 'application/x-www-form-urlencoded');
  assert.equal(form.status, 400, form.text);
  assert.equal(emu.store.defaultTenant.record.applications.some((a) => a.displayName === 'x'), false);

  assertGraphError(await graph(emu, 'GET', '/noSuchCollection', { token }), 400, 'BadRequest', /Resource not found for the segment 'noSuchCollection'/);
  const appId = emu.store.defaultTenant.record.applications[0]!.id;
  assertGraphError(await graph(emu, 'GET', `/applications/${appId}/noSuchNavigation`, { token }), 400, 'BadRequest', /segment 'noSuchNavigation'/);
  assertGraphError(await graph(emu, 'POST', `/applications/${appId}/noSuchAction`, { token, body: {} }), 400, 'BadRequest', /segment 'noSuchAction'/);

  const challenge = 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
  const unauth = async (res: Awaited<ReturnType<typeof graph>>, message: RegExp) => {
    assertGraphError(res, 401, 'InvalidAuthenticationToken', message);
    assert.equal(res.headers.get('www-authenticate'), challenge);
  };
  await unauth(await graph(emu, 'GET', '/applications'), /^Access token is empty\.$/);
  await unauth(await graph(emu, 'GET', '/applications', { token: 'abc' }), /not well formed/);
  const kv = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: emu.info.bootstrap.clientId, client_secret: emu.info.bootstrap.clientSecret, scope: 'https://vault.azure.net/.default' });
  assert.equal(kv.status, 200, kv.text);
  await unauth(await graph(emu, 'GET', '/applications', { token: kv.json.access_token }), /Invalid audience/);
  const tampered = `${token.split('.').slice(0, 2).join('.')}.${Buffer.alloc(256, 1).toString('base64url')}`;
  await unauth(await graph(emu, 'GET', '/applications', { token: tampered }), /validation failure/);
  assert.equal((await graph(emu, 'GET', '/applications', { token })).status, 200);
  clock += 2 * 3600 * 1000;
  await unauth(await graph(emu, 'GET', '/applications', { token }), /expired/);
});
