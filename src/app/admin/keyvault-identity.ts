// Who reads a keyvault:// secret reference at token time (issue 9, item 9e). `secret create --to-keyvault`
// writes the value with the admin session of the app's tenant, so that session is the first identity that
// can read it back: when one is saved for the profile's cloud and tenant (and still usable without a new
// sign-in), get-token uses it; otherwise the caller falls back to DefaultAzureCredential. Never signs in.
import type { TokenCredential } from '@azure/core-auth';
import type { ResolvedCloud } from '../../core/cloud.ts';
import type { CloudName } from '../../core/profile.ts';
import type { AdminDeps } from './deps.ts';
import { findSession, openAdminSession } from './session.ts';

export interface KeyVaultIdentity {
  credential: TokenCredential;
  /** For messages: "the admin session of admin@contoso.com (tenant ...)". */
  who: string;
  close(): void;
}

export async function adminKeyVaultIdentity(deps: AdminDeps, tenant: string, cloud: ResolvedCloud, cloudName?: CloudName): Promise<KeyVaultIdentity | undefined> {
  const target = { tenant, cloud, ...(cloudName ? { cloudName } : {}) };
  if (!findSession(deps, target)) return undefined;
  const handle = await openAdminSession(deps, target, undefined);
  if (!handle) return undefined;
  return { credential: handle.credential, who: `the admin session of ${handle.who} (tenant ${handle.session.tenantId ?? handle.session.tenant})`, close: () => handle.close() };
}
