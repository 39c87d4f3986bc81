// A user's tokens through MSAL, written once for profiles and admin sessions: silently from the cache (or its
// refresh token) for the cache's one account, else a new sign-in through the caller's SignInUi: a browser
// (auth code + PKCE on a loopback port) or the device-code flow. A public client uses MSAL's own loopback; a
// confidential one (ClientSecret/Certificate profile) runs the same protocol with our listener and redeems
// the code with its credential. One identity per cache: after a sign-in, other accounts are removed.
import {
  AuthError, ConfidentialClientApplication, CryptoProvider, PublicClientApplication,
  type AccountInfo, type AuthenticationResult,
} from '@azure/msal-node';
import { ActionableError } from '../../core/actionable-error.ts';
import { fromCacheOnly } from './cache-probe.ts';
import { LoopbackListener } from './loopback.ts';
import { SIGN_IN_PAGES, keepOnly, needsInteraction, withTimeout } from './sign-in-helpers.ts';
import { acquired, msalConfig, type AcquiredToken, type ConfidentialCredential, type MsalSetup } from './setup.ts';

/** How a person is shown a sign-in: the CLI implements it once (cli/ui/sign-in-ui.ts). */
export interface SignInUi {
  mode: 'browser' | 'device-code';
  /** Show the sign-in URL: open a browser, or print it. */
  openUrl(url: string): Promise<void>;
  /** Show the device-code instructions. */
  deviceCode(message: string): void;
  timeoutSeconds: number;
  /** What to do after a timeout (the flags differ per command). */
  timeoutHint: string;
}

/** No sign-in within the time allowed. MSAL's loopback listener cannot be stopped, so the caller must exit. */
export class SignInTimeout extends ActionableError {
  constructor(ui: Pick<SignInUi, 'timeoutSeconds' | 'timeoutHint'>) {
    super(`No sign-in was completed within ${ui.timeoutSeconds} s.`, ui.timeoutHint);
  }
}

export interface SignedInUser {
  token: AcquiredToken;
  account: AccountInfo;
}

export interface SilentOptions {
  /** The account to use; else the cache's only account for this authority. */
  homeAccountId?: string;
  forceRefresh?: boolean;
  /** Also give way to a new sign-in on server answers a sign-in can fix (invalid_grant, consent_required...). */
  serverErrorsNeedSignIn?: boolean;
  /** A confidential client: its credential, resolved only when the cache alone cannot answer. */
  credential?: () => Promise<ConfidentialCredential>;
}

type App = PublicClientApplication | ConfidentialClientApplication;

/** A token for the cache's account (refreshed if needed), or undefined when a new sign-in is needed. */
export async function silentUserToken(s: MsalSetup, scopes: string[], o: SilentOptions = {}): Promise<SignedInUser | undefined> {
  if (!o.credential) return trySilent(new PublicClientApplication(msalConfig(s)), s, scopes, o);
  if (!o.forceRefresh) {
    const cached = await fromCacheOnly(s, (probe) => trySilent(probe, s, scopes, o));
    if (cached) return cached;
  }
  return trySilent(new ConfidentialClientApplication(msalConfig(s, await o.credential())), s, scopes, o);
}

export interface SignInOptions {
  /** A confidential client's credential (its browser sign-in runs on our loopback listener). */
  credential?: () => Promise<ConfidentialCredential>;
  /** Sign this account in again; without it, let the person choose (prompt=select_account) when `selectAccount`. */
  loginHint?: string;
  selectAccount?: boolean;
}

/** A new interactive sign-in (never silent), keeping only the new account in the cache. */
export async function signInUser(s: MsalSetup, scopes: string[], ui: SignInUi, o: SignInOptions = {}): Promise<SignedInUser> {
  const timeout = () => new SignInTimeout(ui);
  let app: App;
  let r: AuthenticationResult | null;
  if (o.credential) {
    if (ui.mode === 'device-code') {
      throw new ActionableError('The device-code flow is for public clients; this profile signs in with a secret or certificate.', 'Use --flow interactive, or a DeviceCode profile for the same app (with "Allow public client flows" on).');
    }
    const cca = new ConfidentialClientApplication(msalConfig(s, await o.credential()));
    app = cca;
    r = await confidentialBrowserSignIn(cca, scopes, ui, timeout);
  } else {
    const pca = new PublicClientApplication(msalConfig(s));
    app = pca;
    r = ui.mode === 'device-code'
      ? await pca.acquireTokenByDeviceCode({ scopes, timeout: ui.timeoutSeconds, deviceCodeCallback: (d) => ui.deviceCode(d.message) })
      : await withTimeout(pca.acquireTokenInteractive({
        scopes, openBrowser: ui.openUrl, successTemplate: SIGN_IN_PAGES.success, errorTemplate: SIGN_IN_PAGES.failure,
        ...(o.loginHint ? { loginHint: o.loginHint } : o.selectAccount ? { prompt: 'select_account' } : {}),
      }), ui.timeoutSeconds, timeout);
  }
  if (!r?.account) throw new AuthError('no_account', 'The sign-in returned no account.');
  await keepOnly(app.getTokenCache(), r.account);
  return { token: acquired(r), account: r.account };
}

async function confidentialBrowserSignIn(app: ConfidentialClientApplication, scopes: string[], ui: SignInUi, timeout: () => Error): Promise<AuthenticationResult> {
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const state = crypto.createNewGuid();
  const listener = await LoopbackListener.start(state, SIGN_IN_PAGES);
  try {
    const url = await app.getAuthCodeUrl({ scopes, redirectUri: listener.redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', state, responseMode: 'form_post' as never });
    await ui.openUrl(url);
    const answer = await withTimeout(listener.wait(), ui.timeoutSeconds, timeout);
    if (!answer.code) throw new AuthError(answer.error ?? 'no_code', answer.errorDescription ?? 'The sign-in page returned no authorization code.');
    return await app.acquireTokenByCode({ code: answer.code, scopes, redirectUri: listener.redirectUri, codeVerifier: verifier, state });
  } finally {
    listener.close();
  }
}

async function trySilent(app: App, s: MsalSetup, scopes: string[], o: SilentOptions): Promise<SignedInUser | undefined> {
  const accounts = (await app.getTokenCache().getAllAccounts()).filter((a) => s.environments.includes(a.environment.toLowerCase()));
  const account = accounts.find((a) => a.homeAccountId === o.homeAccountId) ?? (accounts.length === 1 ? accounts[0] : undefined);
  if (!account) return undefined;
  try {
    const r = await app.acquireTokenSilent({ account, scopes, forceRefresh: Boolean(o.forceRefresh) });
    return { token: acquired(r), account: r.account ?? account };
  } catch (err) {
    if (!needsInteraction(err, o.serverErrorsNeedSignIn)) throw err;
    s.debug?.(`silent sign-in not possible (${(err as AuthError).errorCode}); a new sign-in is needed`);
    return undefined;
  }
}
