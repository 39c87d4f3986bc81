// Saving a just-created client secret where it belongs: a profile's entry in the secret store (keychain or
// the 0600 file), or a Key Vault secret that a profile then references. Throws on failure, with messages
// that never contain the value; the caller decides what happens to the credential then.
import type { ResolvedCloud } from '../../core/cloud.ts';
import type { Profile } from '../../core/profile.ts';
import { appPaths } from '../../store/paths.ts';
import { ProfileStore } from '../../store/profile-store.ts';
import { openSecretStore, secretKey } from '../../store/secret-store.ts';
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

export async function storeSecretValue(io: Io, dest: SecretDestination, v: ValueToStore): Promise<StoredIn> {
  const paths = appPaths(io.env);
  const profiles = new ProfileStore(paths.config);
  const secrets = await openSecretStore(paths.config, io.env, (m) => line(io.err, m));

  if (dest.kind === 'profile') {
    await secrets.set(secretKey.clientSecret(dest.profile), v.value);
    let created = false;
    if (dest.create) {
      const profile: Profile = { ...dest.create, name: dest.profile, authMethod: 'ClientSecret', secret: { kind: 'stored' } };
      await profiles.update((doc) => {
        if (doc.profiles[dest.profile]) throw new Error(`a profile named '${dest.profile}' was created meanwhile by another run`);
        doc.profiles[dest.profile] = profile;
        if (!doc.defaultProfile || !doc.profiles[doc.defaultProfile]) doc.defaultProfile = dest.profile;
      });
      created = true;
    } else if (profiles.get(dest.profile)?.authMethod === 'ClientSecret') {
      await profiles.update((doc) => {
        const p = doc.profiles[dest.profile];
        if (p?.authMethod !== 'ClientSecret') return;
        if (p.secret?.kind !== 'stored') p.secret = { kind: 'stored' };
        p.updatedAt = new Date().toISOString();
      });
      // Tokens cached with the previous secret: the next get-token signs in with the new one.
      removeTokenCache(paths.cache, dest.profile);
    }
    return { kind: 'profile', profile: dest.profile, store: secrets.kind, location: secrets.location, profileCreated: created };
  }

  const { writeVaultSecret, CLIENT_SECRET_CONTENT_TYPE } = await import('../../entra/keyvault-store.ts');
  const written = await writeVaultSecret(v.cloud, v.session.credential, {
    vault: dest.vault, name: dest.name, value: v.value, expiresOn: v.endDateTime, contentType: CLIENT_SECRET_CONTENT_TYPE,
    tags: { appId: v.appId, keyId: v.keyId, expiry: v.endDateTime.toISOString(), displayName: v.displayName, createdBy: 'entra-auth-cli' },
  }, v.session.http);
  const reference = `keyvault://${dest.vault}/${dest.name}`;
  if (dest.profile && profiles.get(dest.profile)?.authMethod === 'ClientSecret') {
    const before = await profiles.update((doc) => {
      const p = doc.profiles[dest.profile!];
      if (p?.authMethod !== 'ClientSecret') return undefined;
      const was = p.secret?.kind;
      p.secret = { kind: 'reference', ref: reference };
      p.updatedAt = new Date().toISOString();
      return was;
    });
    // The value the profile kept before is no longer used.
    if (before === 'stored') await secrets.delete(secretKey.clientSecret(dest.profile));
    removeTokenCache(paths.cache, dest.profile);
  }
  return { kind: 'keyvault', vault: dest.vault, name: dest.name, reference, ...(written.id ? { secretId: written.id } : {}), ...(dest.profile ? { profile: dest.profile } : {}) };
}
