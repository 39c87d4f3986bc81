// Saving a just-created client secret where it belongs: a profile's value in the secret store (keychain or
// the 0600 file), or a Key Vault secret that a profile then references. The profile is saved through the one
// transaction (app/profile/save-profile.ts), so the old value stays until the new one is stored and no
// profile is ever left on a missing value. Throws on failure, with messages that never contain the value;
// the caller decides what happens to the credential then.
import { claimName, saveProfile, updateExisting, type ProfileChange, type ProfileStores } from '../../app/profile/save-profile.ts';
import type { ResolvedCloud } from '../../core/cloud.ts';
import type { Profile } from '../../core/profile.ts';
import { appPaths } from '../../store/paths.ts';
import { ProfileStore } from '../../store/profile-store.ts';
import { openSecretStore, type SecretBackend } from '../../store/secret-store.ts';
import { removeTokenCache } from '../../store/token-cache-files.ts';
import { line, type Io } from '../io.ts';
import type { AdminSessionHandle } from './admin-session.ts';
import type { SecretDestination, StoredIn } from './types.ts';

export interface ValueToStore {
  value: string;
  appId: string;
  keyId: string;
  displayName: string;
  endDateTime: Date;
  cloud: ResolvedCloud;
  session: AdminSessionHandle;
}

/** An existing ClientSecret profile now reads its secret from `secret` (it may have used another source). */
function switchSecret(name: string, secret: NonNullable<Profile['secret']>): ProfileChange {
  return {
    keepsValues: true,
    change: updateExisting(name, (p) => {
      if (p.authMethod !== 'ClientSecret') throw new Error(`profile '${name}' was changed meanwhile to sign in with ${p.authMethod}`);
      return { ...p, secret, updatedAt: new Date().toISOString() };
    }),
  };
}

export async function storeSecretValue(io: Io, dest: SecretDestination, v: ValueToStore): Promise<StoredIn> {
  const paths = appPaths(io.env);
  const profiles = new ProfileStore(paths.config);
  let backend: Promise<SecretBackend> | undefined;
  const stores: ProfileStores = {
    profiles,
    secrets: () => (backend ??= openSecretStore(paths.config, io.env, (m) => line(io.err, m))),
  };

  if (dest.kind === 'profile') {
    const save = dest.save
      ?? (dest.create ? { change: claimName({ ...dest.create, name: dest.profile, authMethod: 'ClientSecret', secret: { kind: 'stored' } }) } : switchSecret(dest.profile, { kind: 'stored' }));
    const saved = await saveProfile(stores, { name: dest.profile, ...save, values: { clientSecret: v.value } });
    // Tokens cached with the previous secret: the next get-token signs in with the new one.
    if (saved.previous) removeTokenCache(paths.cache, dest.profile);
    const secrets = await stores.secrets();
    return { kind: 'profile', profile: dest.profile, store: secrets.kind, location: secrets.location, profileCreated: !saved.previous };
  }

  const { writeVaultSecret, CLIENT_SECRET_CONTENT_TYPE } = await import('../../entra/keyvault-store.ts');
  const written = await writeVaultSecret(v.cloud, v.session.credential, {
    vault: dest.vault, name: dest.name, value: v.value, expiresOn: v.endDateTime, contentType: CLIENT_SECRET_CONTENT_TYPE,
    tags: { appId: v.appId, keyId: v.keyId, expiry: v.endDateTime.toISOString(), displayName: v.displayName, createdBy: 'entra-auth-cli' },
  }, v.session.http);
  const reference = `keyvault://${dest.vault}/${dest.name}`;
  const existing = dest.profile ? profiles.get(dest.profile) : undefined;
  if (dest.profile && (dest.save || existing?.authMethod === 'ClientSecret')) {
    // The value the profile kept in the secret store before is removed once it reads the reference.
    await saveProfile(stores, { name: dest.profile, ...(dest.save ?? switchSecret(dest.profile, { kind: 'reference', ref: reference })) });
    removeTokenCache(paths.cache, dest.profile);
  }
  return { kind: 'keyvault', vault: dest.vault, name: dest.name, reference, ...(written.id ? { secretId: written.id } : {}), ...(dest.profile ? { profile: dest.profile } : {}) };
}
