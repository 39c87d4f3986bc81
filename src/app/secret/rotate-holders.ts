// Which local profiles hold a given credential of an app: the rule that no rotation, recovery or prune ever
// removes a credential another profile still uses. A profile's credential is the one it recorded, else the
// one its value's hint matches (core/profile-credential-match.ts). A profile of the app whose value cannot be
// read here (env: or file: references, an unreadable store or vault) MAY hold it, and counts as holding it:
// when in doubt, nothing is removed.
import type { ResolvedCloud } from '../../core/cloud.ts';
import { matchProfileCredential } from '../../core/profile-credential-match.ts';
import type { Profile } from '../../core/profile.ts';
import { clientSecretAt } from '../../store/secret-keys.ts';
import type { AdminDeps } from '../admin/deps.ts';
import type { AdminSessionHandle } from '../admin/session.ts';

export interface Holder {
  profile: string;
  /** recorded / hint: it is that credential; ambiguous / unknown: it may be. */
  how: 'recorded' | 'hint' | 'ambiguous' | 'unknown';
}

/** The current value of a profile's secret, where rotation can read it (stored; keyvault:// with the caller's reader). */
export type ValueReader = (p: Profile) => Promise<string | undefined>;

/** Values in the secret store, and keyvault:// ones read with the admin session (which wrote them). */
export function adminValueReader(deps: Pick<AdminDeps, 'secrets'>, session: AdminSessionHandle, cloud: ResolvedCloud): ValueReader {
  return async (p) => {
    if (p.secret?.kind === 'reference') {
      const kv = /^keyvault:\/\/([^/]+)\/(.+)$/.exec(p.secret.ref);
      if (!kv) return undefined;
      const { readKeyVaultSecret } = await import('../../entra/keyvault-reference.ts');
      return readKeyVaultSecret({ vault: kv[1]!, name: kv[2]!, profile: p.name, cloud, env: {}, signInHint: 'entra-auth-cli login' }, { credential: session.credential, who: session.who });
    }
    const at = clientSecretAt(p);
    return at ? (await deps.secrets()).get(at) : undefined;
  };
}

/** The ClientSecret profiles of `appId` (any tenant: one app may be used in several) that hold or may hold `keyId`. */
export async function holdersOf(
  deps: Pick<AdminDeps, 'profiles'>,
  app: { appId: string; passwordCredentials: readonly { keyId: string; hint: string | null }[] },
  keyId: string,
  read: ValueReader,
  except: readonly string[] = [],
): Promise<Holder[]> {
  const out: Holder[] = [];
  for (const p of Object.values(deps.profiles.read().profiles)) {
    if (p.authMethod !== 'ClientSecret' || p.clientId.toLowerCase() !== app.appId.toLowerCase() || except.includes(p.name)) continue;
    const how = await holds(p, app.passwordCredentials, keyId, read);
    if (how) out.push({ profile: p.name, how });
  }
  return out;
}

async function holds(p: Profile, creds: readonly { keyId: string; hint: string | null }[], keyId: string, read: ValueReader): Promise<Holder['how'] | undefined> {
  const recorded = p.secret?.credential;
  if (recorded) return recorded.keyId === keyId ? 'recorded' : undefined;
  let value: string | undefined;
  try {
    value = await read(p);
  } catch {
    return 'unknown';
  }
  if (value === undefined) return 'unknown';
  const m = matchProfileCredential(undefined, value, creds);
  if (m.how === 'hint') return m.keyId === keyId ? 'hint' : undefined;
  if (m.how === 'ambiguous') return m.keyIds.includes(keyId) ? 'ambiguous' : undefined;
  return undefined;
}

export function holdersText(holders: readonly Holder[]): string {
  return holders.map((h) => `'${h.profile}'${h.how === 'unknown' ? ' (its secret cannot be read here)' : h.how === 'ambiguous' ? ' (same hint)' : ''}`).join(', ');
}
