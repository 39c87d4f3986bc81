// The credential of an admin session (secret management): a user from the session's cache (refreshed with
// its refresh token), signed in again when allowed (e.g. to consent to Key Vault); or a service principal
// with its secret or certificate (client credentials). Graph and Key Vault take it as a TokenCredential.
import type { AccountInfo } from '@azure/msal-node';
import type { ConfidentialCredential, MsalSetup, AcquiredToken } from '../msal/setup.ts';
import { appToken } from '../msal/app-token.ts';
import { signInUser, silentUserToken, type SignedInUser, type SignInUi } from '../msal/user-sign-in.ts';
import { EntraCredential, once } from './token-credential.ts';

export type AdminIdentity =
  | { kind: 'user'; homeAccountId?: string; username?: string }
  | { kind: 'service-principal'; credential: () => Promise<ConfidentialCredential> };

/** The user's token needs a new sign-in, and this credential may not start one. */
export class SignInNeeded extends Error {
  constructor(readonly scopes: string[]) {
    super(`a new sign-in is needed for ${scopes.join(' ')}`);
  }
}

/** Graph's scope for secret management as each kind of identity asks for it. */
export function graphScopes(graphResource: string, kind: AdminIdentity['kind']): string[] {
  return kind === 'user' ? [`${graphResource}/Application.ReadWrite.All`] : [`${graphResource}/.default`];
}

export class AdminCredential extends EntraCredential {
  private readonly identity: AdminIdentity;

  /** `signInAgain`: the UI for a new sign-in of the same user when the cache cannot answer; none: SignInNeeded. */
  constructor(private readonly setup: MsalSetup, identity: AdminIdentity, private readonly signInAgain?: (scopes: string[]) => SignInUi) {
    super();
    this.identity = identity.kind === 'service-principal' ? { kind: 'service-principal', credential: once(identity.credential) } : identity;
  }

  /** A new interactive sign-in of whoever the person chooses (login), keeping only that account in the cache. */
  static signIn(setup: MsalSetup, scopes: string[], ui: SignInUi): Promise<SignedInUser> {
    return signInUser(setup, scopes, ui, { selectAccount: true });
  }

  get kind(): AdminIdentity['kind'] {
    return this.identity.kind;
  }

  /** A user's token from the cache alone (or its refresh token); undefined when a new sign-in is needed. */
  async silent(scopes: string[]): Promise<AcquiredToken | undefined> {
    if (this.identity.kind === 'service-principal') return this.acquire(scopes);
    return (await silentUserToken(this.setup, scopes, { homeAccountId: this.identity.homeAccountId, serverErrorsNeedSignIn: true }))?.token;
  }

  async acquire(scopes: string[], options: { forceRefresh?: boolean } = {}): Promise<AcquiredToken> {
    const id = this.identity;
    if (id.kind === 'service-principal') {
      // A service principal has only its app permissions: RESOURCE/.default.
      const resource = scopes[0]!.replace(/\/[^/]*$/, '');
      return appToken(this.setup, [`${resource}/.default`], Boolean(options.forceRefresh), id.credential);
    }
    const silent = await silentUserToken(this.setup, scopes, { homeAccountId: id.homeAccountId, serverErrorsNeedSignIn: true, forceRefresh: options.forceRefresh });
    if (silent) return silent.token;
    if (!this.signInAgain) throw new SignInNeeded(scopes);
    const again = await signInUser(this.setup, scopes, this.signInAgain(scopes), id.username ? { loginHint: id.username } : {});
    return again.token;
  }

  /** Key Vault (and other SDKs) ask for RESOURCE/.default; a user gets the delegated user_impersonation. */
  protected override scopesFor(scopes: string[]): string[] {
    if (this.identity.kind === 'service-principal') return scopes;
    return scopes.map((s) => s.replace(/\/\.default$/, '/user_impersonation'));
  }
}

export type { AccountInfo };
