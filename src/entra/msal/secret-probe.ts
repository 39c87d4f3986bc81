// Does this client secret get app `clientId` a token? One client-credentials request through the one MSAL
// setup, with a cache that keeps nothing (the value is not a profile's: nothing of it, nor its token, is
// saved). Used by leak check to tell which app a found value belongs to, and to verify a replacement.
// Entra records the attempt as a sign-in of that key (docs/lifecycle.md "Leaked secrets").
import { ConfidentialClientApplication } from '@azure/msal-node';
import { aadstsCode } from '../../core/aadsts-advice.ts';
import type { ResolvedCloud } from '../../core/cloud.ts';
import type { HttpClient } from '../http.ts';
import { msalConfig, msalSetup, type MsalCache } from './setup.ts';

export type SecretProbe =
  | { works: true }
  /** Entra refused it: `code` the AADSTS number (7000215 wrong secret, 7000222 expired, 700016 no such app…). */
  | { works: false; code: number | undefined };

export interface SecretProbeInput {
  cloud: ResolvedCloud;
  tenant: string;
  clientId: string;
  http: HttpClient;
  /** Default: the cloud's Graph resource, /.default (any app may ask for it). */
  scopes?: string[];
}

/** Network failures and anything that is not Entra's answer are thrown, as they say nothing about the value. */
export async function probeClientSecret(i: SecretProbeInput, secret: string): Promise<SecretProbe> {
  const setup = msalSetup({ cloud: i.cloud, tenant: i.tenant, clientId: i.clientId, cache: new NoCache(), http: i.http });
  const app = new ConfidentialClientApplication(msalConfig(setup, { clientSecret: secret }));
  try {
    await app.acquireTokenByClientCredential({ scopes: i.scopes ?? [`${i.cloud.graphResource}/.default`], skipCache: true });
    return { works: true };
  } catch (err) {
    const e = err as { errorCode?: string; errorMessage?: string; message?: string };
    const code = aadstsCode(e.errorMessage ?? e.message);
    if (code === undefined && !['invalid_client', 'unauthorized_client', 'invalid_request'].includes(e.errorCode ?? '')) throw err;
    return { works: false, code };
  }
}

/** MSAL's cache port, keeping nothing: for requests made with a value that is not a profile's (probes, proofs). */
export class NoCache implements MsalCache {
  authorityMetadata(): undefined {
    return undefined;
  }

  learnAuthorityMetadataFrom(): void {}

  async beforeCacheAccess(): Promise<void> {}

  async afterCacheAccess(): Promise<void> {}
}
