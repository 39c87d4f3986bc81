// Client credentials (an app token, no user): first ask MSAL's cache with token requests switched off, so
// the credential (a Key Vault reference, a PFX) is resolved only on a miss; then, on a miss or with
// --force-refresh, the real request with the real credential.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { acquired, msalConfig, type AcquiredToken, type ConfidentialCredential, type MsalSetup } from './msal-app.ts';

/** Never sent: cache-only mode refuses every token request before it leaves the process. */
const CACHE_PROBE_SECRET = 'cache-probe-placeholder';

export async function appToken(s: MsalSetup, scopes: string[], forceRefresh: boolean, credential: () => Promise<ConfidentialCredential>): Promise<AcquiredToken> {
  if (!forceRefresh) {
    const probe = new ConfidentialClientApplication(msalConfig(s, { clientSecret: CACHE_PROBE_SECRET }));
    s.net.cacheOnly = true;
    s.net.missed = false;
    try {
      return acquired(await probe.acquireTokenByClientCredential({ scopes }));
    } catch (err) {
      if (!s.net.missed) throw err;
      s.debug?.('token cache: no usable app token, asking Entra');
    } finally {
      s.net.cacheOnly = false;
    }
  }
  const app = new ConfidentialClientApplication(msalConfig(s, await credential()));
  return acquired(await app.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh }));
}
