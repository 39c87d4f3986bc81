// Deciding a get-token request (profile, flow, scopes, output) and the fast path's flag parser: the fast
// path must read flags exactly like commander or give up, and both paths plan the same request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planTokenRequest } from '../../src/core/token-request.ts';
import { parseFastFlags } from '../../src/cli/get-token-fast.ts';
import { expiryWarning, renderJson, renderRaw, resolveTokenFormat, tenantOfToken, type TokenView } from '../../src/core/token-output.ts';
import type { Profile } from '../../src/core/profile.ts';

const base: Profile = {
  name: 'demo', cloud: 'local', tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', authMethod: 'ClientSecret',
  scopes: ['https://graph.microsoft.com/.default'], defaultFlow: 'client-credentials', secret: { kind: 'stored' }, createdAt: '', updatedAt: '',
};
const docOf = (...profiles: Profile[]) => ({ defaultProfile: profiles[0]?.name ?? null, profiles: Object.fromEntries(profiles.map((p) => [p.name, p])) });

test('plan: default profile and its scopes and flow; --scope and --flow override; format defaults by TTY', () => {
  const r = planTokenRequest(docOf(base), {}, false);
  assert.ok('plan' in r);
  assert.equal(r.plan.profile.name, 'demo');
  assert.deepEqual(r.plan.scopes, base.scopes);
  assert.equal(r.plan.flow, 'client-credentials');
  assert.equal(r.plan.format, 'raw', 'piped: the bare token');
  assert.equal(r.plan.warnMinutes, 5);
  const tty = planTokenRequest(docOf(base), { scope: ['api://a/.default, api://b/.default'], output: 'json', warnMinutes: '0' }, true);
  assert.ok('plan' in tty);
  assert.deepEqual(tty.plan.scopes, ['api://a/.default', 'api://b/.default']);
  assert.equal(tty.plan.format, 'json');
  assert.equal(tty.plan.warnMinutes, 0);
  assert.equal(resolveTokenFormat(undefined, true), 'table');
});

test('plan problems: no default, unknown profile, wrong flow for the method, bad scope/format/numbers', () => {
  const problem = (r: ReturnType<typeof planTokenRequest>) => ('problem' in r ? r.problem : undefined);
  assert.equal(problem(planTokenRequest({ defaultProfile: null, profiles: {} }, {}, false))?.kind, 'usage');
  assert.match(problem(planTokenRequest(docOf(base), { profile: 'x' }, false))!.hint!, /Profiles: demo/);
  assert.match(problem(planTokenRequest(docOf(base), { flow: 'device-code' }, false))!.message, /cannot use the device-code flow/);
  const pub = { ...base, name: 'pub', authMethod: 'InteractiveBrowser' as const, defaultFlow: 'interactive' as const, secret: undefined };
  assert.match(problem(planTokenRequest(docOf(pub), { flow: 'client-credentials' }, false))!.hint!, /ClientSecret or Certificate profile/);
  assert.match(problem(planTokenRequest(docOf(base), { scope: ['https://graph.microsoft.com'] }, false))!.message, /invalid --scope/);
  assert.equal(problem(planTokenRequest(docOf(base), { output: 'xml' }, false))!.message, "-o: unknown output format 'xml'; use raw, table, json, jsonc, yaml, tsv, csv or ndjson.");
  const yaml = planTokenRequest(docOf(base), { output: 'yaml' }, false);
  assert.equal('plan' in yaml && yaml.plan.format, 'yaml', 'get-token offers the shared formats too');
  assert.match(problem(planTokenRequest(docOf(base), { warnMinutes: '-1' }, false))!.message, /--warn-minutes/);
  assert.match(problem(planTokenRequest(docOf(base), { timeout: '0' }, false))!.message, /--timeout/);
});

test('fast flags: the forms commander accepts for the flags it knows; anything else gives up', () => {
  assert.deepEqual(parseFastFlags(['-p', 'demo', '-o', 'raw']), { profile: 'demo', output: 'raw' });
  assert.deepEqual(parseFastFlags(['--profile=demo', '--output=json', '--scope', 'a/.default', '--scope=b/.default', '--no-browser', '--warn-minutes', '3']),
    { profile: 'demo', output: 'json', scope: ['a/.default', 'b/.default'], warnMinutes: '3' });
  assert.deepEqual(parseFastFlags(['-p', 'a', '-p', 'b']), { profile: 'b' }, 'the last one wins, as in commander');
  for (const args of [['--force-refresh'], ['--copy'], ['--help'], ['-h'], ['-pdemo'], ['-p'], ['-p', '--copy'], ['extra'], ['--'], ['--verbose'], ['--query', 'accessToken'], ['--query=accessToken']]) {
    assert.equal(parseFastFlags(args), undefined, args.join(' '));
  }
});

test('output: raw is the token and a newline; json has fixed keys; the warning and the tenant', () => {
  const payload = Buffer.from(JSON.stringify({ tid: 'tenant-from-token' })).toString('base64url');
  const v: TokenView = { accessToken: `eyJhbGciOiJub25lIn0.${payload}.sig`, expiresOn: new Date('2026-11-23T12:00:00.000Z'), tokenType: 'Bearer', tenant: 't', scopes: ['s'], fromCache: true };
  assert.equal(renderRaw(v), `${v.accessToken}\n`);
  assert.deepEqual(Object.keys(JSON.parse(renderJson(v))), ['accessToken', 'expiresOn', 'expires_on', 'tokenType', 'tenant', 'scopes', 'fromCache']);
  assert.equal(JSON.parse(renderJson(v)).expires_on, 1795435200);
  assert.equal(tenantOfToken(v.accessToken, 'fallback'), 'tenant-from-token');
  assert.equal(tenantOfToken('opaque', 'fallback'), 'fallback');
  assert.equal(expiryWarning(v, new Date('2026-11-23T11:50:00Z'), 5, 'UTC'), undefined);
  assert.equal(expiryWarning(v, new Date('2026-11-23T11:56:30Z'), 5, 'UTC'), 'warning: this token expires in 3 min (2026-11-23 12:00:00 UTC); run with --force-refresh for a new one.');
  assert.match(expiryWarning(v, new Date('2026-11-23T12:01:00Z'), 5, 'UTC')!, /has expired/);
});
