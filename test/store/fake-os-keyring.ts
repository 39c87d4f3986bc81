// An in-memory stand-in for the OS's keychain (macOS Keychain, Credential Manager, Secret Service) behind
// the OsKeyring port (src/store/os-keyring.ts): a fake of the operating system's store, not of our code.
// `answers(call)` decides whether the n-th call of this instance reaches the store, so a test can make a
// keychain that fails first and works later (the headless-Linux pattern) or the other way round.
import type { OsKeyring } from '../../src/store/os-keyring.ts';

/** What the OS keeps: shared by every FakeOsKeyring made over it (one per simulated process). */
export type FakeKeychainContents = Map<string, string>;

export class FakeOsKeyring implements OsKeyring {
  readonly name = 'the fake keychain';
  calls = 0;

  constructor(readonly contents: FakeKeychainContents = new Map(), private readonly answers: (call: number) => boolean = () => true) {}

  private reach(): void {
    this.calls += 1;
    if (!this.answers(this.calls)) throw new Error('Platform failure: the keychain did not answer (fake)');
  }

  get(service: string, account: string): string | undefined {
    this.reach();
    return this.contents.get(`${service}\n${account}`);
  }

  set(service: string, account: string, value: string): void {
    this.reach();
    this.contents.set(`${service}\n${account}`, value);
  }

  delete(service: string, account: string): boolean {
    this.reach();
    return this.contents.delete(`${service}\n${account}`);
  }

  /** The accounts stored under `service` (the probe's included, if one was left). */
  static accounts(contents: FakeKeychainContents, service: string): string[] {
    return [...contents.keys()].filter((k) => k.startsWith(`${service}\n`)).map((k) => k.slice(service.length + 1)).sort();
  }
}
