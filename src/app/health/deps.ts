// What the health check needs from outside, handed in by the caller (the CLI's factory: src/cli/commands/
// health.ts; tests: the same over a temp home and the emulator). No terminal, no process.env here.
import type { ResolvedCloud } from '../../core/cloud.ts';
import type { Profile } from '../../core/profile.ts';
import type { NetworkError } from '../../entra/http.ts';
import type { AcquiredToken } from '../../entra/msal/setup.ts';
import type { AdminDeps } from '../admin/deps.ts';

/** A profile's credential (the factory's profileCredential): MSAL over the profile's cache and its secret. */
export interface ProfileTokenSource {
  acquire(scopes: string[], options: { forceRefresh: boolean }): Promise<AcquiredToken>;
  /** The last network failure MSAL met (its own errors drop the cause). */
  lastNetworkError(): NetworkError | undefined;
  close(): void;
}

export interface HealthDeps {
  /**
   * Stores, clock, secret store and the running emulator; its saved admin sessions are used only to read the
   * expiry of a hand-entered secret, never to sign anyone in. Its interaction is never used.
   */
  admin: AdminDeps;
  /** A profile's endpoints now (a 'local' profile: the running emulator's; EmulatorNotRunningError when none). */
  cloud(profile: Profile): ResolvedCloud;
  /** The profile's credential; `seen` collects the values it reads (the secret), for the hint and redaction. */
  openCredential(profile: Profile, cloud: ResolvedCloud, seen: string[]): Promise<ProfileTokenSource>;
}
