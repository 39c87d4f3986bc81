// A profile's secrets in the secret store: what it owns, where each one is, and removing them all.
// Nothing here reads, returns or prints a value: presence is asked with has().
import type { Profile } from '../core/profile.ts';
import { certificatePasswordAt, clientSecretAt, secretKey, storedSecretsOf, type SecretAt, type SecretRef } from './secret-keys.ts';
import type { SecretBackend } from './secret-store.ts';

export type SecretWhere =
  | { storage: 'keychain' | 'file'; location: string; present: boolean }
  | { storage: 'reference'; ref: string }
  | { storage: 'none' };

/** Where a profile's client secret and certificate password are (for `config show`): where the profile recorded them. */
export async function describeProfileSecrets(profile: Profile, backend: SecretBackend | undefined): Promise<{ clientSecret: SecretWhere; certificatePassword: SecretWhere }> {
  const stored = async (at: SecretAt | undefined): Promise<SecretWhere> => {
    if (!backend || !at) return { storage: 'none' };
    const { kind, location } = backend.where(at);
    return { storage: kind, location, present: await backend.has(at) };
  };
  const clientSecret: SecretWhere = profile.authMethod !== 'ClientSecret' || !profile.secret ? { storage: 'none' }
    : profile.secret.kind === 'reference' ? { storage: 'reference', ref: profile.secret.ref }
      : await stored(clientSecretAt(profile));
  return { clientSecret, certificatePassword: await stored(certificatePasswordAt(profile)) };
}

/** True when the profile keeps a value in the secret store (so a command must open it). */
export function hasStoredSecrets(profile: Profile): boolean {
  return (profile.authMethod === 'ClientSecret' && profile.secret?.kind === 'stored')
    || (profile.authMethod === 'Certificate' && profile.certificate?.hasPassword === true);
}

/**
 * Removes every secret a profile may own: its values where it recorded them, its token-cache key, and the
 * per-name keys of older profiles. Returns how many were there and where they were.
 */
export async function removeProfileSecrets(backend: SecretBackend, profile: Profile): Promise<{ removed: number; locations: string[] }> {
  const recorded = storedSecretsOf(profile);
  const refs: SecretRef[] = [...recorded, ...secretKey.all(profile.name).filter((k) => !recorded.some((r) => r.key === k))];
  const removed = await backend.deleteMany(refs);
  const locations = [...new Set(refs.map((r) => backend.where(r).location))];
  return { removed, locations };
}
