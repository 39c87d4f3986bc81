// Where secrets (client secrets, certificate passwords, token-cache keys) are kept: the OS keychain where
// one works, else a 0600 JSON file in the 0700 config dir, with a one-time warning that says so.
// EAC_SECRET_STORE=file|keychain forces a backend (tests and CI use file).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDirLock } from '../shared/dir-lock.ts';
import { ensurePrivateDir, writeFileAtomic } from '../shared/files.ts';
import { secretsFilePath } from './secret-keys.ts';

export interface SecretBackend {
  readonly kind: 'keychain' | 'file';
  /** Human description of where values go, for messages. */
  readonly location: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Whether a value is stored under `key`, without handing the value out. */
  has(key: string): Promise<boolean>;
  /** Removes the keys that exist (one write for the file store); returns how many there were. */
  deleteMany(keys: string[]): Promise<number>;
}

const SERVICE = 'entra-auth-cli';

export { secretKey } from './secret-keys.ts';

export class FileSecretBackend implements SecretBackend {
  readonly kind = 'file' as const;
  readonly path: string;

  constructor(private readonly dir: string) {
    this.path = secretsFilePath(dir);
  }

  get location(): string { return this.path; }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    try {
      const doc = JSON.parse(readFileSync(this.path, 'utf8')) as { secrets?: Record<string, string> };
      return doc.secrets ?? {};
    } catch {
      throw new Error(`The secret store ${this.path} is not valid JSON. It was left untouched; move it away to start a new one.`);
    }
  }

  async get(key: string): Promise<string | undefined> {
    return this.read()[key];
  }

  async set(key: string, value: string): Promise<void> {
    await this.locked((s) => { s[key] = value; });
  }

  async delete(key: string): Promise<void> {
    await this.locked((s) => { delete s[key]; });
  }

  async has(key: string): Promise<boolean> {
    return key in this.read();
  }

  async deleteMany(keys: string[]): Promise<number> {
    let removed = 0;
    await this.locked((s) => { for (const k of keys) if (k in s) { delete s[k]; removed += 1; } });
    return removed;
  }

  private async locked(change: (secrets: Record<string, string>) => void): Promise<void> {
    await withDirLock(this.dir, 'secrets.lock', () => {
      const secrets = this.read();
      change(secrets);
      writeFileAtomic(this.path, `${JSON.stringify({ schemaVersion: 1, secrets }, null, 2)}
`, 0o600);
    });
  }
}

export class KeychainSecretBackend implements SecretBackend {
  readonly kind = 'keychain' as const;
  readonly location = 'the OS keychain';

  private constructor(private readonly keyring: typeof import('@napi-rs/keyring')) {}

  /**
   * Returns a backend only if the keychain answers (it does not on headless Linux without a Secret Service).
   * The probe must write: reading a missing entry answers null even where no keychain can store anything.
   */
  static async open(): Promise<KeychainSecretBackend | undefined> {
    try {
      const keyring = await import('@napi-rs/keyring');
      const probe = new keyring.Entry(SERVICE, 'probe');
      probe.setPassword('probe');
      probe.deletePassword();
      return new KeychainSecretBackend(keyring);
    } catch {
      return undefined;
    }
  }

  async get(key: string): Promise<string | undefined> {
    return new this.keyring.Entry(SERVICE, key).getPassword() ?? undefined;
  }

  async set(key: string, value: string): Promise<void> {
    new this.keyring.Entry(SERVICE, key).setPassword(value);
  }

  async delete(key: string): Promise<void> {
    try { new this.keyring.Entry(SERVICE, key).deletePassword(); } catch { /* already gone */ }
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async deleteMany(keys: string[]): Promise<number> {
    let removed = 0;
    for (const k of keys) {
      try { if (new this.keyring.Entry(SERVICE, k).deletePassword()) removed += 1; } catch { /* not there */ }
    }
    return removed;
  }
}

/**
 * Opens the secret store. `warn` is called once per machine (a marker file remembers) when secrets go to
 * the file store because no keychain works.
 */
export async function openSecretStore(configDir: string, env: NodeJS.ProcessEnv, warn: (message: string) => void): Promise<SecretBackend> {
  const forced = env.EAC_SECRET_STORE;
  if (forced === 'file') return new FileSecretBackend(configDir);
  const keychain = await KeychainSecretBackend.open();
  if (keychain) return keychain;
  if (forced === 'keychain') throw new Error('EAC_SECRET_STORE=keychain, but the OS keychain cannot be reached (on Linux it needs a Secret Service such as gnome-keyring).');
  const file = new FileSecretBackend(configDir);
  const marker = join(configDir, '.file-secret-store-warned');
  if (!existsSync(marker)) {
    warn(`warning: no OS keychain is available, so secrets are stored in ${file.path} (readable only by you, mode 0600). Use a secret reference (env:, file:, keyvault://) to keep them out of it.`);
    ensurePrivateDir(configDir);
    writeFileAtomic(marker, `${new Date().toISOString()}\n`, 0o600);
  }
  return file;
}
