// "Is it in the cache?" before a confidential client's credential is resolved (reading a Key Vault reference
// or a PFX is only worth it on a miss): MSAL is asked with a placeholder credential while the network module
// refuses every token request before it leaves the process (MsalNetwork.cacheOnly).
import { ConfidentialClientApplication } from '@azure/msal-node';
import { msalConfig, type MsalSetup } from './setup.ts';

/** Never sent: cache-only mode refuses every token request before it leaves the process. */
const CACHE_PROBE_SECRET = 'cache-probe-placeholder';

/** What `ask` finds with the cache alone, or undefined when answering would need a token request. */
export async function fromCacheOnly<T>(s: MsalSetup, ask: (app: ConfidentialClientApplication) => Promise<T | undefined>): Promise<T | undefined> {
  const probe = new ConfidentialClientApplication(msalConfig(s, { clientSecret: CACHE_PROBE_SECRET }));
  s.net.cacheOnly = true;
  s.net.missed = false;
  try {
    return await ask(probe);
  } catch (err) {
    if (!s.net.missed) throw err;
    s.debug?.('token cache: no usable token, asking Entra');
    return undefined;
  } finally {
    s.net.cacheOnly = false;
  }
}
