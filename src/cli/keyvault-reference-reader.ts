// get-token's reader of keyvault:// references: the admin session of the profile's tenant and cloud when one
// is saved (it wrote the value: app/admin/keyvault-identity.ts), else DefaultAzureCredential. Loaded only for
// profiles with such a reference, so the admin session's code never slows a plain get-token.
import { adminKeyVaultIdentity } from '../app/admin/keyvault-identity.ts';
import { loginCommand } from '../app/admin/session.ts';
import type { ResolvedCloud } from '../core/cloud.ts';
import type { Profile } from '../core/profile.ts';
import { redact } from '../core/redact.ts';
import { AdminSessionsFileError } from '../store/admin-sessions.ts';
import { readKeyVaultSecret } from '../entra/keyvault-reference.ts';
import { adminDeps } from './admin-deps.ts';
import { createFactory } from './factory.ts';
import type { Io } from './io.ts';

export async function readKeyVaultReference(io: Io, profile: Profile, cloud: ResolvedCloud, vault: string, name: string): Promise<string> {
  // No person to ask here: the session is used only if it works without a new sign-in.
  const deps = adminDeps(createFactory({ ...io, canPrompt: false }));
  const reader = await adminKeyVaultIdentity(deps, profile.tenant, cloud, profile.cloud).catch((err: unknown) => {
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
