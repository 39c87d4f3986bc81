// What the admin session and the secret use cases need from outside, handed in by the caller (the CLI's
// factory, src/cli/admin-deps.ts; tests: test/helpers/admin-deps.ts). No terminal, no process.env here:
// the person is the Interaction port, the folders and stores come ready-made (docs/architecture.md).
import type { ResolvedCloud } from '../../core/cloud.ts';
import type { HttpClient } from '../../entra/http.ts';
import type { VaultSecretToWrite } from '../../entra/keyvault-store.ts';
import type { SignInUi } from '../../entra/msal/user-sign-in.ts';
import type { AdminSessionStore } from '../../store/admin-sessions.ts';
import type { EmulatorConnection } from '../../store/emulator-connection.ts';
import type { AppPaths } from '../../store/paths.ts';
import type { ProfileStore } from '../../store/profile-store.ts';
import type { SecretBackend } from '../../store/secret-store.ts';
import type { TokenCredential } from '@azure/core-auth';
import type { Interaction } from '../ports.ts';

/** How a person is signed in for secret management: the front end turns it into a SignInUi. */
export interface AdminSignInUiOptions {
  deviceCode: boolean;
  /** false with --no-browser: show the sign-in URL instead of opening a browser. */
  browser?: boolean;
  timeoutSeconds: number;
}

/** Writes a Key Vault secret (entra/keyvault-store.ts writeVaultSecret; tests: one that fails). */
export type VaultWriter = (cloud: ResolvedCloud, credential: TokenCredential, s: VaultSecretToWrite, http?: HttpClient) => Promise<{ id: string | undefined }>;

export interface AdminDeps {
  readonly interaction: Interaction;
  readonly paths: AppPaths;
  readonly profiles: ProfileStore;
  readonly sessions: AdminSessionStore;
  /** The secret store, opened once. */
  secrets(): Promise<SecretBackend>;
  clock(): Date;
  /** The running emulator's endpoints (throws EmulatorNotRunningError when there is none). */
  emulator(): EmulatorConnection;
  /** A new HTTP layer for a cloud's CA; whoever asks for it closes it. */
  newHttp(cloud: Pick<ResolvedCloud, 'caCertPath'>): HttpClient;
  /** The front end's way of showing a sign-in (browser or device code). */
  signInUi(o: AdminSignInUiOptions): SignInUi;
  /** The admin client of the environment (EAC_ADMIN_CLIENT_ID), read by the caller. */
  adminClientId?: string;
  /** MSAL's log lines (EAC_DEBUG), already redacted by the caller's sink. */
  debug?: (message: string) => void;
  /** Key Vault writes; default entra/keyvault-store.ts. */
  writeVault?: VaultWriter;
}
