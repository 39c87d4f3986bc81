// Signing an administrator in to Microsoft Graph for secret management, through MSAL: a user with a public
// client (browser sign-in with auth code + PKCE on MSAL's loopback listener, or device code), silently from
// the session's encrypted cache afterwards; or a service principal with its secret or certificate (client
// credentials, through app-token.ts). The cache holds one account: after a sign-in, the others are removed.
import {
  AuthError, PublicClientApplication, type AccountInfo,
} from '@azure/msal-node';
import { ActionableError } from '../core/actionable-error.ts';
import { appToken } from './app-token.ts';
import { SIGN_IN_PAGES, keepOnly, needsInteraction, withTimeout } from './sign-in-helpers.ts';
import { acquired, msalConfig, type AcquiredToken, type ConfidentialCredential, type MsalSetup } from './msal-app.ts';

export interface AdminSignInUi {
  mode: 'browser' | 'device-code';
  /** Show the sign-in URL: open a browser, or print it. */
  openUrl(url: string): Promise<void>;
  /** Show the device-code instructions. */
  deviceCode(message: string): void;
  timeoutSeconds: number;
}

/** No sign-in within the time allowed. MSAL's loopback listener cannot be stopped: the caller must exit. */
export class AdminSignInTimeout extends ActionableError {
  constructor(seconds: number) {
    super(`No sign-in was completed within ${seconds} s.`, 'Run the command again, or add --device-code to sign in on another device.');
  }
}


export interface SignedInUser {
  token: AcquiredToken;
  account: AccountInfo;
}

/** A new interactive sign-in (never silent), keeping only the new account in the cache. */
export async function signInUser(s: MsalSetup, scopes: string[], ui: AdminSignInUi, loginHint?: string): Promise<SignedInUser> {
  const app = new PublicClientApplication(msalConfig(s));
  const r = ui.mode === 'device-code'
    ? await app.acquireTokenByDeviceCode({ scopes, timeout: ui.timeoutSeconds, deviceCodeCallback: (d) => ui.deviceCode(d.message) })
    : await withTimeout(app.acquireTokenInteractive({
      scopes, openBrowser: ui.openUrl, successTemplate: SIGN_IN_PAGES.success, errorTemplate: SIGN_IN_PAGES.failure,
      ...(loginHint ? { loginHint } : { prompt: 'select_account' }),
    }), ui.timeoutSeconds, () => new AdminSignInTimeout(ui.timeoutSeconds));
  if (!r?.account) throw new AuthError('no_account', 'The sign-in returned no account.');
  await keepOnly(app.getTokenCache(), r.account);
  return { token: acquired(r), account: r.account };
}

/**
 * A token for the session's account from the cache (refreshing it with the refresh token if needed), or
 * undefined when a new sign-in is needed (no account, expired or revoked refresh token, consent missing).
 */
export async function silentUser(s: MsalSetup, scopes: string[], homeAccountId: string | undefined, forceRefresh = false): Promise<SignedInUser | undefined> {
  const app = new PublicClientApplication(msalConfig(s));
  const accounts = (await app.getTokenCache().getAllAccounts()).filter((a) => s.environments.includes(a.environment.toLowerCase()));
  const account = accounts.find((a) => a.homeAccountId === homeAccountId) ?? (accounts.length === 1 ? accounts[0] : undefined);
  if (!account) return undefined;
  try {
    const r = await app.acquireTokenSilent({ account, scopes, forceRefresh });
    return { token: acquired(r), account: r.account ?? account };
  } catch (err) {
    if (needsInteraction(err, true)) {
      s.debug?.(`admin session: silent sign-in not possible (${(err as AuthError).errorCode})`);
      return undefined;
    }
    throw err;
  }
}

/** A service principal's token (client credentials; cached until near expiry). */
export function servicePrincipalToken(s: MsalSetup, scopes: string[], credential: () => Promise<ConfidentialCredential>, forceRefresh = false): Promise<AcquiredToken> {
  return appToken(s, scopes, forceRefresh, credential);
}
