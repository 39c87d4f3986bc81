// How our Key Vault clients reach a vault: the extra CA of a local emulator (an HTTPS agent, since the SDK
// does not read our HttpClient) and, for the emulator, no challenge-resource check (its vaults are not at
// NAME.vault.azure.net). One place for the SDK options the reader and the writer share.
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { ResolvedCloud } from '../core/cloud.ts';
import { isMicrosoftAuthorityHost } from '../core/authority-aliases.ts';

export interface KeyVaultTransport {
  agent: Agent | undefined;
  disableChallengeResourceVerification: boolean;
  /** Instance discovery only knows Microsoft's clouds. */
  disableInstanceDiscovery: boolean;
  dispose(): void;
}

export function keyVaultTransport(cloud: ResolvedCloud): KeyVaultTransport {
  const agent = cloud.caCertPath ? new Agent({ keepAlive: false, ca: [...rootCertificates, readFileSync(cloud.caCertPath, 'utf8')] }) : undefined;
  return {
    agent,
    disableChallengeResourceVerification: cloud.local,
    disableInstanceDiscovery: cloud.local || !isMicrosoftAuthorityHost(new URL(cloud.authorityHost).host),
    dispose: () => agent?.destroy(),
  };
}
