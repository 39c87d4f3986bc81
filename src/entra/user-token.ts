// Tokens for a signed-in user: silently from the cache (or its refresh token) when the profile's one account
// is there, else a browser sign-in (auth code + PKCE on a loopback port) or the device-code flow. A public
// client uses MSAL's own loopback; a confidential one (ClientSecret/Certificate profile) runs the same
// protocol with our listener and redeems the code with its credential. A profile holds one identity: after
// a new sign-in, other accounts are removed from its cache.
import {
  AuthError, ConfidentialClientApplication, CryptoProvider, PublicClientApplication,
  type AccountInfo, type AuthenticationResult, type TokenCache,
} from '@azure/msal-node';
import { ActionableError } from '../core/actionable-error.ts';
import { LoopbackListener } from './loopback.ts';
import { SIGN_IN_PAGES, keepOnly, needsInteraction, withTimeout } from './sign-in-helpers.ts';
import { acquired, msalConfig, type AcquiredToken, type ConfidentialCredential, type MsalSetup } from './msal-app.ts';

export interface UserSignIn {
  flow: 'interactive' | 'device-code';
  /** Show the sign-in URL: open a browser, or print it. */
  openUrl(url: string): Promise<void>;
  /** Show the device-code instructions. */
  deviceCode(message: string): void;
  timeoutSeconds: number;
}

/** No sign-in within the time allowed. MSAL's loopback listener cannot be stopped, so the caller must exit. */
export class SignInTimeout extends ActionableError {
  constructor(seconds: number) {
    super(`No sign-in was completed within ${seconds} s.`, 'Run the command again (with --timeout SECONDS for more time), or use --flow device-code on a machine without a browser.');
  }
}


const CACHE_PROBE_SECRET = 'cache-probe-placeholder';

export async function userToken(s: MsalSetup, scopes: string[], forceRefresh: boolean, signIn: UserSignIn, credential?: () => Promise<ConfidentialCredential>): Promise<AcquiredToken> {
  if (!credential) return publicUserToken(s, scopes, forceRefresh, signIn);
  return confidentialUserToken(s, scopes, forceRefresh, signIn, credential);
}

async function publicUserToken(s: MsalSetup, scopes: string[], forceRefresh: boolean, signIn: UserSignIn): Promise<AcquiredToken> {
  const app = new PublicClientApplication(msalConfig(s));
  const cached = await trySilent(app, s, scopes, forceRefresh);
  if (cached) return cached;
  const r = signIn.flow === 'device-code'
    ? await app.acquireTokenByDeviceCode({ scopes, timeout: signIn.timeoutSeconds, deviceCodeCallback: (d) => signIn.deviceCode(d.message) })
    : await withTimeout(app.acquireTokenInteractive({ scopes, openBrowser: signIn.openUrl, successTemplate: SIGN_IN_PAGES.success, errorTemplate: SIGN_IN_PAGES.failure }), signIn.timeoutSeconds, () => new SignInTimeout(signIn.timeoutSeconds));
  await keepOnly(app.getTokenCache(), r?.account ?? null);
  return acquired(r);
}

async function confidentialUserToken(s: MsalSetup, scopes: string[], forceRefresh: boolean, signIn: UserSignIn, credential: () => Promise<ConfidentialCredential>): Promise<AcquiredToken> {
  if (!forceRefresh) {
    // The cache alone first: the credential is only resolved when a request has to be sent.
    const probe = new ConfidentialClientApplication(msalConfig(s, { clientSecret: CACHE_PROBE_SECRET }));
    s.net.cacheOnly = true;
    s.net.missed = false;
    try {
      const cached = await trySilent(probe, s, scopes, false);
      if (cached) return cached;
    } catch (err) {
      if (!s.net.missed) throw err;
    } finally {
      s.net.cacheOnly = false;
    }
  }
  const app = new ConfidentialClientApplication(msalConfig(s, await credential()));
  const refreshed = await trySilent(app, s, scopes, forceRefresh);
  if (refreshed) return refreshed;
  if (signIn.flow === 'device-code') {
    throw new ActionableError('The device-code flow is for public clients; this profile signs in with a secret or certificate.', 'Use --flow interactive, or a DeviceCode profile for the same app (with "Allow public client flows" on).');
  }
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const state = crypto.createNewGuid();
  const listener = await LoopbackListener.start(state, SIGN_IN_PAGES);
  let r: AuthenticationResult;
  try {
    const url = await app.getAuthCodeUrl({ scopes, redirectUri: listener.redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', state, responseMode: 'form_post' as never });
    await signIn.openUrl(url);
    const answer = await withTimeout(listener.wait(), signIn.timeoutSeconds, () => new SignInTimeout(signIn.timeoutSeconds));
    if (!answer.code) throw new AuthError(answer.error ?? 'no_code', answer.errorDescription ?? 'The sign-in page returned no authorization code.');
    r = await app.acquireTokenByCode({ code: answer.code, scopes, redirectUri: listener.redirectUri, codeVerifier: verifier, state });
  } finally {
    listener.close();
  }
  await keepOnly(app.getTokenCache(), r.account);
  return acquired(r);
}

/** The profile's one signed-in account for this authority, or undefined (none, or more than one). */
async function soleAccount(cache: TokenCache, environments: string[]): Promise<AccountInfo | undefined> {
  const accounts = (await cache.getAllAccounts()).filter((a) => environments.includes(a.environment.toLowerCase()));
  return accounts.length === 1 ? accounts[0] : undefined;
}

async function trySilent(app: PublicClientApplication | ConfidentialClientApplication, s: MsalSetup, scopes: string[], forceRefresh: boolean): Promise<AcquiredToken | undefined> {
  const account = await soleAccount(app.getTokenCache(), s.environments);
  if (!account) return undefined;
  try {
    return acquired(await app.acquireTokenSilent({ account, scopes, forceRefresh }));
  } catch (err) {
    if (!needsInteraction(err)) throw err;
    s.debug?.(`silent sign-in not possible (${(err as AuthError).errorCode}); signing in`);
    return undefined;
  }
}
