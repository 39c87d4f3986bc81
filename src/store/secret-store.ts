// Where secrets (client secrets, certificate passwords, token-cache keys) are kept, decided once per config
// dir and written down (secret-store-choice.ts): the OS keychain when one answers the first time the dir
// needs a store, else a 0600 JSON file in the 0700 config dir, with a warning that says so. Never re-probed:
// a keychain that stops answering is an error naming it, not a silent move to the file (issue 9, item 1).
// Each profile records which backend holds each of its values; SecretStore reads it from there.
// EAC_SECRET_STORE=file|keychain makes the first choice (tests and CI use file); it cannot overrule a
// choice already made.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ActionableError } from '../core/actionable-error.ts';
import { withDirLock } from '../shared/dir-lock.ts';
import { ensurePrivateDir, removeStaleTempFiles, writeFileAtomic } from '../shared/files.ts';
import { loadOsKeyring, osKeychainName, type OsKeyring } from './os-keyring.ts';
import { readChoice, writeChoice, type SecretStoreChoice } from './secret-store-choice.ts';
import { secretAt, type SecretAt, type SecretRef, type SecretStoreKind } from './secret-keys.ts';
import { readSecretsFile, secretsFilePath, secretsFileText } from './secrets-file.ts';

export { secretKey, type SecretAt, type SecretRef, type SecretStoreKind } from './secret-keys.ts';

/**
 * One place values are kept. A key may be given with the backend a profile recorded for it (SecretAt); a
 * backend refuses a value recorded in another one rather than answer "not here".
 */
export interface SecretBackend {
  /** Where new values go. */
  readonly kind: SecretStoreKind;
  /** Human description of where values go, for messages. */
  readonly location: string;
  get(ref: SecretRef): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Stores `value` unless a value is there already (atomically, under the store's lock); returns the value kept. */
  setIfAbsent(key: string, value: string): Promise<string>;
  delete(ref: SecretRef): Promise<void>;
  /** Whether a value is stored, without handing the value out. */
  has(ref: SecretRef): Promise<boolean>;
  /** Removes the values that exist (one write for the file store); returns how many there were. */
  deleteMany(refs: SecretRef[]): Promise<number>;
  /** The description of where `ref` is (its recorded backend's). */
  where(ref: SecretRef): { kind: SecretStoreKind; location: string };
}

/** The lock every change of a config dir's secrets takes (both backends, and the choice). */
const LOCK = 'secrets.lock';

abstract class SingleBackend implements SecretBackend {
  abstract readonly kind: SecretStoreKind;
  abstract readonly location: string;
  protected abstract read(key: string): string | undefined;
  protected abstract change(apply: (s: { get(k: string): string | undefined; set(k: string, v: string): void; delete(k: string): boolean }) => void): Promise<void>;

  /** The key, after checking the value was recorded here. */
  protected keyOf(ref: SecretRef): string {
    const at = secretAt(ref);
    if (at.store && at.store !== this.kind) throw new ActionableError(`A value recorded in the ${at.store} secret store was asked of ${this.location}.`);
    return at.key;
  }

  where(_ref?: SecretRef): { kind: SecretStoreKind; location: string } {
    return { kind: this.kind, location: this.location };
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    return this.read(this.keyOf(ref));
  }

  async has(ref: SecretRef): Promise<boolean> {
    return this.read(this.keyOf(ref)) !== undefined;
  }

  async set(key: string, value: string): Promise<void> {
    await this.change((s) => s.set(key, value));
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    let kept = value;
    await this.change((s) => {
      const there = s.get(key);
      if (there !== undefined) kept = there;
      else s.set(key, value);
    });
    return kept;
  }

  async delete(ref: SecretRef): Promise<void> {
    const key = this.keyOf(ref);
    await this.change((s) => { s.delete(key); });
  }

  async deleteMany(refs: SecretRef[]): Promise<number> {
    const keys = refs.map((r) => this.keyOf(r));
    let removed = 0;
    await this.change((s) => { for (const k of keys) if (s.delete(k)) removed += 1; });
    return removed;
  }
}

/** secrets.json in the config dir (layout and reading: secrets-file.ts); every change is read-change-write under the lock. */
export class FileSecretBackend extends SingleBackend {
  readonly kind = 'file' as const;
  readonly path: string;

  constructor(private readonly dir: string) {
    super();
    this.path = secretsFilePath(dir);
    // A kill between a write and its rename leaves a whole copy of the store behind.
    removeStaleTempFiles(this.path);
  }

  get location(): string { return this.path; }

  protected read(key: string): string | undefined {
    const secrets = readSecretsFile(this.dir);
    return Object.hasOwn(secrets, key) ? secrets[key] : undefined;
  }

  protected async change(apply: Parameters<SingleBackend['change']>[0]): Promise<void> {
    await withDirLock(this.dir, LOCK, () => {
      const secrets = readSecretsFile(this.dir);
      let changed = false;
      apply({
        get: (k) => (Object.hasOwn(secrets, k) ? secrets[k] : undefined),
        set: (k, v) => { secrets[k] = v; changed = true; },
        delete: (k) => { if (!Object.hasOwn(secrets, k)) return false; delete secrets[k]; changed = true; return true; },
      });
      if (changed) writeFileAtomic(this.path, secretsFileText(secrets), 0o600);
    });
  }
}

/** The keychain service of a config dir: two config dirs (EAC_HOMEs, users' HOMEs) never share entries. */
export function keychainService(configDir: string): string {
  return `entra-auth-cli:${createHash('sha256').update(resolve(configDir)).digest('hex').slice(0, 16)}`;
}

/** The OS keychain, under the config dir's service; changes take the same lock as the file store's. */
export class KeychainSecretBackend extends SingleBackend {
  readonly kind = 'keychain' as const;
  readonly location: string;
  readonly service: string;

  constructor(private readonly keyring: OsKeyring, private readonly configDir: string) {
    super();
    this.service = keychainService(configDir);
    this.location = `${keyring.name} (service ${this.service})`;
  }

  /** Whether the keychain can store, read back and delete a value now. A read alone proves nothing. */
  probe(): boolean {
    try {
      const value = `probe-${process.pid}-${Date.now()}`;
      this.keyring.set(this.service, 'probe', value);
      const back = this.keyring.get(this.service, 'probe');
      this.keyring.delete(this.service, 'probe');
      return back === value;
    } catch {
      return false;
    }
  }

  protected read(key: string): string | undefined {
    return this.call(() => this.keyring.get(this.service, key));
  }

  protected async change(apply: Parameters<SingleBackend['change']>[0]): Promise<void> {
    await withDirLock(this.configDir, LOCK, () => this.call(() => apply({
      get: (k) => this.keyring.get(this.service, k),
      set: (k, v) => this.keyring.set(this.service, k, v),
      delete: (k) => this.keyring.delete(this.service, k),
    })));
  }

  private call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw new ActionableError(
        `${this.location} did not answer (${(err as Error).message}). This config dir keeps its secrets there; nothing was moved elsewhere.`,
        'Unlock or start the keychain and try again.',
      );
    }
  }
}

/**
 * The store a command uses: new values go to the config dir's chosen backend; a value is read, checked and
 * removed where its profile recorded it. A value recorded nowhere (profiles older than these records) is
 * looked for in the chosen backend, then in the file.
 */
export class SecretStore implements SecretBackend {
  private keychain: Promise<KeychainSecretBackend> | undefined;
  readonly file: FileSecretBackend;

  constructor(
    private readonly configDir: string,
    readonly choice: SecretStoreChoice,
    private readonly loadKeyring: () => Promise<OsKeyring | undefined>,
    private readonly loadedKeychain?: KeychainSecretBackend,
  ) {
    this.file = new FileSecretBackend(configDir);
    if (loadedKeychain) this.keychain = Promise.resolve(loadedKeychain);
  }

  get kind(): SecretStoreKind { return this.choice.backend; }

  get location(): string { return this.locationOf(this.kind); }

  private locationOf(kind: SecretStoreKind): string {
    return kind === 'file' ? this.file.location
      : this.loadedKeychain?.location ?? `${osKeychainName()} (service ${keychainService(this.configDir)})`;
  }

  where(ref: SecretRef): { kind: SecretStoreKind; location: string } {
    const kind = secretAt(ref).store ?? this.kind;
    return { kind, location: this.locationOf(kind) };
  }

  private backend(kind: SecretStoreKind): Promise<SecretBackend> {
    if (kind === 'file') return Promise.resolve(this.file);
    return (this.keychain ??= openKeychain(this.configDir, this.loadKeyring));
  }

  /** The backends to look in for `ref`, in order. */
  private places(ref: SecretRef): SecretStoreKind[] {
    const { store } = secretAt(ref);
    if (store) return [store];
    return this.kind === 'file' ? ['file'] : [this.kind, 'file'];
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    const { key } = secretAt(ref);
    for (const kind of this.places(ref)) {
      const v = await (await this.backend(kind)).get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  async has(ref: SecretRef): Promise<boolean> {
    return (await this.get(ref)) !== undefined;
  }

  async set(key: string, value: string): Promise<void> {
    await (await this.backend(this.kind)).set(key, value);
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    return (await this.backend(this.kind)).setIfAbsent(key, value);
  }

  async delete(ref: SecretRef): Promise<void> {
    await this.deleteMany([ref]);
  }

  async deleteMany(refs: SecretRef[]): Promise<number> {
    const byKind = new Map<SecretStoreKind, string[]>();
    for (const ref of refs) {
      for (const kind of this.places(ref)) byKind.set(kind, [...(byKind.get(kind) ?? []), secretAt(ref).key]);
    }
    let removed = 0;
    for (const [kind, keys] of byKind) removed += await (await this.backend(kind)).deleteMany(keys);
    return removed;
  }
}

export interface OpenSecretStoreOptions {
  /** The OS keychain (tests: a fake of the OS's store). Default: @napi-rs/keyring (os-keyring.ts). */
  keyring?: () => Promise<OsKeyring | undefined>;
  now?: () => Date;
}

/**
 * Opens the config dir's secret store, making and recording the choice of backend the first time (under
 * the store's lock, so concurrent first runs agree). `warn` says once, when the file is chosen because no
 * keychain answered, where values go.
 */
export async function openSecretStore(configDir: string, env: NodeJS.ProcessEnv, warn: (message: string) => void, opts: OpenSecretStoreOptions = {}): Promise<SecretStore> {
  const loadKeyring = opts.keyring ?? loadOsKeyring;
  const forced = forcedBackend(env);
  const recorded = readChoice(configDir);
  if (recorded) {
    if (forced && forced !== recorded.backend) throw conflict(configDir, forced, recorded);
    return new SecretStore(configDir, recorded, loadKeyring, recorded.backend === 'keychain' ? await openKeychain(configDir, loadKeyring) : undefined);
  }
  ensurePrivateDir(configDir);
  const { choice, keychain } = await withDirLock(configDir, LOCK, async () => {
    const meanwhile = readChoice(configDir);
    if (meanwhile) return { choice: meanwhile, keychain: undefined };
    return decide(configDir, forced, loadKeyring, warn, opts.now?.() ?? new Date());
  });
  if (forced && forced !== choice.backend) throw conflict(configDir, forced, choice);
  return new SecretStore(configDir, choice, loadKeyring, keychain ?? (choice.backend === 'keychain' ? await openKeychain(configDir, loadKeyring) : undefined));
}

/** The keychain backend of a dir that chose it (not probed again: a failure later is an error naming it). */
async function openKeychain(configDir: string, loadKeyring: () => Promise<OsKeyring | undefined>): Promise<KeychainSecretBackend> {
  const keyring = await loadKeyring();
  if (!keyring) throw new ActionableError(`The config dir ${configDir} keeps its secrets in the OS keychain, but the keychain library cannot be loaded on this machine.`);
  return new KeychainSecretBackend(keyring, configDir);
}

async function decide(configDir: string, forced: SecretStoreKind | undefined, loadKeyring: () => Promise<OsKeyring | undefined>, warn: (m: string) => void, now: Date): Promise<{ choice: SecretStoreChoice; keychain?: KeychainSecretBackend }> {
  const file = secretsFilePath(configDir);
  if (forced === 'file') return { choice: writeChoice(configDir, 'file', 'EAC_SECRET_STORE=file', now) };
  // A config dir from before the choice was recorded that already keeps values in the file stays with it.
  if (!forced && (existsSync(file) || existsSync(join(configDir, '.file-secret-store-warned')))) {
    return { choice: writeChoice(configDir, 'file', `${file} already held the secrets`, now) };
  }
  const keyring = await loadKeyring();
  const keychain = keyring ? new KeychainSecretBackend(keyring, configDir) : undefined;
  if (keychain?.probe()) return { choice: writeChoice(configDir, 'keychain', forced ? 'EAC_SECRET_STORE=keychain' : 'the OS keychain answered', now), keychain };
  if (forced === 'keychain') {
    throw new ActionableError(`EAC_SECRET_STORE=keychain, but ${keyring?.name ?? 'the OS keychain'} cannot be reached (on Linux it needs a Secret Service such as gnome-keyring; the kernel keyring is not used).`);
  }
  warn(`warning: no OS keychain is available, so secrets are stored in ${file} (readable only by you, mode 0600), and this config dir keeps them there (recorded in ${join(configDir, 'secret-store.json')}). Use a secret reference (env:, file:, keyvault://) to keep them out of it.`);
  return { choice: writeChoice(configDir, 'file', 'no OS keychain answered', now) };
}

function forcedBackend(env: NodeJS.ProcessEnv): SecretStoreKind | undefined {
  const v = env.EAC_SECRET_STORE;
  if (v === undefined || v === '') return undefined;
  if (v === 'file' || v === 'keychain') return v;
  throw new ActionableError(`EAC_SECRET_STORE must be 'file' or 'keychain' (got '${v}').`);
}

function conflict(configDir: string, forced: SecretStoreKind, recorded: SecretStoreChoice): ActionableError {
  return new ActionableError(
    `EAC_SECRET_STORE=${forced}, but the config dir ${configDir} keeps its secrets in the ${recorded.backend === 'file' ? 'file store' : 'OS keychain'} (chosen ${recorded.chosenAt}: ${recorded.reason}).`,
    'Unset EAC_SECRET_STORE, or use another EAC_HOME: a config dir keeps one backend so its values are never split.',
  );
}
