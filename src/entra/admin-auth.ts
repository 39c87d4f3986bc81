// Signing an administrator in to Microsoft Graph for secret management, through MSAL: a user with a public
// client (browser sign-in with auth code + PKCE on MSAL's loopback listener, or device code), silently from
// the session's encrypted cache afterwards; or a service principal with its secret or certificate (client
// credentials, through app-token.ts). The cache holds one account: after a sign-in, the others are removed.
import {
  AuthError, InteractionRequiredAuthError, PublicClientApplication, type AccountInfo, type TokenCache,
} from '@azure/msal-node';
import { ActionableError } from '../core/actionable-error.ts';
import { appToken } from './app-token.ts';
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

const PAGES = {
  success: '<!doctype html><title>Signed in</title><h1 id="done">Signed in to entra-auth-cli</h1><p>You can close this window and return to the terminal.</p>',
  failure: '<!doctype html><title>Sign-in failed</title><h1 id="failed">Sign-in failed</h1><p>See the terminal for what to do.</p>',
};

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
      scopes, openBrowser: ui.openUrl, successTemplate: PAGES.success, errorTemplate: PAGES.failure,
      ...(loginHint ? { loginHint } : { prompt: 'select_account' }),
    }), ui.timeoutSeconds);
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
    if (needsInteraction(err)) {
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

function needsInteraction(err: unknown): boolean {
  if (err instanceof InteractionRequiredAuthError) return true;
  const code = (err as AuthError)?.errorCode;
  return code === 'no_tokens_found' || code === 'token_refresh_required' || code === 'no_account_found' || code === 'refresh_token_expired'
    || code === 'invalid_grant' || code === 'interaction_required' || code === 'consent_required' || code === 'login_required';
}

async function keepOnly(cache: TokenCache, account: AccountInfo): Promise<void> {
  for (const a of await cache.getAllAccounts()) if (a.homeAccountId !== account.homeAccountId) await cache.removeAccount(a);
}

function withTimeout<T>(p: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new AdminSignInTimeout(seconds)), seconds * 1000); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
