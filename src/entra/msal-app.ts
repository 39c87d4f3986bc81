// What every get-token flow shares: the MSAL configuration for a profile (authority, our network module and
// cache plugin, the saved openid-configuration so a cache hit needs no network) and the result shape.
import { LogLevel, type AuthenticationResult, type Configuration, type NodeAuthOptions } from '@azure/msal-node';
import { scopesFromTarget } from '../core/token-output.ts';
import type { TokenCachePlugin } from '../store/token-cache-plugin.ts';
import type { MsalNetwork } from './msal-network.ts';
import { redact } from '../core/redact.ts';

export interface MsalSetup {
  clientId: string;
  /** `${authorityHost}/${tenant}` */
  authority: string;
  /** Hosts MSAL should trust without instance discovery: custom clouds and the emulator. */
  knownAuthorities: string[];
  /** Cache environments that stand for this authority (for choosing the signed-in account). */
  environments: string[];
  cache: TokenCachePlugin;
  net: MsalNetwork;
  debug?: (line: string) => void;
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
