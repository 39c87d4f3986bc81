// The steps of creating a client secret, in order, as the use case reports them through the Interaction
// port (progress). The CLI may show them; the kill-at-every-step tests (test/app/kill-harness.ts)
// end the process at each one and checks that the next command loses nothing. value-written (for a
// profile), profile-switched and old-values-removed are the profile save's own (app/profile/save-profile.ts).
export const CREATION_STEPS = [
  /** The admin session is open and its Graph token good. */
  'signed-in',
  /** The app and its policy are read, the lifetime chosen; nothing created yet. */
  'planned',
  /** The journal says what is about to be created. */
  'intent-journaled',
  /** Graph created the credential; only this process has its value. */
  'created',
  /** The journal has its keyId. */
  'created-journaled',
  /** The journal names the secret-store key the value goes under (profile destinations). */
  'store-key-journaled',
  /** The value is in the secret store under that key, or in Key Vault. */
  'value-written',
  /** The profile reads the new value (or the Key Vault reference). */
  'profile-switched',
  /** The value the profile read before is removed from the secret store. */
  'old-values-removed',
  /** The journal says the value is stored. */
  'stored-journaled',
  /** The journal entry is gone; the run is complete. */
  'done',
] as const;

export type CreationStep = (typeof CREATION_STEPS)[number];
