// Finding an access token in MSAL's serialized cache the way MSAL itself would, for the get-token fast path
// (which answers from the cache without loading MSAL). Deliberately stricter than MSAL: anything unusual
// (an unknown field, two candidates, a second account, a refresh due) is "no match", and the caller then
// runs the full MSAL path. So the fast path can only ever print a token MSAL would also have returned.
// Pure: the cache document and `now` are passed in.

/** The parts of an MSAL AccessToken cache entry we read (snake_case, as MSAL serializes them). */
export interface MsalAccessTokenEntry {
  home_account_id: string;
  environment: string;
  credential_type: string;
  client_id: string;
  secret: string;
  realm: string;
  target: string;
  cached_at: string;
  expires_on: string;
  extended_expires_on?: string;
  refresh_on?: string;
  token_type?: string;
}

export interface MsalAccountEntry {
  home_account_id: string;
  environment: string;
  realm: string;
  tenantProfiles?: unknown[];
}

export interface MsalCacheDocument {
  Account?: Record<string, MsalAccountEntry>;
  AccessToken?: Record<string, MsalAccessTokenEntry>;
  [section: string]: unknown;
}

export interface CachedTokenQuery {
  clientId: string;
  /** Cache environments that stand for the profile's authority host (see authority-aliases.ts). */
  environments: string[];
  /** 'app' = client credentials (no account, realm = the profile's tenant); 'user' = the one signed-in account. */
  kind: 'app' | 'user';
  /** For 'app': the tenant as written in the authority (MSAL stores it lower-cased). */
  tenant: string;
  scopes: string[];
  nowSeconds: number;
  /** MSAL refreshes a token with less than this left (its tokenRenewalOffsetSeconds, 300 by default). */
  minSecondsLeft: number;
}

export type CacheMatch =
  | { found: true; entry: MsalAccessTokenEntry }
  | { found: false; reason: string };

/** MSAL's default token renewal offset: a token with less than 5 minutes left is refreshed. */
export const MSAL_RENEWAL_OFFSET_SECONDS = 300;

const OIDC_SCOPES = ['openid', 'profile', 'offline_access', 'email'];

/** MSAL's search scopes (ScopeSet.createSearchScopes): OIDC scopes dropped unless they are all there is. */
export function searchScopes(scopes: string[]): string[] {
  const set = new Set(scopes.map((s) => s.trim()).filter(Boolean));
  const onlyOidc = [...set].every((s) => OIDC_SCOPES.includes(s.toLowerCase()));
  if (!onlyOidc) for (const s of OIDC_SCOPES) set.delete(s);
  else set.delete('offline_access');
  return [...set];
}

const KNOWN_FIELDS = new Set([
  'home_account_id', 'environment', 'credential_type', 'client_id', 'secret', 'realm', 'target', 'cached_at',
  'expires_on', 'extended_expires_on', 'refresh_on', 'token_type',
]);

function targetContains(target: string, wanted: string[]): boolean {
  const have = new Set(target.split(' ').map((s) => s.trim().toLowerCase()).filter(Boolean));
  return wanted.length > 0 && have.size >= wanted.length && wanted.every((s) => have.has(s.toLowerCase()));
}

export function findCachedAccessToken(cache: MsalCacheDocument, q: CachedTokenQuery): CacheMatch {
  const envs = new Set(q.environments.map((e) => e.toLowerCase()));
  let homeAccountId = '';
  let realm = q.tenant.toLowerCase();
  if (q.kind === 'user') {
    const accounts = Object.values(cache.Account ?? {}).filter((a) => envs.has(String(a.environment).toLowerCase()));
    // MSAL lists one account per tenant profile; the full path only answers silently for exactly one.
    const listed = accounts.reduce((n, a) => n + Math.max(1, Array.isArray(a.tenantProfiles) ? a.tenantProfiles.length : 0), 0);
    if (accounts.length !== 1 || listed !== 1) return { found: false, reason: `${listed} signed-in accounts for this authority` };
    homeAccountId = accounts[0]!.home_account_id;
    realm = String(accounts[0]!.realm).toLowerCase();
  }
  const wanted = searchScopes(q.scopes);
  const candidates = Object.values(cache.AccessToken ?? {}).filter((t) =>
    t.credential_type === 'AccessToken'
    && t.home_account_id === homeAccountId
    && envs.has(String(t.environment).toLowerCase())
    && t.client_id?.toLowerCase() === q.clientId.toLowerCase()
    && String(t.realm).toLowerCase() === realm
    && (t.token_type ?? 'Bearer').toLowerCase() === 'bearer'
    && typeof t.target === 'string' && targetContains(t.target, wanted));
  if (candidates.length !== 1) return { found: false, reason: `${candidates.length} cached tokens match` };
  const entry = candidates[0]!;
  if (Object.keys(entry).some((k) => !KNOWN_FIELDS.has(k))) return { found: false, reason: 'the cached token has fields this fast path does not know' };
  if (typeof entry.secret !== 'string' || !entry.secret) return { found: false, reason: 'the cached token is empty' };
  const expiresOn = Number(entry.expires_on);
  const cachedAt = Number(entry.cached_at);
  if (!Number.isFinite(expiresOn) || !Number.isFinite(cachedAt)) return { found: false, reason: 'the cached token has no valid times' };
  if (expiresOn < q.nowSeconds + q.minSecondsLeft) return { found: false, reason: 'the cached token expires too soon' };
  if (cachedAt > q.nowSeconds + MSAL_RENEWAL_OFFSET_SECONDS) return { found: false, reason: 'the clock was turned back since the token was cached' };
  if (entry.refresh_on !== undefined && !(Number(entry.refresh_on) > q.nowSeconds)) return { found: false, reason: 'the cached token is due for a refresh' };
  return { found: true, entry };
}
