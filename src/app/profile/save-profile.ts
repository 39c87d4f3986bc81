// Saving a profile with its secrets: the one write order every command that saves uses (config create,
// edit, import, and secret creation's profile destination).
//
// The order, and why it is safe under kill -9 at any step:
//   1. Each new value is written to the secret store under a FRESH key no profile refers to yet.
//      Killed here: no profile changed; at worst a value sits under a key nobody reads.
//   2. Under the profiles lock, the change is applied to the profile as it is now (the name claim or the
//      "changed meanwhile" check happens here) and the profile, now recording the fresh keys, is written
//      with one atomic rename. Killed before the rename: the old profile with its old value; after: the new
//      profile with its new value. There is no moment where a profile points at a missing value, and the
//      old value is kept until the new one is stored (issue 9, item 2).
//   3. The keys the old profile used and the new one does not are removed. Killed here: a value nobody
//      reads is left behind in the secret store (under the old key; no command removes it later, not even
//      `config delete`, which removes only the keys the profile records), nothing is lost.
// Compensation: if step 1 or 2 fails, the fresh keys are removed again and nothing else has changed.
// Each step reached is reported (SAVE_STEPS) to the caller's `progress`, usually the Interaction port's: the
// CLI may show it; the kill-at-every-step tests (test/app/profile/) end the process there.
import { randomBytes } from 'node:crypto';
import { ActionableError } from '../../core/actionable-error.ts';
import type { CredentialRef, Profile } from '../../core/profile.ts';
import type { ProfilesDocument } from '../../store/profile-store.ts';
import { certificatePasswordAt, clientSecretAt, secretKey, storedSecretsOf, type SecretAt, type SecretStoreKind } from '../../store/secret-keys.ts';
import type { SecretBackend } from '../../store/secret-store.ts';

/** The steps of a save, in order, as reported to its `progress`; secret creation reports them as its own (app/secret/steps.ts). */
export const SAVE_STEPS = [
  /** The new values are in the secret store under fresh keys no profile reads yet (only when there are new values). */
  'value-written',
  /** The profile, recording the fresh keys, is written: it reads the new values. */
  'profile-switched',
  /** The values the profile no longer reads are removed from the secret store. */
  'old-values-removed',
] as const;

export type SaveStep = (typeof SAVE_STEPS)[number];

/** The stores a save needs (the factory's). */
export interface ProfileStores {
  profiles: { update<T>(change: (doc: ProfilesDocument) => T): Promise<T> };
  secrets(): Promise<SecretBackend>;
}

/** What to write, decided under the lock from the profile there now. */
export interface ProfileChange {
  /**
   * The profile to write, given the one stored under the name now (undefined: none). Throw to write nothing
   * (see claimName / replaceIfUnchanged / updateExisting). Secret-store keys are not the caller's business:
   * the save fills them in (new values: fresh keys; otherwise the keys the profile there now uses).
   */
  change(existing: Profile | undefined): Profile;
  /** Make it the default profile. Without it, it becomes the default only when there is none. */
  makeDefault?: boolean;
  /**
   * An edit of the same profile: the stored values it has now stay with it unless new ones are given.
   * Otherwise (a new profile, or import replacing one) it starts with only the values given.
   */
  keepsValues?: boolean;
}

export interface ProfileSave extends ProfileChange {
  name: string;
  /** New values to store with it; leave out what stays as it is. */
  values?: {
    clientSecret?: string;
    certificatePassword?: string;
    /** Which credential the new clientSecret is (created by us); recorded in the profile with it. */
    clientSecretCredential?: CredentialRef;
  };
}

export interface SavedProfile {
  /** As written, with its secret-store keys. */
  profile: Profile;
  /** The profile it replaced, if any. */
  previous: Profile | undefined;
  isDefault: boolean;
  /** Old keys that could not be removed (the store failed after the profile was saved); nothing depends on them. */
  leftovers: string[];
}

export class ProfileNameTakenError extends ActionableError {
  constructor(readonly profile: string) {
    super(`another command created a profile named '${profile}' meanwhile`);
  }
}

export class ProfileGoneError extends ActionableError {
  constructor(readonly profile: string) {
    super(`The profile '${profile}' was deleted by another command meanwhile; nothing was changed.`);
  }
}

export class ProfileChangedError extends ActionableError {
  constructor(readonly profile: string) {
    super(`The profile '${profile}' was changed by another command meanwhile; nothing was changed.`, 'Look at it again (entra-auth-cli config show) and repeat the change.');
  }
}

/** A new profile: the name must still be free when it is written. */
export function claimName(profile: Profile): (existing: Profile | undefined) => Profile {
  return (existing) => {
    if (existing) throw new ProfileNameTakenError(profile.name);
    return profile;
  };
}

/** An edit of `basis`: written only if the profile is still as it was read (no edit by another command in between). */
export function replaceIfUnchanged(profile: Profile, basis: Profile): (existing: Profile | undefined) => Profile {
  return (existing) => {
    if (!existing) throw new ProfileGoneError(basis.name);
    if (existing.updatedAt !== basis.updatedAt) throw new ProfileChangedError(basis.name);
    return profile;
  };
}

/** A change of whatever the profile is now (e.g. only its secret); `edit` may throw too. */
export function updateExisting(name: string, edit: (p: Profile) => Profile): (existing: Profile | undefined) => Profile {
  return (existing) => {
    if (!existing) throw new ProfileGoneError(name);
    return edit(structuredClone(existing));
  };
}

export async function saveProfile(stores: ProfileStores, save: ProfileSave, progress?: (step: SaveStep) => void): Promise<SavedProfile> {
  const fresh = freshKeys(save.name);
  const written: string[] = [];
  const values = save.values ?? {};
  let backend: SecretBackend | undefined;
  const secrets = async () => (backend ??= await stores.secrets());

  let saved: { profile: Profile; previous: Profile | undefined; isDefault: boolean };
  try {
    // 1. The new values, under keys nobody reads yet.
    if (values.clientSecret !== undefined) {
      await (await secrets()).set(fresh.clientSecret, values.clientSecret);
      written.push(fresh.clientSecret);
    }
    if (values.certificatePassword !== undefined) {
      await (await secrets()).set(fresh.certificatePassword, values.certificatePassword);
      written.push(fresh.certificatePassword);
    }
    if (written.length) progress?.('value-written');
    // 2. The switch, under the lock, in one atomic write.
    saved = await stores.profiles.update((doc) => {
      const previous = doc.profiles[save.name];
      const profile = withKeys(save.change(previous), save.keepsValues ? previous : undefined, values, fresh, backend?.kind);
      if (profile.name !== save.name) throw new Error(`a save of '${save.name}' may not write '${profile.name}'`);
      doc.profiles[save.name] = profile;
      if (save.makeDefault || !doc.defaultProfile || !doc.profiles[doc.defaultProfile]) doc.defaultProfile = save.name;
      return { profile, previous, isDefault: doc.defaultProfile === save.name };
    });
  } catch (err) {
    // Compensation: only what step 1 wrote; the profile (and so the old value) is as it was.
    if (written.length) await (await secrets()).deleteMany(written).catch(() => undefined);
    throw err;
  }
  // Outside the compensation: from here the profile reads the new values, whatever the listener does.
  progress?.('profile-switched');

  // 3. What the old profile used and the new one does not (where it recorded them); new values the profile did not take.
  const used = new Set(storedSecretsOf(saved.profile).map((s) => s.key));
  const unused: SecretAt[] = [...(saved.previous ? storedSecretsOf(saved.previous) : []), ...written.map((key) => ({ key }))].filter((s) => !used.has(s.key));
  let leftovers: string[] = [];
  if (unused.length) {
    try {
      await (await secrets()).deleteMany(unused);
    } catch {
      leftovers = unused.map((s) => s.key);
    }
  }
  progress?.('old-values-removed');
  return { ...saved, leftovers };
}

function freshKeys(name: string): { clientSecret: string; certificatePassword: string } {
  const id = randomBytes(6).toString('hex');
  return { clientSecret: secretKey.fresh(name, 'client-secret', id), certificatePassword: secretKey.fresh(name, 'certificate-password', id) };
}

/**
 * The profile with its keys and where each value is: a new value's fresh key in the backend it was just
 * written to (`wroteTo`); otherwise the key and backend the profile there now records for the same thing; a
 * new profile without a value gets a fresh key with nothing under it (so it never reads a value an earlier
 * profile of that name left behind). Whatever `next` says about keys and backends (an import file) is dropped.
 */
function withKeys(next: Profile, previous: Profile | undefined, values: NonNullable<ProfileSave['values']>, fresh: ReturnType<typeof freshKeys>, wroteTo: SecretStoreKind | undefined): Profile {
  const p = structuredClone(next);
  const [prevSecret, prevPassword] = previous ? [clientSecretAt(previous), certificatePasswordAt(previous)] : [];
  if (p.authMethod === 'ClientSecret' && (!p.secret || p.secret.kind === 'stored')) {
    const newValue = values.clientSecret !== undefined;
    const at = newValue ? { key: fresh.clientSecret, store: wroteTo } : prevSecret ?? { key: fresh.clientSecret };
    // The credential goes with the value: a new value's, or the one the kept value already was.
    const credential = newValue ? values.clientSecretCredential : previous?.secret?.kind === 'stored' ? previous.secret.credential : undefined;
    p.secret = { kind: 'stored', key: at.key, ...(at.store ? { store: at.store } : {}), ...(credential ? { credential } : {}) };
  } else if (p.secret?.kind === 'reference') {
    p.secret = { kind: 'reference', ref: p.secret.ref, ...(p.secret.credential ? { credential: p.secret.credential } : {}) };
  }
  if (p.authMethod === 'Certificate' && p.certificate) {
    const { passwordKey: _k, passwordStore: _s, ...cert } = p.certificate;
    const at = values.certificatePassword !== undefined ? { key: fresh.certificatePassword, store: wroteTo } : prevPassword ?? { key: fresh.certificatePassword };
    p.certificate = cert.hasPassword ? { ...cert, passwordKey: at.key, ...(at.store ? { passwordStore: at.store } : {}) } : cert;
  }
  return p;
}
