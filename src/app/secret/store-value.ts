// Saving a just-created client secret where it belongs: a profile's value in the secret store (keychain or
// the 0600 file), or a Key Vault secret that a profile then references. The profile is saved through the one
// transaction (app/profile/save-profile.ts), so the old value stays until the new one is stored and no
// profile is ever left on a missing value. Throws on failure, with messages that never contain the value;
// the caller decides what happens to the credential then.
import type { ResolvedCloud } from '../../core/cloud.ts';
import type { Profile } from '../../core/profile.ts';
import type { HttpClient } from '../../entra/http.ts';
import type { SecretBackend } from '../../store/secret-store.ts';
import { removeTokenCache } from '../../store/token-cache-files.ts';
import type { TokenCredential } from '@azure/core-auth';
import type { AdminDeps } from '../admin/deps.ts';
import { claimName, saveProfile, updateExisting, type ProfileChange, type ProfileStores } from '../profile/save-profile.ts';
import type { CreationStep } from './steps.ts';
import type { SecretDestination, StoredIn } from './types.ts';

export interface ValueToStore {
  value: string;
  appId: string;
  keyId: string;
  displayName: string;
  endDateTime: Date;
  cloud: ResolvedCloud;
  /** The admin session's: Key Vault is written as the admin. */
  credential: TokenCredential;
  http: HttpClient;
}

export interface StoreHooks {
  /** Called before the value is written under a secret-store key (the journal records it). */
  beforeWrite(storeKey: string): void;
  /** A function property (not a method): the save's steps are passed here, so they must be creation steps. */
  step: (s: CreationStep) => void;
}

/** An existing ClientSecret profile now reads its secret from `secret` (it may have used another source). */
function switchSecret(name: string, secret: NonNullable<Profile['secret']>, now: Date): ProfileChange {
  return {
    keepsValues: true,
    change: updateExisting(name, (p) => {
      if (p.authMethod !== 'ClientSecret') throw new Error(`profile '${name}' was changed meanwhile to sign in with ${p.authMethod}`);
      return { ...p, secret, updatedAt: now.toISOString() };
    }),
  };
}

/** The secret store, telling the journal where the value goes before it is written there. */
function announcing(backend: SecretBackend, value: string, hooks: StoreHooks): SecretBackend {
  return {
    kind: backend.kind, location: backend.location,
    get: (k) => backend.get(k), has: (k) => backend.has(k), delete: (k) => backend.delete(k), deleteMany: (ks) => backend.deleteMany(ks),
    where: (k) => backend.where(k), setIfAbsent: (k, v) => backend.setIfAbsent(k, v),
    set: async (k, v) => {
      if (v === value) hooks.beforeWrite(k);
      await backend.set(k, v);
    },
  };
}

type StoreDeps = Pick<AdminDeps, 'profiles' | 'secrets' | 'paths' | 'clock' | 'writeVault'>;

export async function storeSecretValue(deps: StoreDeps, dest: SecretDestination, v: ValueToStore, hooks: StoreHooks): Promise<StoredIn> {
  const now = deps.clock();
  // Which credential the value is, recorded in the profile so views know which key it uses (never the value).
  const credential = { keyId: v.keyId, endDateTime: v.endDateTime.toISOString() };
  let backend: Promise<SecretBackend> | undefined;
  const stores: ProfileStores = {
    profiles: deps.profiles,
    secrets: () => (backend ??= deps.secrets().then((b) => announcing(b, v.value, hooks))),
  };

  if (dest.kind === 'profile') {
    const save = dest.save
      ?? (dest.create ? { change: claimName({ ...dest.create, name: dest.profile, authMethod: 'ClientSecret', secret: { kind: 'stored' } }) } : switchSecret(dest.profile, { kind: 'stored' }, now));
    // The save reports value-written, profile-switched and old-values-removed as creation steps.
    const saved = await saveProfile(stores, { name: dest.profile, ...save, values: { clientSecret: v.value, clientSecretCredential: credential } }, hooks.step);
    // Tokens cached with the previous secret: the next get-token signs in with the new one.
    if (saved.previous) removeTokenCache(deps.paths.cache, dest.profile);
    const secrets = await stores.secrets();
    return { kind: 'profile', profile: dest.profile, store: secrets.kind, location: secrets.location, profileCreated: !saved.previous };
  }

  const write = deps.writeVault ?? (await import('../../entra/keyvault-store.ts')).writeVaultSecret;
  const { CLIENT_SECRET_CONTENT_TYPE } = await import('../../entra/keyvault-store.ts');
  const written = await write(v.cloud, v.credential, {
    vault: dest.vault, name: dest.name, value: v.value, expiresOn: v.endDateTime, contentType: CLIENT_SECRET_CONTENT_TYPE,
    tags: { appId: v.appId, keyId: v.keyId, expiry: v.endDateTime.toISOString(), displayName: v.displayName, createdBy: 'entra-auth-cli' },
  }, v.http);
  hooks.step('value-written');
  const reference = `keyvault://${dest.vault}/${dest.name}`;
  const existing = dest.profile ? deps.profiles.get(dest.profile) : undefined;
  if (dest.profile && (dest.save || existing?.authMethod === 'ClientSecret')) {
    // The value the profile kept in the secret store before is removed once it reads the reference.
    await saveProfile(stores, { name: dest.profile, ...(dest.save ?? switchSecret(dest.profile, { kind: 'reference', ref: reference, credential }, now)) }, hooks.step);
    removeTokenCache(deps.paths.cache, dest.profile);
  }
  return { kind: 'keyvault', vault: dest.vault, name: dest.name, reference, ...(written.id ? { secretId: written.id } : {}), ...(dest.profile ? { profile: dest.profile } : {}) };
}
