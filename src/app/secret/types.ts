// The shapes of secret creation shared by its API (create-secret.ts), its display and its commands.
import type { ProfileChange } from '../profile/save-profile.ts';
import type { Profile } from '../../core/profile.ts';

/** Where the new value goes. */
export type SecretDestination =
  /**
   * The profile's secret, saved with the profile in one transaction (app/profile/save-profile.ts): by
   * default the existing ClientSecret profile switches to the new value. `create`: a new profile to save
   * with it (secret create --app without a profile for the app). `save`: the whole profile change to make
   * with it (config create / edit: the profile as answered).
   */
  | { kind: 'profile'; profile: string; create?: Profile; save?: ProfileChange }
  /**
   * A Key Vault secret; with `profile`, that profile then reads it through a keyvault://VAULT/NAME reference
   * (`save`: the whole change to make, as above).
   */
  | { kind: 'keyvault'; vault: string; name: string; profile?: string; save?: ProfileChange };

/** Where the value was stored, as -o json reports it. */
export type StoredIn =
  | { kind: 'profile'; profile: string; store: 'keychain' | 'file'; location: string; profileCreated: boolean }
  | { kind: 'keyvault'; vault: string; name: string; reference: string; secretId?: string; profile?: string };

/**
 * A created client secret. `secretText` is the value: a non-enumerable property, so JSON.stringify, spread
 * and util.inspect of this object never include it by accident; read it only to show it once.
 */
export interface CreatedSecret {
  /** The app registration's display name. */
  application: string;
  appId: string;
  appObjectId: string;
  tenant: string;
  /** EAC-EXP-DD-MMM-YY */
  displayName: string;
  keyId: string;
  hint: string | null;
  startDateTime: string;
  endDateTime: string;
  days: number;
  storedIn: StoredIn;
  readonly secretText: string;
}
