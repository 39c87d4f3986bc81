// Large synthetic tenants for scale tests and benchmarks: N applications (each with its service principal)
// whose credentials, owners and states have the spread a real, long-lived tenant has: expired secrets,
// secrets expiring within 7 / 14 / 30 / 45 days, medium and long-lived (1-2 year) ones, certificates,
// apps with one or several owners, orphaned apps, disabled service principals.
//
// Deterministic: everything (ids, appIds, names, owners, credential keyIds, hints and dates relative to
// `now`) comes from a seeded PRNG, so the same seed and `now` give the same tenant. The one certificate all
// keyCredentials share is generated once per process (its bytes are the only thing not derived from the seed).
//
// Synthetic secrets are unusable placeholders: their "hash" and "salt" are random bytes, not the HMAC of
// any value, so no client secret can ever match one (and generation skips 100,000s of HMACs).
// Cost is O(N): Tenant.addApplication appends and indexes in O(1); 100,000 apps take about a second.
import { createSelfSigned, thumbprints } from '../tls/certificates.ts';
import type { KeyCredentialRecord, PasswordCredentialRecord } from './model.ts';
import type { Tenant } from './tenant.ts';

export interface SyntheticTenantOptions {
  /** Applications to add (each with its service principal). */
  apps: number;
  /** Credentials (secrets or certificates) per application; default 2. */
  credentialsPerApp?: number;
  /** PRNG seed (an unsigned 32-bit integer); default 1. */
  seed?: number;
  /** The reference time credential dates are spread around (expired, expiring in 7 days...). */
  now?: Date;
  /** Called with (0, apps) first, then every 5 %, then (apps, apps). */
  onProgress?: (done: number, total: number) => void;
}

/** Where a credential's end date falls relative to `now`. */
export type CredentialBucket = 'expired' | 'expiring7d' | 'expiring14d' | 'expiring30d' | 'expiring45d' | 'medium' | 'longLived';

export interface SyntheticTenantSummary {
  apps: number;
  users: number;
  passwordCredentials: number;
  keyCredentials: number;
  /** Credentials (both kinds) per bucket. */
  buckets: Record<CredentialBucket, number>;
  orphanedApps: number;
  disabledServicePrincipals: number;
}

export const SYNTHETIC_LIMITS = { maxApps: 1_000_000, maxCredentialsPerApp: 20, maxSeed: 0xffffffff } as const;

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Bucket weights for one credential; they sum to 1. */
const BUCKETS: [CredentialBucket, number][] = [
  ['expired', 0.14], ['expiring7d', 0.04], ['expiring14d', 0.04], ['expiring30d', 0.06], ['expiring45d', 0.06],
  ['medium', 0.2], ['longLived', 0.46],
];
const CERTIFICATE_SHARE = 0.18;
const ORPHAN_SHARE = 0.1;
const DISABLED_SP_SHARE = 0.04;
const LIFETIMES_DAYS = [90, 180, 365, 730];

const DEPARTMENTS = [
  'Payments', 'Billing', 'HR', 'Finance', 'Marketing', 'Sales', 'Logistics', 'Inventory', 'Analytics', 'Identity',
  'Security', 'Support', 'Legal', 'Procurement', 'Engineering', 'Data Platform', 'Mobile', 'Web', 'Reporting', 'Compliance',
];
const SECRET_NAMES = ['prod', 'staging', 'ci-deploy', 'pipeline', 'rotation', 'legacy', 'backup', 'integration-tests'];
const FIRST = ['Maria', 'James', 'Aiko', 'Liam', 'Fatima', 'Noah', 'Elena', 'Arjun', 'Chloe', 'Mateo', 'Ingrid', 'Kwame', 'Sofia', 'Wei', 'Olga', 'Diego'];
const LAST = ['Garcia', 'Smith', 'Tanaka', 'Murphy', 'Khan', 'Johnson', 'Rossi', 'Patel', 'Dubois', 'Silva', 'Larsen', 'Mensah', 'Novak', 'Chen', 'Ivanova', 'Lopez'];
const HINT_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-';

// ---- PRNG: sfc32 seeded through splitmix32 (128-bit state: no repeats within any realistic tenant) ------
export type Prng = () => number;

export function createPrng(seed: number): { u32: Prng; float: () => number } {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  return { u32, float: () => u32() / 0x1_0000_0000 };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (n: number) => HEX[n >>> 24]! + HEX[(n >>> 16) & 0xff]! + HEX[(n >>> 8) & 0xff]! + HEX[n & 0xff]!;

/** A version-4-shaped GUID from the PRNG. */
function uuid(u32: Prng): string {
  const a = u32(), b = u32(), c = u32(), d = u32();
  const bh = hex32((b & 0xffff0fff) | 0x00004000);
  const ch = hex32(((c & 0x3fffffff) | 0x80000000) >>> 0);
  return `${hex32(a)}-${bh.slice(0, 4)}-${bh.slice(4)}-${ch.slice(0, 4)}-${ch.slice(4)}${hex32(d)}`;
}

/** `words` 32-bit words of PRNG output, base64. */
function randomBase64(u32: Prng, words: number): string {
  const buf = Buffer.allocUnsafe(words * 4);
  for (let i = 0; i < words; i++) buf.writeUInt32LE(u32(), i * 4);
  return buf.toString('base64');
}

// ---- the shared certificate --------------------------------------------------------------------------
let sharedCert: { key: string; customKeyIdentifier: string } | undefined;

function syntheticCertificate(): { key: string; customKeyIdentifier: string } {
  if (!sharedCert) {
    const { certPem } = createSelfSigned('entra-auth-cli synthetic workload', 3650);
    const { der, sha1 } = thumbprints(certPem);
    sharedCert = { key: der.toString('base64'), customKeyIdentifier: sha1.toString('base64') };
  }
  return sharedCert;
}

// ---- generation ------------------------------------------------------------------------------------
/**
 * Adds `apps` synthetic applications with their service principals (and a pool of owner users) to
 * `tenant`. Returns what it added, by category.
 */
export function generateSyntheticTenant(tenant: Tenant, options: SyntheticTenantOptions): SyntheticTenantSummary {
  const total = options.apps;
  const perApp = options.credentialsPerApp ?? 2;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(total) || total < 0 || total > SYNTHETIC_LIMITS.maxApps) throw new RangeError(`synthetic apps must be a whole number from 0 to ${SYNTHETIC_LIMITS.maxApps} (got ${total})`);
  if (!Number.isInteger(perApp) || perApp < 0 || perApp > SYNTHETIC_LIMITS.maxCredentialsPerApp) throw new RangeError(`synthetic credentialsPerApp must be a whole number from 0 to ${SYNTHETIC_LIMITS.maxCredentialsPerApp} (got ${perApp})`);
  if (!Number.isInteger(seed) || seed < 0 || seed > SYNTHETIC_LIMITS.maxSeed) throw new RangeError(`synthetic seed must be a whole number from 0 to ${SYNTHETIC_LIMITS.maxSeed} (got ${seed})`);

  const now = options.now ?? new Date();
  const nowMs = now.getTime();
  const { u32, float } = createPrng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(float() * list.length)]!;
  const between = (lo: number, hi: number): number => lo + float() * (hi - lo);
  const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();

  const summary: SyntheticTenantSummary = {
    apps: total, users: 0, passwordCredentials: 0, keyCredentials: 0,
    buckets: { expired: 0, expiring7d: 0, expiring14d: 0, expiring30d: 0, expiring45d: 0, medium: 0, longLived: 0 },
    orphanedApps: 0, disabledServicePrincipals: 0,
  };
  options.onProgress?.(0, total);
  if (total === 0) return summary;

  const domain = tenant.domain;
  const label = domain.split('.')[0] ?? 'contoso';
  const org = label.charAt(0).toUpperCase() + label.slice(1);

  // Owners: a pool of users that scales with the tenant (5 to 200), each owning many apps.
  const poolSize = Math.min(200, Math.max(5, Math.round(total / 500)));
  const owners: string[] = [];
  for (let i = 1; i <= poolSize; i++) {
    const first = pick(FIRST), last = pick(LAST);
    const upn = `${first}.${last}.${String(i).padStart(3, '0')}@${domain}`.toLowerCase();
    const id = uuid(u32);
    const user = tenant.userByUpn(upn) ?? tenant.addUser({ userPrincipalName: upn, displayName: `${first} ${last}`, id }, now);
    owners.push(user.id);
  }
  summary.users = poolSize;

  const width = Math.max(5, String(total).length);
  const cert = perApp > 0 ? syntheticCertificate() : undefined;
  const bucketOf = (): CredentialBucket => {
    let r = float();
    for (const [b, w] of BUCKETS) { if (r < w) return b; r -= w; }
    return 'longLived';
  };
  /** Start and end of a credential in `bucket`, as epoch ms. */
  const datesFor = (bucket: CredentialBucket): [number, number] => {
    let end: number;
    switch (bucket) {
      case 'expired': end = nowMs - between(HOUR, 540 * DAY); break;
      case 'expiring7d': end = nowMs + between(HOUR, 7 * DAY); break;
      case 'expiring14d': end = nowMs + between(7 * DAY + HOUR, 14 * DAY); break;
      case 'expiring30d': end = nowMs + between(14 * DAY + HOUR, 30 * DAY); break;
      case 'expiring45d': end = nowMs + between(30 * DAY + HOUR, 45 * DAY); break;
      case 'medium': end = nowMs + between(45 * DAY + HOUR, 365 * DAY); break;
      case 'longLived': {
        // Created recently with a 1-2 year lifetime.
        const start = nowMs - between(0, 60 * DAY);
        return [start, start + between(365 * DAY, 730 * DAY)];
      }
    }
    const start = Math.min(nowMs - DAY, end - pick(LIFETIMES_DAYS) * DAY);
    return [start, end];
  };

  const step = Math.max(1, Math.floor(total / 20));
  for (let i = 1; i <= total; i++) {
    const number = String(i).padStart(width, '0');
    const dept = pick(DEPARTMENTS);
    const displayName = `${org} App ${number} (${dept})`;
    const id = uuid(u32), appId = uuid(u32), spId = uuid(u32);

    const passwords: PasswordCredentialRecord[] = [];
    const keys: KeyCredentialRecord[] = [];
    let earliest = nowMs - DAY;
    for (let k = 0; k < perApp; k++) {
      const bucket = bucketOf();
      const [start, end] = datesFor(bucket);
      earliest = Math.min(earliest, start);
      summary.buckets[bucket]++;
      const keyId = uuid(u32);
      if (float() < CERTIFICATE_SHARE) {
        keys.push({
          keyId, displayName: `CN=${label}-app-${number}`, customKeyIdentifier: cert!.customKeyIdentifier,
          type: 'AsymmetricX509Cert', usage: 'Verify', startDateTime: iso(start), endDateTime: iso(end), key: cert!.key,
        });
      } else {
        const hint = HINT_ALPHABET[u32() % HINT_ALPHABET.length]! + HINT_ALPHABET[u32() % HINT_ALPHABET.length]! + HINT_ALPHABET[u32() % HINT_ALPHABET.length]!;
        passwords.push({
          keyId, displayName: float() < 0.15 ? null : pick(SECRET_NAMES), customKeyIdentifier: null,
          startDateTime: iso(start), endDateTime: iso(end), hint,
          // Placeholders: random bytes shaped like an HMAC-SHA-256 and its salt, matching no value.
          secretHash: randomBase64(u32, 8), secretSalt: randomBase64(u32, 4),
        });
      }
    }

    const ownerRoll = float();
    let appOwners: string[];
    if (ownerRoll < ORPHAN_SHARE) appOwners = [];
    else if (ownerRoll < 0.75) appOwners = [pick(owners)];
    else appOwners = [...new Set([pick(owners), pick(owners), ...(ownerRoll > 0.95 ? [pick(owners)] : [])])];
    if (appOwners.length === 0) summary.orphanedApps++;

    const audienceRoll = float();
    const signInAudience = audienceRoll < 0.85 ? 'AzureADMyOrg' : audienceRoll < 0.97 ? 'AzureADMultipleOrgs' : 'AzureADandPersonalMicrosoftAccount';
    const slug = `${label}-app-${number}`;
    const hasApi = float() < 0.3;
    const hasWeb = float() < 0.4;
    const created = earliest - between(0, 400 * DAY);
    const { app, sp } = tenant.addApplication({
      displayName, id, appId, servicePrincipalId: spId, createdDateTime: iso(created), signInAudience,
      identifierUris: hasApi ? [`api://${slug}`] : [],
      webRedirectUris: hasWeb ? [`https://${slug}.${domain}/signin-oidc`] : [],
      owners: appOwners,
    }, now);
    if (float() < 0.3) app.description = `${dept} workload ${number}`;
    app.passwordCredentials = passwords;
    app.keyCredentials = keys;
    summary.passwordCredentials += passwords.length;
    summary.keyCredentials += keys.length;
    sp.createdDateTime = app.createdDateTime;
    // Service principals have owners of their own in Entra; here the same people own both.
    sp.owners = [...appOwners];
    if (float() < DISABLED_SP_SHARE) {
      sp.accountEnabled = false;
      summary.disabledServicePrincipals++;
    }
    if (i % step === 0 && i !== total) options.onProgress?.(i, total);
  }
  options.onProgress?.(total, total);
  return summary;
}
