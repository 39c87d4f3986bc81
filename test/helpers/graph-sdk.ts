// Microsoft's Graph client, unmodified, pointed at the emulator the way docs/emulator.md tells users to:
// ClientSecretCredential with the emulator's authority host, baseUrl, and the host name in customHosts.
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
// The package has no "exports" map, so NodeNext resolution needs the file name of this documented subpath.
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { GRAPH_DEFAULT } from './graph.ts';

export function graphSdkClient(emu: RunningEmulator, clientId: string, secret: string): Client {
  const credential = new ClientSecretCredential(emu.info.tenantId, clientId, secret, { authorityHost: emu.info.authorityHost, disableInstanceDiscovery: true });
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_DEFAULT] }),
    baseUrl: emu.info.graphBaseUrl,
    customHosts: new Set([new URL(emu.info.graphBaseUrl).hostname]),
  });
}
