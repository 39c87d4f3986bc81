// Names of the values a profile keeps in the secret store, and a plain synchronous read of the file
// backend's layout (secrets.json: { schemaVersion, secrets: { key: value } }). Kept apart from
// secret-store.ts, which loads the locking and keychain machinery, so the get-token fast path can read the
// token-cache key without them. Reading needs no lock: writes replace the file atomically.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../core/profile.ts';

/**
 * Keys are namespaced per profile so deleting a profile can remove everything it owns. A new value goes
 * under a fresh key (`…/client-secret/<id>`) that the profile then records, so the old value stays until the
 * new one is stored (app/profile/save-profile.ts); profiles saved before that use the per-name keys.
 */
export const secretKey = {
  clientSecret: (profile: string) => `profile/${profile}/client-secret`,
  certificatePassword: (profile: string) => `profile/${profile}/certificate-password`,
  tokenCacheKey: (profile: string) => `profile/${profile}/token-cache-key`,
  /** A fresh key for a new value of a profile (id: a random suffix). */
  fresh: (profile: string, what: 'client-secret' | 'certificate-password', id: string) => `profile/${profile}/${what}/${id}`,
  all: (profile: string) => [secretKey.clientSecret(profile), secretKey.certificatePassword(profile), secretKey.tokenCacheKey(profile)],
};

/** Where a profile's stored client secret is (undefined: it keeps none in the store). */
export function clientSecretKeyOf(p: Pick<Profile, 'name' | 'authMethod' | 'secret'>): string | undefined {
  if (p.authMethod !== 'ClientSecret' || (p.secret && p.secret.kind !== 'stored')) return undefined;
  return p.secret?.key ?? secretKey.clientSecret(p.name);
}

/** Where a profile's certificate password is (undefined: it keeps none in the store). */
export function certificatePasswordKeyOf(p: Pick<Profile, 'name' | 'authMethod' | 'certificate'>): string | undefined {
  if (p.authMethod !== 'Certificate' || !p.certificate?.hasPassword) return undefined;
  return p.certificate.passwordKey ?? secretKey.certificatePassword(p.name);
}

/** Every key a profile's values are under (its token-cache key aside). */
export function storedKeysOf(p: Profile): string[] {
  return [clientSecretKeyOf(p), certificatePasswordKeyOf(p)].filter((k): k is string => k !== undefined);
}

export function secretsFilePath(configDir: string): string {
  return join(configDir, 'secrets.json');
}

/** One value from the file backend, or undefined when the file or the value is missing or unreadable. */
export function readFileSecretSync(configDir: string, key: string): string | undefined {
  try {
    const doc = JSON.parse(readFileSync(secretsFilePath(configDir), 'utf8')) as { secrets?: Record<string, unknown> };
    const v = doc.secrets?.[key];
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
