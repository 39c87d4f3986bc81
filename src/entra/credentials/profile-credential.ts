// A profile's credential: client credentials (secret or certificate), or a user signed in with the browser
// or a device code, each from the profile's encrypted token cache when it holds a good token.
import type { ConfidentialCredential, MsalSetup, AcquiredToken } from '../msal/setup.ts';
import { appToken } from '../msal/app-token.ts';
import { signInUser, silentUserToken, type SignInUi } from '../msal/user-sign-in.ts';
import { EntraCredential, once } from './token-credential.ts';

export interface ProfileCredentialOptions {
  setup: MsalSetup;
  flow: 'client-credentials' | 'interactive' | 'device-code';
  /** ClientSecret / Certificate profiles: resolved only when a request must be sent. */
  credential?: () => Promise<ConfidentialCredential>;
  /** User flows: how the person is shown the sign-in. */
  signIn?: SignInUi;
}

export class ProfileCredential extends EntraCredential {
  private readonly credential: (() => Promise<ConfidentialCredential>) | undefined;

  constructor(private readonly o: ProfileCredentialOptions) {
    super();
    this.credential = o.credential && once(o.credential);
  }

  async acquire(scopes: string[], options: { forceRefresh?: boolean } = {}): Promise<AcquiredToken> {
    const { setup } = this.o;
    const forceRefresh = Boolean(options.forceRefresh);
    if (this.o.flow === 'client-credentials') {
      if (!this.credential) throw new Error('client credentials need a secret or certificate');
      return appToken(setup, scopes, forceRefresh, this.credential);
    }
    const silent = await silentUserToken(setup, scopes, { forceRefresh, ...(this.credential ? { credential: this.credential } : {}) });
    if (silent) return silent.token;
    if (!this.o.signIn) throw new Error('a user sign-in needs a SignInUi');
    return (await signInUser(setup, scopes, this.o.signIn, this.credential ? { credential: this.credential } : {})).token;
  }
}
