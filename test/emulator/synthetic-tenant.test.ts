// Large synthetic tenants (state/synthetic.ts): deterministic per seed, the credential / owner / state spread
// a real tenant has, exact counts, unusable placeholder secrets, and a 5,000-app tenant that Graph pages
// through completely over HTTPS. Plus the startEmulator option and the `emulator start --apps` flags.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tenant } from '../../src/emulator/state/tenant.ts';
import { generateSyntheticTenant, type SyntheticTenantOptions } from '../../src/emulator/state/synthetic.ts';
import { secretMatches } from '../../src/emulator/state/secrets.ts';
import { testEmulator, postForm, tokenUrl, request } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';
import { DEFAULT_SEED } from '../../src/emulator/state/seed.ts';
import { cleanupCli, homeTrustingTestCa, runCli, runCliEmulatorHuman, startCliEmulator } from '../helpers/cli.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const DEFAULT_SEED_APPS = 'applications' in DEFAULT_SEED ? (DEFAULT_SEED.applications?.length ?? 0) : 0;

after(cleanupCli);

const NOW = new Date('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;
const TENANT_ID = '5b1f3c2e-8a4d-4e6f-9a0b-1c2d3e4f5a6b';

function synthetic(opts: Omit<SyntheticTenantOptions, 'now'>): Tenant {
  const tenant = Tenant.empty(TENANT_ID, 'contoso.onmicrosoft.com', 'Contoso', NOW);
  generateSyntheticTenant(tenant, { now: NOW, ...opts });
  return tenant;
}

/** Everything seed-derived about a tenant's apps, SPs and users, in order. */
function fingerprint(t: Tenant) {
  return {
    apps: t.record.applications.map((a) => ({
      id: a.id, appId: a.appId, displayName: a.displayName, createdDateTime: a.createdDateTime, owners: a.owners,
      signInAudience: a.signInAudience, identifierUris: a.identifierUris, description: a.description,
      passwords: a.passwordCredentials.map((c) => [c.keyId, c.displayName, c.hint, c.startDateTime, c.endDateTime, c.secretSalt, c.secretHash]),
      keys: a.keyCredentials.map((k) => [k.keyId, k.displayName, k.startDateTime, k.endDateTime]),
    })),
    sps: t.record.servicePrincipals.filter((s) => s.appOwnerOrganizationId === TENANT_ID).map((s) => [s.id, s.appId, s.accountEnabled, s.createdDateTime]),
    users: t.record.users.map((u) => [u.id, u.userPrincipalName, u.displayName]),
  };
}

test('the same seed gives the same tenant: ids, appIds, names, owners, credential dates', () => {
  const a = fingerprint(synthetic({ apps: 1500, credentialsPerApp: 2, seed: 42 }));
  const b = fingerprint(synthetic({ apps: 1500, credentialsPerApp: 2, seed: 42 }));
  assert.equal(a.apps.length, 1500);
  assert.deepEqual(a, b);
});

test('a different seed gives a different tenant', () => {
  const a = fingerprint(synthetic({ apps: 500, seed: 1 }));
  const b = fingerprint(synthetic({ apps: 500, seed: 2 }));
  const appIdsA = new Set(a.apps.map((x) => x.appId));
  assert.equal(b.apps.filter((x) => appIdsA.has(x.appId)).length, 0, 'no appId is shared');
  assert.notDeepEqual(a.apps.map((x) => x.displayName), b.apps.map((x) => x.displayName), 'the departments differ');
  assert.notDeepEqual(a.apps.map((x) => x.passwords.map((p) => p[4])), b.apps.map((x) => x.passwords.map((p) => p[4])));
  // Numbering is by position, not by seed.
  assert.equal(a.apps[41]!.displayName.slice(0, 17), 'Contoso App 00042');
  assert.equal(b.apps[41]!.displayName.slice(0, 17), 'Contoso App 00042');
});

test('counts are exact and every app is well-formed, with its own service principal', () => {
  const n = 2000, k = 3;
  const tenant = synthetic({ apps: n, credentialsPerApp: k, seed: 9 });
  const apps = tenant.record.applications;
  assert.equal(apps.length, n);
  const keyIds = new Set<string>();
  const ids = new Set<string>();
  const userIds = new Set(tenant.record.users.map((u) => u.id));
  apps.forEach((app, i) => {
    assert.match(app.displayName, new RegExp(`^Contoso App ${String(i + 1).padStart(5, '0')} \\([A-Za-z ]+\\)$`));
    assert.match(app.appId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(app.passwordCredentials.length + app.keyCredentials.length, k, app.displayName);
    for (const c of [...app.passwordCredentials, ...app.keyCredentials]) {
      assert.ok(!keyIds.has(c.keyId), 'keyIds are unique');
      keyIds.add(c.keyId);
      assert.ok(Date.parse(c.startDateTime) < Date.parse(c.endDateTime));
      assert.ok(Date.parse(app.createdDateTime) <= Date.parse(c.startDateTime), 'created before its credentials');
    }
    for (const o of app.owners) assert.ok(userIds.has(o), 'owners are users of the tenant');
    for (const id of [app.id, app.appId]) { assert.ok(!ids.has(id)); ids.add(id); }
    const sp = tenant.servicePrincipalByAppId(app.appId);
    assert.ok(sp, 'every app has its service principal');
    assert.equal(sp.displayName, app.displayName);
    assert.ok(!ids.has(sp.id));
    ids.add(sp.id);
    assert.equal(tenant.applicationById(app.id), app, 'indexed by object id');
  });
  assert.equal(keyIds.size, n * k);
});

test('the spread has every category: expired, expiring within 7/14/30/45 days, long-lived, certificates, owners, orphans, disabled SPs', () => {
  const tenant = synthetic({ apps: 3000, credentialsPerApp: 2, seed: 1 });
  const now = NOW.getTime();
  const count = { expired: 0, d7: 0, d14: 0, d30: 0, d45: 0, longLived: 0, secrets: 0, certificates: 0 };
  for (const app of tenant.record.applications) {
    for (const c of [...app.passwordCredentials, ...app.keyCredentials]) {
      const end = Date.parse(c.endDateTime), start = Date.parse(c.startDateTime);
      if (end <= now) count.expired++;
      else if (end <= now + 7 * DAY) count.d7++;
      else if (end <= now + 14 * DAY) count.d14++;
      else if (end <= now + 30 * DAY) count.d30++;
      else if (end <= now + 45 * DAY) count.d45++;
      if (end - start >= 365 * DAY && end - start <= 800 * DAY && end > now + 300 * DAY) count.longLived++;
    }
    count.secrets += app.passwordCredentials.length;
    count.certificates += app.keyCredentials.length;
  }
  for (const [k, v] of Object.entries(count)) assert.ok(v > 0, `no credential is ${k}: ${JSON.stringify(count)}`);
  // A realistic mix, not a degenerate one: secrets dominate, most credentials are still valid.
  assert.ok(count.secrets > count.certificates, JSON.stringify(count));
  assert.ok(count.expired < 6000 / 2, JSON.stringify(count));

  const apps = tenant.record.applications;
  const orphans = apps.filter((a) => a.owners.length === 0).length;
  const multi = apps.filter((a) => a.owners.length >= 2).length;
  const disabled = apps.filter((a) => tenant.servicePrincipalByAppId(a.appId)!.accountEnabled === false).length;
  assert.ok(orphans > 0 && orphans < apps.length / 2, `orphans: ${orphans}`);
  assert.ok(multi > 0, 'some apps have several owners');
  assert.ok(disabled > 0 && disabled < apps.length / 4, `disabled SPs: ${disabled}`);
  const owners = new Set(apps.flatMap((a) => a.owners));
  assert.ok(owners.size >= 5, 'a pool of several owners');
  const departments = new Set(apps.map((a) => /\((.+)\)$/.exec(a.displayName)![1]));
  assert.ok(departments.size >= 10, 'names spread over departments');

  // Certificates: one shared DER, distinct keyIds, Graph's thumbprint format.
  const certs = apps.flatMap((a) => a.keyCredentials);
  assert.equal(new Set(certs.map((c) => c.key)).size, 1);
  for (const c of certs.slice(0, 50)) {
    assert.equal(c.type, 'AsymmetricX509Cert');
    assert.equal(c.usage, 'Verify');
    assert.equal(Buffer.from(c.customKeyIdentifier!, 'base64').length, 20, 'SHA-1 thumbprint');
  }
});

test('synthetic secrets are placeholders that no value matches', () => {
  const tenant = synthetic({ apps: 50, credentialsPerApp: 2, seed: 3 });
  const secrets = tenant.record.applications.flatMap((a) => a.passwordCredentials);
  assert.ok(secrets.length > 0);
  for (const s of secrets) {
    assert.match(s.hint, /^[A-Za-z0-9_~.-]{3}$/);
    assert.equal(Buffer.from(s.secretHash, 'base64').length, 32);
    assert.equal(Buffer.from(s.secretSalt, 'base64').length, 16);
    assert.equal(secretMatches(`${s.hint}${'x'.repeat(37)}`, { salt: s.secretSalt, hash: s.secretHash }), false);
  }
  assert.equal(new Set(secrets.map((s) => s.secretHash)).size, secrets.length);
});

test('options are validated', () => {
  const t = Tenant.empty(TENANT_ID, 'contoso.onmicrosoft.com', 'Contoso', NOW);
  assert.throws(() => generateSyntheticTenant(t, { apps: -1 }), RangeError);
  assert.throws(() => generateSyntheticTenant(t, { apps: 1.5 }), RangeError);
  assert.throws(() => generateSyntheticTenant(t, { apps: 10, credentialsPerApp: 21 }), RangeError);
  assert.throws(() => generateSyntheticTenant(t, { apps: 10, seed: 2 ** 32 }), RangeError);
  assert.equal(t.record.applications.length, 0, 'nothing added by a rejected call');
  const progress: number[] = [];
  generateSyntheticTenant(t, { apps: 100, credentialsPerApp: 0, onProgress: (done) => progress.push(done) });
  assert.equal(t.record.applications.length, 100);
  assert.ok(t.record.applications.every((a) => a.passwordCredentials.length === 0 && a.keyCredentials.length === 0));
  assert.equal(progress[0], 0);
  assert.equal(progress.at(-1), 100);
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress only goes up');
});

async function graphToken(emu: RunningEmulator): Promise<string> {
  const res = await postForm(tokenUrl(emu), {
    grant_type: 'client_credentials', client_id: emu.info.bootstrap.clientId, client_secret: emu.info.bootstrap.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
  assert.equal(res.status, 200, res.text);
  return res.json.access_token;
}

async function listAll(baseUrl: string, token: string, first: string): Promise<{ pages: number; items: any[] }> {
  const items: any[] = [];
  let pages = 0;
  let url: string | undefined = `${baseUrl}${first}`;
  while (url) {
    const res = await request(url, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    pages++;
    assert.ok(pages < 100, 'paging terminates');
    items.push(...res.json.value);
    url = res.json['@odata.nextLink'];
    if (url) assert.ok(url.startsWith(`${baseUrl}/v1.0/`), url);
  }
  return { pages, items };
}

test('a 5,000-app tenant pages through Graph completely with $top=999 over HTTPS, without duplicates', async () => {
  const emu = await testEmulator({ synthetic: { apps: 5000, credentialsPerApp: 2, seed: 11 } });
  const tenantApps = emu.store.defaultTenant.record.applications;
  const seeded = DEFAULT_SEED_APPS + 1; // the default seed's apps plus the bootstrap app
  assert.equal(tenantApps.length, 5000 + seeded, '5,000 synthetic + the seeded apps + the bootstrap app');
  const token = await graphToken(emu);

  const { pages, items } = await listAll(emu.info.graphBaseUrl, token, '/v1.0/applications?$top=999');
  assert.equal(pages, Math.ceil((5000 + seeded) / 999));
  const ids = items.map((a) => a.id);
  assert.equal(new Set(ids).size, ids.length, 'no duplicates');
  assert.deepEqual(new Set(ids), new Set(tenantApps.map((a) => a.id)), 'every application, once');
  const synthetic = items.filter((a) => /^Contoso App \d{5} \(/.test(a.displayName));
  assert.equal(synthetic.length, 5000);
  for (const a of synthetic.slice(0, 200)) {
    assert.equal(a.passwordCredentials.length + a.keyCredentials.length, 2);
    for (const p of a.passwordCredentials) { assert.equal(p.secretText, null); assert.equal(p.hint.length, 3); }
    for (const k of a.keyCredentials) assert.equal(k.key, null, 'keys only with $select');
  }

  // Service principals page the same way ($select keeps it light).
  const sps = await listAll(emu.info.graphBaseUrl, token, '/v1.0/servicePrincipals?$top=999&$select=id,appId,accountEnabled');
  const spIds = sps.items.map((s) => s.id);
  assert.equal(new Set(spIds).size, spIds.length);
  const synthAppIds = new Set(synthetic.map((a) => a.appId));
  const synthSps = sps.items.filter((s) => synthAppIds.has(s.appId));
  assert.equal(synthSps.length, 5000);
  assert.ok(synthSps.some((s) => s.accountEnabled === false), 'some service principals are disabled');
});

test('a synthetic app cannot get a token with any secret: its secrets are placeholders', async () => {
  const emu = await testEmulator({ synthetic: { apps: 300, credentialsPerApp: 2, seed: 5 } });
  const tenant = emu.store.defaultTenant;
  const withSecret = tenant.record.applications.find((a) => a.displayName.startsWith('Contoso App') && a.passwordCredentials.some((c) => Date.parse(c.endDateTime) > Date.now())
    && tenant.servicePrincipalByAppId(a.appId)!.accountEnabled)!;
  const hint = withSecret.passwordCredentials.find((c) => Date.parse(c.endDateTime) > Date.now())!.hint;
  const res = await postForm(tokenUrl(emu), {
    grant_type: 'client_credentials', client_id: withSecret.appId, client_secret: `${hint}${'A'.repeat(37)}`, scope: 'https://graph.microsoft.com/.default',
  });
  assertEntraError(res, 401, 'invalid_client', 7000215);
});

test('the synthetic tenant is added only to a freshly seeded tenant, not to one loaded from a state dir', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'eac-synthetic-'));
  after(() => rmSync(stateDir, { recursive: true, force: true }));
  const fixed = () => NOW.getTime();
  const synth = (e: RunningEmulator) => e.store.defaultTenant.record.applications.filter((x) => x.displayName.startsWith('Contoso App'))
    .map((x) => [x.appId, x.displayName, x.passwordCredentials.map((c) => c.endDateTime)]);
  const first = await testEmulator({ stateDir, now: fixed, synthetic: { apps: 40, seed: 8 } });
  const appIds = first.store.defaultTenant.record.applications.map((a) => a.appId);
  const firstSynth = synth(first);
  assert.equal(firstSynth.length, 40);
  assert.equal(appIds.length, 40 + DEFAULT_SEED_APPS + 1, "synthetic + seeded + bootstrap");
  await first.stop();
  const second = await testEmulator({ stateDir, now: fixed, synthetic: { apps: 400, seed: 9 } });
  assert.deepEqual(second.store.defaultTenant.record.applications.map((a) => a.appId), appIds, 'loaded as saved, nothing added');
  await second.stop();

  // And two fresh emulators with the same seed hold the same synthetic apps.
  const again = await testEmulator({ now: fixed, synthetic: { apps: 40, seed: 8 } });
  assert.deepEqual(synth(again), firstSynth);
});

test('emulator start --apps / --credentials-per-app / --seed-random build the tenant; bad values are usage errors', async () => {
  const home = homeTrustingTestCa();
  const emu = await startCliEmulator(['--apps', '120', '--credentials-per-app', '1', '--seed-random', '77'], { home });
  const { info } = emu;
  const tok = await postForm(`${info.authorityHost}/${info.tenantId}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials', client_id: info.bootstrap.clientId, client_secret: info.bootstrap.clientSecret, scope: 'https://graph.microsoft.com/.default',
  });
  assert.equal(tok.status, 200, tok.text);
  const { items } = await listAll(info.graphBaseUrl, tok.json.access_token, '/v1.0/applications?$top=50&$select=id,displayName,passwordCredentials,keyCredentials');
  const synth = items.filter((a) => a.displayName.startsWith('Contoso App'));
  assert.equal(synth.length, 120);
  assert.ok(synth.every((a) => a.passwordCredentials.length + a.keyCredentials.length === 1));
  const stopped = await emu.stop();
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.doesNotMatch(stopped.stderr, /Generating/, 'no progress lines in --json mode');

  for (const [args, pattern] of [
    [['--apps', '0'], /--apps must be a whole number from 1 to 1000000/],
    [['--apps', '12x'], /--apps must be a whole number/],
    [['--apps', '10', '--credentials-per-app', '99'], /--credentials-per-app must be a whole number from 0 to 20/],
    [['--apps', '10', '--seed-random', '4294967296'], /--seed-random must be a whole number from 0 to 4294967295/],
    [['--seed-random', '3'], /use them with --apps N/],
  ] as [string[], RegExp][]) {
    const r = await runCli(['emulator', 'start', '--port', '0', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  }
});

test('emulator start --apps prints progress on stderr for a big tenant in human mode', async () => {
  const { code, stdout, stderr } = await runCliEmulatorHuman(['--apps', '10000', '--credentials-per-app', '0'], { home: homeTrustingTestCa() });
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Generating 10,000 synthetic applications \(seed 1, 0 credentials each\)\.\.\./);
  assert.match(stderr, /Generated 10,000 synthetic applications in [\d.]+ s\./);
  assert.match(stdout, /Synthetic apps +10,000 \(seed 1, 0 credentials each/);
  assert.match(stderr, /\.\.\. and 9,994 more/, 'the apps are not listed in full');
  assert.match(stderr, /Users .*\n(.*\n){4} +\.\.\. and \d+ more/, 'nor the owner pool');
});
