// Names of the values a profile keeps in the secret store, and a plain synchronous read of the file
// backend's layout (secrets.json: { schemaVersion, secrets: { key: value } }). Kept apart from
// secret-store.ts, which loads the locking and keychain machinery, so the get-token fast path can read the
// token-cache key without them. Reading needs no lock: writes replace the file atomically.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Keys are namespaced per profile so deleting a profile can remove everything it owns. */
export const secretKey = {
  clientSecret: (profile: string) => `profile/${profile}/client-secret`,
  certificatePassword: (profile: string) => `profile/${profile}/certificate-password`,
  tokenCacheKey: (profile: string) => `profile/${profile}/token-cache-key`,
  all: (profile: string) => [secretKey.clientSecret(profile), secretKey.certificatePassword(profile), secretKey.tokenCacheKey(profile)],
};

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
