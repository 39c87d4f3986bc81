// The one MSAL setup, for profiles and admin sessions alike: authority from the cloud table and the tenant,
// knownAuthorities decided by the cloud (core/cloud.ts), our network module, the caller's cache plugin (with
// the saved openid-configuration, so a cache hit needs no network) and a logger that redacts every line.
import { LogLevel, type AuthenticationResult, type Configuration, type ICachePlugin, type NodeAuthOptions } from '@azure/msal-node';
import { cacheEnvironments } from '../../core/authority-aliases.ts';
import type { ResolvedCloud } from '../../core/cloud.ts';
import { redact } from '../../core/redact.ts';
import { scopesFromTarget } from '../../core/token-output.ts';
import type { HttpClient } from '../http.ts';
import { MsalNetwork } from './network.ts';

/**
 * What MSAL's cache plugin must also do for us (store/token-cache-plugin.ts implements it): hand back the
 * openid-configuration saved for an authority, and save what MSAL fetched in this run.
 */
export interface MsalCache extends ICachePlugin {
  authorityMetadata(authority: string): string | undefined;
  learnAuthorityMetadataFrom(source: () => Map<string, string>): void;
}

export interface MsalSetup {
  clientId: string;
  /** `${authorityHost}/${tenant}` */
  authority: string;
  /** Hosts MSAL should trust without instance discovery: custom clouds and the emulator. */
  knownAuthorities: string[];
  /** Cache environments that stand for this authority (for choosing the signed-in account). */
  environments: string[];
  cache: MsalCache;
  net: MsalNetwork;
  debug?: (line: string) => void;
}

export interface MsalSetupInput {
  cloud: ResolvedCloud;
  tenant: string;
  clientId: string;
  cache: MsalCache;
  http: HttpClient;
  /** A debug sink (EAC_DEBUG); every line reaching it is redacted first. */
  debug?: (line: string) => void;
}

export function msalSetup(i: MsalSetupInput): MsalSetup {
  const net = new MsalNetwork(i.http);
  i.cache.learnAuthorityMetadataFrom(() => net.metadata);
  return {
    clientId: i.clientId,
    authority: `${i.cloud.authorityHost}/${i.tenant}`,
    knownAuthorities: i.cloud.knownAuthorities,
    environments: cacheEnvironments(new URL(i.cloud.authorityHost).host),
    cache: i.cache,
    net,
    ...(i.debug ? { debug: i.debug } : {}),
  };
}

/** A confidential client's credential, resolved only when a request must actually be sent. */
export type ConfidentialCredential =
  | { clientSecret: string }
  | { clientCertificate: { thumbprintSha256: string; privateKey: string } };

export interface AcquiredToken {
  accessToken: string;
  expiresOn: Date;
  tokenType: string;
  scopes: string[];
  fromCache: boolean;
}

export function msalConfig(s: MsalSetup, credential?: ConfidentialCredential): Configuration {
  const metadata = s.cache.authorityMetadata(s.authority);
  const auth: NodeAuthOptions = {
    clientId: s.clientId,
    authority: s.authority,
    ...(s.knownAuthorities.length ? { knownAuthorities: s.knownAuthorities } : {}),
    ...(metadata ? { authorityMetadata: metadata } : {}),
    ...credential,
  };
  return {
    auth,
    cache: { cachePlugin: s.cache },
    system: {
      networkClient: s.net.module(),
      loggerOptions: {
        logLevel: s.debug ? LogLevel.Verbose : LogLevel.Error,
        piiLoggingEnabled: false,
        // MSAL's own lines go through the one redaction helper here, whatever debug sink the caller gave.
        loggerCallback: (_level, message) => s.debug?.(redact(`msal: ${message}`)),
      },
    },
  };
}

export function acquired(r: AuthenticationResult | null): AcquiredToken {
  if (!r || !r.accessToken || !r.expiresOn) throw new Error('MSAL returned no access token');
  return { accessToken: r.accessToken, expiresOn: r.expiresOn, tokenType: r.tokenType || 'Bearer', scopes: scopesFromTarget(r.scopes), fromCache: r.fromCache };
}
