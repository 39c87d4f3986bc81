// The endpoints a profile talks to. Sovereign clouds are fixed, a custom cloud carries its own, and a
// local profile takes them from the running emulator at the moment of use (its port can change between
// starts, so they are never copied into the profile). Pure: the emulator's info is passed in.
import { CLOUD_ENDPOINTS, type CustomCloud, type Profile } from './profile.ts';

/** What a running emulator publishes about itself (see emulator/index.ts, connectionFile). */
export interface EmulatorEndpoints {
  authorityHost: string;
  graphBaseUrl: string;
  keyVaultUrl: string;
  caCertPath: string | null;
}

export interface ResolvedCloud {
  authorityHost: string;
  graphUrl: string;
  /** Base URL of Key Vault VAULT, for keyvault://VAULT/NAME references. */
  keyVaultUrl(vault: string): string;
  /** A CA to trust in addition to the system's (the emulator's local CA). */
  caCertPath?: string;
  /** The local emulator (even when it serves its own --cert, so has no CA of ours). */
  local: boolean;
}

const trim = (u: string) => u.replace(/\/+$/, '');

export function resolveCloud(profile: Pick<Profile, 'cloud' | 'custom'>, emulator?: EmulatorEndpoints): ResolvedCloud {
  if (profile.cloud === 'local') {
    if (!emulator) throw new Error('A local profile needs the running emulator\'s endpoints.');
    const kv = trim(emulator.keyVaultUrl);
    return {
      local: true, authorityHost: trim(emulator.authorityHost), graphUrl: trim(emulator.graphBaseUrl),
      keyVaultUrl: (vault) => `${kv}/vaults/${encodeURIComponent(vault)}`,
      ...(emulator.caCertPath ? { caCertPath: emulator.caCertPath } : {}),
    };
  }
  const e: CustomCloud | undefined = profile.cloud === 'custom' ? profile.custom : CLOUD_ENDPOINTS[profile.cloud];
  if (!e) throw new Error('A custom-cloud profile needs its authority host, Graph URL and Key Vault suffix.');
  const suffix = e.keyVaultSuffix.startsWith('.') ? e.keyVaultSuffix : `.${e.keyVaultSuffix}`;
  return { local: false, authorityHost: trim(e.authorityHost), graphUrl: trim(e.graphUrl), keyVaultUrl: (vault) => `https://${vault}${suffix}` };
}
