// A profile's secrets in the secret store: what it owns, where each one is, and removing them all.
// Nothing here reads, returns or prints a value: presence is asked with has().
import type { Profile } from '../core/profile.ts';
import { certificatePasswordKeyOf, clientSecretKeyOf, secretKey, storedKeysOf } from './secret-keys.ts';
import type { SecretBackend } from './secret-store.ts';

export type SecretWhere =
  | { storage: 'keychain' | 'file'; location: string; present: boolean }
  | { storage: 'reference'; ref: string }
  | { storage: 'none' };

/** Where a profile's client secret and certificate password are (for `config show`). */
export async function describeProfileSecrets(profile: Profile, backend: SecretBackend | undefined): Promise<{ clientSecret: SecretWhere; certificatePassword: SecretWhere }> {
  const stored = async (key: string): Promise<SecretWhere> => (backend
    ? { storage: backend.kind, location: backend.location, present: await backend.has(key) }
    : { storage: 'none' });
  const clientSecret: SecretWhere = profile.authMethod !== 'ClientSecret' || !profile.secret ? { storage: 'none' }
    : profile.secret.kind === 'reference' ? { storage: 'reference', ref: profile.secret.ref }
      : await stored(clientSecretKeyOf(profile)!);
  const certificatePassword: SecretWhere = profile.authMethod === 'Certificate' && profile.certificate?.hasPassword
    ? await stored(certificatePasswordKeyOf(profile)!) : { storage: 'none' };
  return { clientSecret, certificatePassword };
}

/** True when the profile keeps a value in the secret store (so a command must open it). */
export function hasStoredSecrets(profile: Profile): boolean {
  return (profile.authMethod === 'ClientSecret' && profile.secret?.kind === 'stored')
    || (profile.authMethod === 'Certificate' && profile.certificate?.hasPassword === true);
}

/**
 * Removes every secret a profile may own (client secret, certificate password, token-cache key, under the
 * keys it records and the per-name keys of older profiles); returns how many were there.
 */
export function removeProfileSecrets(backend: SecretBackend, profile: Profile): Promise<number> {
  return backend.deleteMany([...new Set([...storedKeysOf(profile), ...secretKey.all(profile.name)])]);
}
