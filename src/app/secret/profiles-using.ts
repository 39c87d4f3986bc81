// Which local profiles use which of an app's client secrets (secret list's "profiles" column, and secret
// delete's refusal). A profile of the app in the same cloud and tenant uses the credential it recorded when
// entra-auth-cli created its value (core/profile.ts CredentialRef); else its value's hint (the first 3
// characters) picks the one credential with that hint (core/profile-credential-match.ts). The value is read
// only for that and never leaves this file: a stored value, env:VAR or file:PATH. A keyvault:// reference is
// not read (no Key Vault call for a listing): only its recorded credential counts.
import type { AdminSession } from '../../store/admin-sessions.ts';
import { matchProfileCredential } from '../../core/profile-credential-match.ts';
import type { CloudName, Profile } from '../../core/profile.ts';
import { resolveClientSecret } from '../../store/client-secret.ts';
import type { ProfileStore } from '../../store/profile-store.ts';
import type { SecretBackend } from '../../store/secret-store.ts';

/** A profile's secret value for matching by hint, or undefined when it cannot (or must not) be read. */
export type ProfileSecretReader = (profile: Profile) => Promise<string | undefined>;

/** Reads stored values and env:/file: references; keyvault:// and any failure give undefined (no match by hint). */
export function profileSecretReader(secrets: () => Promise<SecretBackend>, env: NodeJS.ProcessEnv): ProfileSecretReader {
  const noKeyVault = async (): Promise<string> => { throw new Error('not read'); };
  return async (profile) => {
    if (profile.secret?.kind === 'reference' && profile.secret.ref.startsWith('keyvault://')) return undefined;
    try {
      return await resolveClientSecret(profile, secrets, env, noKeyVault);
    } catch {
      return undefined;
    }
  };
}

export interface ProfileUse {
  profile: string;
  /** recorded: the profile recorded this keyId; hint: its value's hint is this credential's alone; ambiguous: several share the hint. */
  match: 'recorded' | 'hint' | 'ambiguous';
}

export interface ProfilesUsing {
  /** keyId (lower case) → the profiles that use it. */
  byKeyId: Map<string, ProfileUse[]>;
  /** Profiles whose recorded credential is no longer in the app. */
  gone: { profile: string; keyId: string }[];
}

export interface WhereApp {
  appId: string;
  cloudName?: CloudName;
  /** Every name the tenant goes by here (target tenant, session's id and domain). */
  tenants: (string | undefined)[];
}

/** The tenant names of a target and its admin session, for WhereApp.tenants. */
export function tenantNames(tenant: string, session: AdminSession | undefined): (string | undefined)[] {
  return [tenant, session?.tenant, session?.tenantId, session?.tenantDomain];
}

export async function profilesUsing(
  profiles: Pick<ProfileStore, 'read'>, where: WhereApp, credentials: readonly { keyId: string; hint?: string | null }[], readSecret: ProfileSecretReader,
): Promise<ProfilesUsing> {
  const tenants = new Set(where.tenants.filter((t): t is string => Boolean(t)).map((t) => t.toLowerCase()));
  const mine = Object.values(profiles.read().profiles).filter((p) => p.authMethod === 'ClientSecret'
    && p.clientId.toLowerCase() === where.appId.toLowerCase() && tenants.has(p.tenant.toLowerCase())
    && (where.cloudName === undefined || where.cloudName === p.cloud));
  const creds = credentials.map((c) => ({ keyId: c.keyId.toLowerCase(), hint: c.hint ?? null }));
  const out: ProfilesUsing = { byKeyId: new Map(), gone: [] };
  const add = (keyId: string, use: ProfileUse) => out.byKeyId.set(keyId, [...(out.byKeyId.get(keyId) ?? []), use]);
  for (const p of mine.sort((a, b) => a.name.localeCompare(b.name))) {
    const recorded = p.secret?.credential ? { ...p.secret.credential, keyId: p.secret.credential.keyId.toLowerCase() } : undefined;
    const m = matchProfileCredential(recorded, recorded ? undefined : await readSecret(p), creds);
    if (m.how === 'recorded' || m.how === 'hint') add(m.keyId, { profile: p.name, match: m.how });
    else if (m.how === 'ambiguous') for (const k of m.keyIds) add(k, { profile: p.name, match: 'ambiguous' });
    else if (m.how === 'gone') out.gone.push({ profile: p.name, keyId: m.keyId });
  }
  return out;
}
