// Names of the values a profile keeps in the secret store, and where each one is. Kept apart from
// secret-store.ts, which loads the locking and keychain machinery, so the get-token fast path can read the
// token-cache key without them (secrets-file.ts reads the file backend's layout).
import type { Profile } from '../core/profile.ts';

export { readFileSecretSync, secretsFilePath } from './secrets-file.ts';

/** The two backends: the OS keychain, or secrets.json in the config dir (store/secret-store.ts). */
export type SecretStoreKind = 'file' | 'keychain';

/**
 * A stored value: its key, and the backend the profile recorded it in. Without `store` (profiles saved
 * before backends were recorded) it is looked for in the config dir's chosen backend, then the file.
 */
export interface SecretAt {
  key: string;
  store?: SecretStoreKind;
}

/** A key (in the chosen backend) or a recorded place. */
export type SecretRef = string | SecretAt;

export function secretAt(ref: SecretRef): SecretAt {
  return typeof ref === 'string' ? { key: ref } : ref;
}

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
export function clientSecretAt(p: Pick<Profile, 'name' | 'authMethod' | 'secret'>): SecretAt | undefined {
  if (p.authMethod !== 'ClientSecret' || (p.secret && p.secret.kind !== 'stored')) return undefined;
  return withStore(p.secret?.key ?? secretKey.clientSecret(p.name), p.secret?.store);
}

/** Where a profile's certificate password is (undefined: it keeps none in the store). */
export function certificatePasswordAt(p: Pick<Profile, 'name' | 'authMethod' | 'certificate'>): SecretAt | undefined {
  if (p.authMethod !== 'Certificate' || !p.certificate?.hasPassword) return undefined;
  return withStore(p.certificate.passwordKey ?? secretKey.certificatePassword(p.name), p.certificate.passwordStore);
}

/** Every place a profile's values are (its token-cache key aside). */
export function storedSecretsOf(p: Profile): SecretAt[] {
  return [clientSecretAt(p), certificatePasswordAt(p)].filter((k): k is SecretAt => k !== undefined);
}

/** The key of a profile's stored client secret (undefined: it keeps none in the store). */
export function clientSecretKeyOf(p: Pick<Profile, 'name' | 'authMethod' | 'secret'>): string | undefined {
  return clientSecretAt(p)?.key;
}

/** The key of a profile's certificate password (undefined: it keeps none in the store). */
export function certificatePasswordKeyOf(p: Pick<Profile, 'name' | 'authMethod' | 'certificate'>): string | undefined {
  return certificatePasswordAt(p)?.key;
}

/** Every key a profile's values are under (its token-cache key aside). */
export function storedKeysOf(p: Profile): string[] {
  return storedSecretsOf(p).map((s) => s.key);
}

function withStore(key: string, store: SecretStoreKind | undefined): SecretAt {
  return store ? { key, store } : { key };
}
