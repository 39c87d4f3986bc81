// The one cloud table: which endpoints and resources each cloud has, and "which cloud is this". Sovereign
// clouds are fixed, a custom cloud carries its own endpoints, and a local profile takes them from the
// running emulator at the moment of use (its port can change between starts, so they are never copied into
// a profile). Pure: the emulator's endpoints are passed in.
import { isMicrosoftAuthorityHost } from './authority-aliases.ts';
import type { CloudName, CustomCloud } from './profile.ts';

/** What a running emulator publishes about itself (see emulator/index.ts, connectionFile). */
export interface EmulatorEndpoints {
  authorityHost: string;
  graphBaseUrl: string;
  keyVaultUrl: string;
  caCertPath: string | null;
}

export type SovereignCloudName = 'public' | 'usgov' | 'china';

export interface SovereignCloud extends CustomCloud {
  /** The audience of Graph tokens (RESOURCE/.default). */
  graphResource: string;
  /** The audience of Key Vault tokens. */
  keyVaultResource: string;
  armUrl: string;
}

/** Microsoft's clouds (learn.microsoft.com/graph/deployments and the Azure CLI's cloud list). */
export const SOVEREIGN_CLOUDS: Record<SovereignCloudName, SovereignCloud> = {
  public: {
    authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com', graphResource: 'https://graph.microsoft.com',
    keyVaultSuffix: '.vault.azure.net', keyVaultResource: 'https://vault.azure.net', armUrl: 'https://management.azure.com',
  },
  usgov: {
    authorityHost: 'https://login.microsoftonline.us', graphUrl: 'https://graph.microsoft.us', graphResource: 'https://graph.microsoft.us',
    keyVaultSuffix: '.vault.usgovcloudapi.net', keyVaultResource: 'https://vault.usgovcloudapi.net', armUrl: 'https://management.usgovcloudapi.net',
  },
  china: {
    authorityHost: 'https://login.chinacloudapi.cn', graphUrl: 'https://microsoftgraph.chinacloudapi.cn', graphResource: 'https://microsoftgraph.chinacloudapi.cn',
    keyVaultSuffix: '.vault.azure.cn', keyVaultResource: 'https://vault.azure.cn', armUrl: 'https://management.chinacloudapi.cn',
  },
};

export function isSovereignCloud(name: string): name is SovereignCloudName {
  return name === 'public' || name === 'usgov' || name === 'china';
}

export interface ResolvedCloud {
  /** public | usgov | china | local | custom:<authority host>: which sign-in service (admin sessions, journal). */
  key: string;
  name: CloudName;
  authorityHost: string;
  graphUrl: string;
  /** The audience of Graph tokens: the emulator answers for the public cloud's. */
  graphResource: string;
  keyVaultResource: string;
  /** Base URL of Key Vault VAULT, for keyvault://VAULT/NAME references. */
  keyVaultUrl(vault: string): string;
  /** Hosts MSAL must trust without instance discovery (which only knows Microsoft's clouds). */
  knownAuthorities: string[];
  /** A custom cloud's endpoints as a profile or session keeps them. */
  custom?: CustomCloud;
  /** A CA to trust in addition to the system's (the emulator's local CA). */
  caCertPath?: string;
  /** The local emulator (even when it serves its own --cert, so has no CA of ours). */
  local: boolean;
}

const trim = (u: string) => u.replace(/\/+$/, '');
const hostOf = (url: string) => new URL(url).host.toLowerCase();

function knownAuthoritiesFor(authorityHost: string): string[] {
  const host = hostOf(authorityHost);
  return isMicrosoftAuthorityHost(host) ? [] : [host];
}

export function resolveCloud(profile: { cloud: CloudName; custom?: CustomCloud }, emulator?: EmulatorEndpoints): ResolvedCloud {
  if (profile.cloud === 'local') {
    if (!emulator) throw new Error('A local profile needs the running emulator\'s endpoints.');
    const kv = trim(emulator.keyVaultUrl);
    const authorityHost = trim(emulator.authorityHost);
    return {
      key: 'local', name: 'local', local: true, authorityHost, graphUrl: trim(emulator.graphBaseUrl),
      graphResource: SOVEREIGN_CLOUDS.public.graphResource, keyVaultResource: SOVEREIGN_CLOUDS.public.keyVaultResource,
      keyVaultUrl: (vault) => `${kv}/vaults/${encodeURIComponent(vault)}`,
      knownAuthorities: knownAuthoritiesFor(authorityHost),
      ...(emulator.caCertPath ? { caCertPath: emulator.caCertPath } : {}),
    };
  }
  if (isSovereignCloud(profile.cloud)) {
    const e = SOVEREIGN_CLOUDS[profile.cloud];
    return {
      key: profile.cloud, name: profile.cloud, local: false, authorityHost: e.authorityHost, graphUrl: e.graphUrl,
      graphResource: e.graphResource, keyVaultResource: e.keyVaultResource, keyVaultUrl: (vault) => `https://${vault}${e.keyVaultSuffix}`, knownAuthorities: [],
    };
  }
  const e = profile.custom;
  if (!e) throw new Error('A custom-cloud profile needs its authority host, Graph URL and Key Vault suffix.');
  const suffix = e.keyVaultSuffix.startsWith('.') ? e.keyVaultSuffix : `.${e.keyVaultSuffix}`;
  const authorityHost = trim(e.authorityHost);
  const same = (Object.keys(SOVEREIGN_CLOUDS) as SovereignCloudName[]).find((n) => SOVEREIGN_CLOUDS[n].authorityHost === authorityHost);
  return {
    // Custom endpoints on a Microsoft sign-in service share that cloud's admin sessions.
    key: same ?? `custom:${hostOf(authorityHost)}`, name: 'custom', local: false, authorityHost, graphUrl: trim(e.graphUrl),
    graphResource: trim(e.graphUrl), keyVaultResource: `https://${suffix.slice(1)}`, keyVaultUrl: (vault) => `https://${vault}${suffix}`,
    knownAuthorities: knownAuthoritiesFor(authorityHost), custom: { authorityHost, graphUrl: trim(e.graphUrl), keyVaultSuffix: suffix },
  };
}

/**
 * A cloud saved by its key (an admin session, a journal entry) back to its endpoints now. A local one follows
 * the running emulator (`emulator()` is asked only then, and may throw); a custom one needs its endpoints, or
 * at least the authority host and Graph URL saved with it (Key Vault then defaults to the public suffix).
 */
export function cloudFromKey(key: string, saved: { custom?: CustomCloud; authorityHost?: string; graphUrl?: string }, emulator: () => EmulatorEndpoints): ResolvedCloud | undefined {
  if (key === 'local') return resolveCloud({ cloud: 'local' }, emulator());
  if (isSovereignCloud(key)) return resolveCloud({ cloud: key });
  if (saved.custom) return resolveCloud({ cloud: 'custom', custom: saved.custom });
  if (saved.authorityHost && saved.graphUrl) {
    return resolveCloud({ cloud: 'custom', custom: { authorityHost: saved.authorityHost, graphUrl: saved.graphUrl, keyVaultSuffix: SOVEREIGN_CLOUDS.public.keyVaultSuffix } });
  }
  return undefined;
}

/** The cloud name a key stands for (custom:<host> is 'custom'). */
export function cloudNameOfKey(key: string): CloudName {
  return key === 'local' || isSovereignCloud(key) ? key : 'custom';
}
