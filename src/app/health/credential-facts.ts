// Which credential a profile signs in with, for the health report: a secret's key ID, hint and end (from what
// the profile recorded when entra-auth-cli created it; for a secret entered by hand, from the app read through
// a saved admin session, quietly, else unknown), or a certificate's thumbprint and notAfter from its file.
// Never the value: a secret's hint is its first three characters, which Entra itself shows.
import { credentialStatus, daysLeft, type CredentialStatus } from '../../core/credential-status.ts';
import type { ResolvedCloud } from '../../core/cloud.ts';
import { HINT_LENGTH, matchProfileCredential } from '../../core/profile-credential-match.ts';
import type { Profile } from '../../core/profile.ts';
import { findApplication, type PasswordCredential } from '../../entra/graph/applications.ts';
import { readCertificateFacts } from '../../store/certificate-file.ts';
import { certificatePasswordAt } from '../../store/secret-keys.ts';
import type { AdminDeps } from '../admin/deps.ts';
import type { Interaction } from '../ports.ts';
import { openAdminSession } from '../admin/session.ts';

interface Expiry {
  daysLeft: number | null;
  /** 'unknown' when the end could not be found out. */
  status: CredentialStatus | 'unknown';
}

export interface SecretFacts extends Expiry {
  type: 'secret';
  keyId: string | null;
  hint: string | null;
  displayName: string | null;
  endDateTime: string | null;
  /** Where the key ID and end came from: the profile's record, the app (a hint match), or nowhere. */
  source: 'recorded' | 'app' | 'unknown';
  /** Why it is unknown, when it is. */
  note?: string;
}

export interface CertificateFacts extends Expiry {
  type: 'certificate';
  thumbprint: string;
  thumbprintSha256: string;
  subject: string;
  notAfter: string;
}

export type CredentialFacts = SecretFacts | CertificateFacts;

function expiry(end: string | null | undefined, now: Date): Expiry {
  if (!end) return { daysLeft: null, status: 'unknown' };
  return { daysLeft: daysLeft(end, now) ?? null, status: credentialStatus(end, now) };
}

/** The certificate of a Certificate profile (its password from the secret store); throws when it cannot be read. */
export async function certificateFacts(admin: Pick<AdminDeps, 'secrets'>, profile: Profile, now: Date): Promise<CertificateFacts | undefined> {
  const cert = profile.certificate;
  if (!cert) return undefined;
  const passwordAt = certificatePasswordAt(profile);
  const password = passwordAt && cert.hasPassword ? await (await admin.secrets()).get(passwordAt) : undefined;
  const facts = await readCertificateFacts(profile.name, cert.path, cert.format, password);
  const notAfter = facts.notAfter.toISOString();
  return { type: 'certificate', thumbprint: facts.thumbprint, thumbprintSha256: facts.thumbprintSha256, subject: facts.subject, notAfter, ...expiry(notAfter, now) };
}

/** The secret of a ClientSecret profile; `value` is the secret when it could be read (only its hint is kept). */
export async function secretFacts(admin: AdminDeps, profile: Profile, cloud: ResolvedCloud | undefined, value: string | undefined, now: Date): Promise<SecretFacts> {
  const hint = value && value.length >= HINT_LENGTH ? value.slice(0, HINT_LENGTH) : null;
  const recorded = profile.secret?.credential;
  if (recorded) {
    return { type: 'secret', keyId: recorded.keyId, hint, displayName: null, endDateTime: recorded.endDateTime ?? null, source: 'recorded', ...expiry(recorded.endDateTime, now) };
  }
  const unknown = (note: string): SecretFacts => ({ type: 'secret', keyId: null, hint, displayName: null, endDateTime: null, source: 'unknown', note, daysLeft: null, status: 'unknown' });
  if (!value) return unknown('the secret could not be read');
  const creds = cloud ? await appPasswordCredentialsQuietly(admin, profile, cloud) : undefined;
  if (!creds) return unknown(`entered by hand, and no saved admin session of tenant '${profile.tenant}' could read the app`);
  const match = matchProfileCredential(undefined, value, creds);
  if (match.how === 'ambiguous') return unknown(`${match.keyIds.length} of the app's secrets share this hint`);
  const found = match.how === 'hint' ? creds.find((c) => c.keyId === match.keyId) : undefined;
  if (!found) return unknown('no secret of the app has this hint');
  return { type: 'secret', keyId: found.keyId, hint, displayName: found.displayName, endDateTime: found.endDateTime, source: 'app', ...expiry(found.endDateTime, now) };
}

/**
 * The app's secrets through the saved admin session of the profile's tenant, if there is one that works
 * without signing in; undefined otherwise. Says nothing: a health check must not ask or warn about admin
 * sign-ins it does not need.
 */
async function appPasswordCredentialsQuietly(admin: AdminDeps, profile: Profile, cloud: ResolvedCloud): Promise<PasswordCredential[] | undefined> {
  const quiet: AdminDeps = { ...admin, interaction: SILENT };
  try {
    const handle = await openAdminSession(quiet, { tenant: profile.tenant, cloud, cloudName: profile.cloud }, undefined);
    if (!handle) return undefined;
    try {
      const app = await findApplication(await handle.graph(), profile.clientId, 'id,appId,passwordCredentials');
      return app?.passwordCredentials;
    } finally {
      handle.close();
    }
  } catch {
    return undefined; // an expired session, no permission, no network: the expiry is then unknown, not an error
  }
}

const refuse = async (): Promise<never> => {
  throw new Error('a health check asks nothing');
};

const SILENT: Interaction = {
  interactive: false, ask: refuse, confirm: refuse, choose: refuse,
  revealOnce: async () => false,
  notice: () => undefined, warn: () => undefined,
};
