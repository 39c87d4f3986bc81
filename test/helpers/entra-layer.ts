// Our Entra layer wired to a test emulator: the HTTP layer trusting the test CA (no sleeping between
// retries unless asked), an MSAL setup over an in-memory cache, and the bootstrap app's client credentials
// as a ProfileCredential, so Graph tests authenticate the way the CLI does. `sleeps` records each wait
// of the retry policy (the waits still happen).
import { after } from 'node:test';
import { resolveCloud, type ResolvedCloud } from '../../src/core/cloud.ts';
import { ProfileCredential } from '../../src/entra/credentials/profile-credential.ts';
import { createGraphClient } from '../../src/entra/graph/client.ts';
import { HttpClient } from '../../src/entra/http.ts';
import { msalSetup, type MsalSetup } from '../../src/entra/msal/setup.ts';
import type { RetryPolicy } from '../../src/entra/retry.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { MemoryMsalCache } from './memory-msal-cache.ts';

export function testHttp(opts: { retry?: Partial<RetryPolicy>; sleeps?: number[] } = {}): HttpClient {
  const http = new HttpClient({
    extraCaFiles: [process.env.EAC_TEST_CA!], retry: opts.retry ?? {},
    ...(opts.sleeps ? { sleep: (ms: number) => { opts.sleeps!.push(ms); return new Promise<void>((r) => setTimeout(r, ms)); } } : {}),
  });
  after(() => http.close());
  return http;
}

export function emulatorCloud(emu: RunningEmulator): ResolvedCloud {
  return resolveCloud({ cloud: 'local' }, { authorityHost: emu.info.authorityHost, graphBaseUrl: emu.info.graphBaseUrl, keyVaultUrl: emu.info.keyVaultUrl, caCertPath: null });
}

export function testSetup(emu: RunningEmulator, http: HttpClient, clientId = emu.info.bootstrap.clientId, cache = new MemoryMsalCache()): MsalSetup {
  return msalSetup({ cloud: emulatorCloud(emu), tenant: emu.info.tenantId, clientId, cache, http });
}

/** The bootstrap app (Application.ReadWrite.All and friends) by client credentials. */
export function bootstrapCredential(emu: RunningEmulator, http: HttpClient): ProfileCredential {
  const { clientSecret } = emu.info.bootstrap;
  return new ProfileCredential({ setup: testSetup(emu, http), flow: 'client-credentials', credential: async () => ({ clientSecret }) });
}

export function testGraph(emu: RunningEmulator, http: HttpClient) {
  return createGraphClient({ http, graphUrl: emu.info.graphBaseUrl, credential: bootstrapCredential(emu, http), scopes: ['https://graph.microsoft.com/.default'] });
}
