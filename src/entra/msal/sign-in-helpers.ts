// Pieces every user sign-in through MSAL shares (user-sign-in.ts, for profiles and admin sessions):
// the loopback result pages, when a silent attempt must give way
// to an interactive one, keeping one identity per cache, and a deadline for a person to finish signing in.
import { InteractionRequiredAuthError, type AccountInfo, type AuthError, type TokenCache } from '@azure/msal-node';

export const SIGN_IN_PAGES = {
  success: '<!doctype html><title>Signed in</title><h1 id="done">Signed in to entra-auth-cli</h1><p>You can close this window and return to the terminal.</p>',
  failure: '<!doctype html><title>Sign-in failed</title><h1 id="failed">Sign-in failed</h1><p>See the terminal for what to do.</p>',
};

const INTERACTION_CODES = new Set(['no_tokens_found', 'token_refresh_required', 'no_account_found', 'refresh_token_expired']);
/** Server answers to a refresh that a fresh sign-in can fix (the admin session accepts these too). */
const SERVER_INTERACTION_CODES = new Set(['invalid_grant', 'interaction_required', 'consent_required', 'login_required']);

export function needsInteraction(err: unknown, includeServerErrors = false): boolean {
  if (err instanceof InteractionRequiredAuthError) return true;
  const code = (err as AuthError)?.errorCode ?? '';
  return INTERACTION_CODES.has(code) || (includeServerErrors && SERVER_INTERACTION_CODES.has(code));
}

/** One identity per cache: after a sign-in, forget any other account the cache held. */
export async function keepOnly(cache: TokenCache, account: AccountInfo | null): Promise<void> {
  if (!account) return;
  for (const a of await cache.getAllAccounts()) if (a.homeAccountId !== account.homeAccountId) await cache.removeAccount(a);
}

/** Rejects with `onTimeout()` if `p` has not settled within `seconds`. */
export function withTimeout<T>(p: Promise<T>, seconds: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(onTimeout()), seconds * 1000); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
