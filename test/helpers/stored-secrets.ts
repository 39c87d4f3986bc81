// What a profile keeps in the file secret store, found the way get-token finds it: under the key the
// profile records (secret.key, certificate.passwordKey), else the per-name key of profiles saved before keys
// were recorded (src/store/secret-keys.ts). Tests read the files themselves to prove where a value is, and
// that it is gone; and the newest value of a Key Vault secret in the emulator.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type StoredWhat = 'client-secret' | 'certificate-password';

function readJson(path: string): any {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

/** Every key and value in <home>/config/secrets.json. */
export function storedSecrets(home: string): Record<string, string> {
  return readJson(join(home, 'config', 'secrets.json'))?.secrets ?? {};
}

/** The value the profile reads (undefined: none). */
export function storedValue(home: string, profile: string, what: StoredWhat = 'client-secret'): string | undefined {
  const p = readJson(join(home, 'config', 'profiles.json'))?.profiles?.[profile];
  const key = (what === 'client-secret' ? p?.secret?.key : p?.certificate?.passwordKey) ?? `profile/${profile}/${what}`;
  return storedSecrets(home)[key];
}

/** Every value kept for a profile's client secret (or certificate password), under any key of that name. */
export function valuesKept(home: string, profile: string, what: StoredWhat = 'client-secret'): string[] {
  const prefix = `profile/${profile}/${what}`;
  return Object.entries(storedSecrets(home)).filter(([k]) => k === prefix || k.startsWith(`${prefix}/`)).map(([, v]) => v);
}

interface VaultHolder {
  store: { defaultTenant: { record: { vaults: { name: string; secrets?: { name: string; versions: { value: string }[] }[] }[] } } };
}

/** The newest value of Key Vault secret `name` in the emulator's vault `vault` of its default tenant (undefined: none). */
export function vaultValue(emu: VaultHolder, name: string, vault = 'default'): string | undefined {
  return emu.store.defaultTenant.record.vaults.find((v) => v.name === vault)?.secrets?.find((x) => x.name === name)?.versions.at(-1)?.value;
}
