// The fast path's cache lookup must be at least as strict as MSAL's: one matching token for this client,
// authority (or its aliases), tenant or account, and scopes, with 5 minutes left and no refresh due;
// anything ambiguous or unknown is "no match". These cases pin each rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCachedAccessToken, searchScopes, type CachedTokenQuery, type MsalAccessTokenEntry, type MsalCacheDocument } from '../../src/core/msal-cache-match.ts';
import { cacheEnvironments } from '../../src/core/authority-aliases.ts';

const NOW = 1_800_000_000;
const CLIENT = '2d18dc82-5aab-49c9-ada7-5d7031f9dbc7';
const TENANT = '4dc40c63-caf9-4f0a-a996-2355cb5ecf11';
const ENV = '127.0.0.1:34765';

const at = (over: Partial<MsalAccessTokenEntry> = {}): MsalAccessTokenEntry => ({
  home_account_id: '', environment: ENV, credential_type: 'AccessToken', client_id: CLIENT, secret: 'token-a', realm: TENANT,
  target: 'https://graph.microsoft.com/.default', cached_at: String(NOW - 60), expires_on: String(NOW + 3600),
  extended_expires_on: String(NOW + 7200), token_type: 'Bearer', ...over,
});
const doc = (...tokens: MsalAccessTokenEntry[]): MsalCacheDocument => ({ Account: {}, AccessToken: Object.fromEntries(tokens.map((t, i) => [`k${i}`, t])) });
const q = (over: Partial<CachedTokenQuery> = {}): CachedTokenQuery => ({
  clientId: CLIENT, environments: [ENV], kind: 'app', tenant: TENANT, scopes: ['https://graph.microsoft.com/.default'], nowSeconds: NOW, minSecondsLeft: 300, ...over,
});
const found = (d: MsalCacheDocument, query: CachedTokenQuery) => {
  const m = findCachedAccessToken(d, query);
  return m.found ? m.entry.secret : undefined;
};

test('an app token matches on client, environment, tenant (case-insensitive) and scopes (case-insensitive subset)', () => {
  assert.equal(found(doc(at()), q()), 'token-a');
  assert.equal(found(doc(at({ realm: 'contoso.onmicrosoft.com' })), q({ tenant: 'Contoso.onmicrosoft.com' })), 'token-a');
  assert.equal(found(doc(at({ target: 'api://x/A api://x/B' })), q({ scopes: ['API://x/b'] })), 'token-a');
  assert.equal(found(doc(at()), q({ clientId: CLIENT.toUpperCase() })), 'token-a');
});

test('no match: other client, environment, tenant, scope, user token, PoP token, non-bearer', () => {
  assert.equal(found(doc(at({ client_id: 'other' })), q()), undefined);
  assert.equal(found(doc(at({ environment: '127.0.0.1:1' })), q()), undefined, 'an emulator on another port');
  assert.equal(found(doc(at({ realm: 'other' })), q()), undefined);
  assert.equal(found(doc(at()), q({ scopes: ['api://contoso-orders/.default'] })), undefined);
  assert.equal(found(doc(at({ home_account_id: 'uid.utid' })), q()), undefined, 'a user token is not an app token');
  assert.equal(found(doc(at({ credential_type: 'AccessToken_With_AuthScheme' })), q()), undefined);
  assert.equal(found(doc(at({ token_type: 'pop' })), q()), undefined);
});

test('time: at least 5 minutes left (MSAL refreshes earlier), no refresh due, no clock turned back', () => {
  assert.equal(found(doc(at({ expires_on: String(NOW + 300) })), q()), 'token-a', 'exactly 5 minutes left is still good for MSAL');
  assert.equal(found(doc(at({ expires_on: String(NOW + 299) })), q()), undefined);
  assert.equal(found(doc(at({ expires_on: String(NOW - 1) })), q()), undefined);
  assert.equal(found(doc(at({ refresh_on: String(NOW) })), q()), undefined, 'MSAL would refresh it now');
  assert.equal(found(doc(at({ refresh_on: String(NOW + 60) })), q()), 'token-a');
  assert.equal(found(doc(at({ cached_at: String(NOW + 301) })), q()), undefined);
  assert.equal(found(doc(at({ expires_on: 'soon' })), q()), undefined);
});

test('ambiguity and the unknown are no match: two candidates, an unknown field, an empty token', () => {
  assert.equal(found(doc(at(), at({ secret: 'token-b' })), q()), undefined);
  assert.equal(found(doc({ ...at(), requestedClaimsHash: 'abc' } as MsalAccessTokenEntry), q()), undefined);
  assert.equal(found(doc(at({ secret: '' })), q()), undefined);
  assert.equal(found({}, q()), undefined);
});

test('public-cloud aliases: MSAL files login.microsoftonline.com tokens under login.windows.net', () => {
  const envs = cacheEnvironments('login.microsoftonline.com');
  assert.ok(envs.includes('login.windows.net'));
  assert.equal(found(doc(at({ environment: 'login.windows.net' })), q({ environments: envs })), 'token-a');
  assert.deepEqual(cacheEnvironments('127.0.0.1:8443'), ['127.0.0.1:8443']);
});

test('user tokens: only for the one account of this authority, in that account\'s tenant', () => {
  const account = { home_account_id: 'uid.utid', environment: ENV, realm: TENANT };
  const user = at({ home_account_id: 'uid.utid', target: 'https://graph.microsoft.com/User.Read openid profile' });
  const withAccounts = (...accounts: typeof account[]): MsalCacheDocument => ({ ...doc(user), Account: Object.fromEntries(accounts.map((a, i) => [`a${i}`, a])) });
  const uq = q({ kind: 'user', tenant: 'contoso.onmicrosoft.com', scopes: ['https://graph.microsoft.com/User.Read', 'offline_access', 'openid'] });
  assert.equal(found(withAccounts(account), uq), 'token-a', 'OIDC scopes are ignored, the account\'s realm is used');
  assert.equal(found(withAccounts(), uq), undefined, 'no account');
  assert.equal(found(withAccounts(account, { ...account, home_account_id: 'other.utid' }), uq), undefined, 'two accounts: the full path decides');
  assert.equal(found(withAccounts({ ...account, tenantProfiles: ['a', 'b'] } as typeof account), uq), undefined, 'two tenant profiles are two accounts to MSAL');
  assert.equal(found(withAccounts({ ...account, environment: '127.0.0.1:1' }), uq), undefined, 'an account of another authority does not count');
});

test('searchScopes drops OIDC scopes unless they are all there is (then only offline_access)', () => {
  assert.deepEqual(searchScopes(['User.Read', 'openid', 'profile', 'offline_access', 'email']), ['User.Read']);
  assert.deepEqual(searchScopes(['openid', 'profile', 'offline_access']), ['openid', 'profile']);
  assert.deepEqual(searchScopes([' a ', 'a', '']), ['a']);
});
