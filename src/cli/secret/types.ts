// The shapes of secret creation shared by its API (create-secret.ts), its display and its commands.
import type { Profile } from '../../core/profile.ts';

/** Where the new value goes. */
export type SecretDestination =
  /**
   * The profile's entry in the secret store (secretKey.clientSecret(profile)). The profile itself may not
   * exist yet: config create saves it afterwards. `create`: a new profile to save together with the value
   * (secret create --app without a profile for the app).
   */
  | { kind: 'profile'; profile: string; create?: Profile }
  /** A Key Vault secret; with `profile`, that profile then reads it through a keyvault://VAULT/NAME reference. */
  | { kind: 'keyvault'; vault: string; name: string; profile?: string };

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
