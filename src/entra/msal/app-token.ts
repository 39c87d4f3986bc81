// Client credentials (an app token, no user), for a profile and for an admin service principal alike: the
// cache first (credential not resolved), then, on a miss or with forceRefresh, the real request.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { fromCacheOnly } from './cache-probe.ts';
import { acquired, msalConfig, type AcquiredToken, type ConfidentialCredential, type MsalSetup } from './setup.ts';

export async function appToken(s: MsalSetup, scopes: string[], forceRefresh: boolean, credential: () => Promise<ConfidentialCredential>): Promise<AcquiredToken> {
  if (!forceRefresh) {
    const cached = await fromCacheOnly(s, async (probe) => acquired(await probe.acquireTokenByClientCredential({ scopes })));
    if (cached) return cached;
  }
  const app = new ConfidentialClientApplication(msalConfig(s, await credential()));
  return acquired(await app.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh }));
}
