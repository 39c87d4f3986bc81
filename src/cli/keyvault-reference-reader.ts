// get-token's reader of keyvault:// references: the admin session of the profile's tenant and cloud when one
// is saved (it wrote the value: app/admin/keyvault-identity.ts), else DefaultAzureCredential. Loaded only for
// profiles with such a reference. Its admin deps are built here from what the profile's credential has (not
// through the factory, which loads this file): nobody is asked anything and nobody is signed in.
import type { AdminDeps } from '../app/admin/deps.ts';
import { adminKeyVaultIdentity } from '../app/admin/keyvault-identity.ts';
import { loginCommand } from '../app/admin/session.ts';
import type { ResolvedCloud } from '../core/cloud.ts';
import type { Profile } from '../core/profile.ts';
import { redact } from '../core/redact.ts';
import { HttpClient } from '../entra/http.ts';
import { readKeyVaultSecret } from '../entra/keyvault-reference.ts';
import { AdminSessionsFileError, AdminSessionStore } from '../store/admin-sessions.ts';
import { readEmulatorConnection } from '../store/emulator-connection.ts';
import type { AppPaths } from '../store/paths.ts';
import { ProfileStore } from '../store/profile-store.ts';
import type { SecretBackend } from '../store/secret-store.ts';
import type { Io } from './io.ts';
import { TerminalInteraction } from './ui/interaction.ts';

export interface ReaderDeps {
  io: Io;
  paths: AppPaths;
  secrets(): Promise<SecretBackend>;
  clock(): Date;
}

function quietAdminDeps(f: ReaderDeps): AdminDeps {
  return {
    interaction: new TerminalInteraction({ ...f.io, canPrompt: false }),
    paths: f.paths,
    profiles: new ProfileStore(f.paths.config),
    sessions: new AdminSessionStore(f.paths.config),
    secrets: () => f.secrets(),
    clock: () => f.clock(),
    emulator: () => readEmulatorConnection(f.io.env),
    newHttp: (cloud) => new HttpClient({ extraCaFiles: cloud.caCertPath ? [cloud.caCertPath] : [], env: f.io.env }),
    signInUi: () => {
      throw new Error('reading a Key Vault reference never signs anyone in');
    },
  };
}

export async function readKeyVaultReference(f: ReaderDeps, profile: Profile, cloud: ResolvedCloud, vault: string, name: string): Promise<string> {
  const { io } = f;
  const reader = await adminKeyVaultIdentity(quietAdminDeps(f), profile.tenant, cloud, profile.cloud).catch((err: unknown) => {
    if (err instanceof AdminSessionsFileError) throw err; // a file of another shape is reported, never skipped
    if (io.env.EAC_DEBUG) io.err.write(`keyvault reference: the admin session cannot be used: ${redact((err as Error)?.message ?? String(err))}\n`);
    return undefined; // a session that cannot give a token now: DefaultAzureCredential is tried instead
  });
  try {
    return await readKeyVaultSecret({ vault, name, profile: profile.name, cloud, env: io.env, signInHint: loginCommand({ tenant: profile.tenant, cloudKey: cloud.key }) }, reader);
  } finally {
    reader?.close();
  }
}
