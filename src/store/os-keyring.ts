// The OS keychain as a port: the few calls the keychain backend makes, so the same contract tests run against
// the real one and against an in-memory fake of the OS's store (test/store/secret-backends.test.ts).
// The real one is @napi-rs/keyring (keyring-rs). On Linux it is pinned to the Secret Service: left to its
// default it falls back to the kernel keyring (keyutils), which is not a keychain — per boot, per user
// session, and on a headless machine answering some calls and not others (issue 9, item 1).
export interface OsKeyring {
  /** What it is, for messages: "the macOS Keychain", "the Secret Service", … */
  readonly name: string;
  /** The value, or undefined when there is none; throws when the store cannot be asked. */
  get(service: string, account: string): string | undefined;
  set(service: string, account: string, value: string): void;
  /** True when there was a value to delete. */
  delete(service: string, account: string): boolean;
}

export function osKeychainName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'darwin' ? 'the macOS Keychain'
    : platform === 'win32' ? 'the Windows Credential Manager'
      : 'the Secret Service (e.g. GNOME Keyring, KWallet)';
}

/** The OS keychain, or undefined when the native module does not load on this machine. */
export async function loadOsKeyring(): Promise<OsKeyring | undefined> {
  let keyring: typeof import('@napi-rs/keyring');
  try {
    keyring = await import('@napi-rs/keyring');
  } catch {
    return undefined;
  }
  // Ignored off Linux; on Linux a missing Secret Service then throws instead of using keyutils.
  const options = { linux: { store: 'secret-service' as const } };
  const entry = (service: string, account: string) => new keyring.Entry(service, account, options);
  return {
    name: osKeychainName(),
    get: (service, account) => entry(service, account).getPassword() ?? undefined,
    set: (service, account, value) => entry(service, account).setPassword(value),
    delete: (service, account) => entry(service, account).deletePassword(),
  };
}
