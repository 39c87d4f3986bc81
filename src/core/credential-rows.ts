// An app's credentials as one list of rows, the way `secret list` shows them (docs/lifecycle.md "secret list"):
// passwords and certificates of the app (and of its service principal), each with its days left, status and
// whether its name follows EAC-EXP-DD-MMM-YY. A certificate Graph lists twice, once for Sign and once for
// Verify with the same customKeyIdentifier (its thumbprint), is one row with usage "Sign+Verify". Sorted by
// end date, soonest first; no end date last. Pure: `now` is passed in; no value is ever part of a row.
import { credentialStatus, daysLeft, followsNamingConvention, type CredentialStatus } from './credential-status.ts';

export type CredentialOrigin = 'application' | 'servicePrincipal';

/** A password or key credential as Graph returns it (the fields a row needs). */
export interface GraphCredential {
  keyId: string;
  displayName: string | null;
  hint?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
  type?: string;
  usage?: string;
  customKeyIdentifier?: string | null;
}

export interface CredentialRow {
  origin: CredentialOrigin;
  name: string | null;
  keyId: string;
  /** The Sign entry's keyId of a certificate listed as Sign and Verify (keyId is the Verify one); else null. */
  pairedKeyId: string | null;
  hint: string | null;
  type: 'password' | 'certificate';
  /** Certificates: Verify, Sign or Sign+Verify; passwords: null. */
  usage: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  daysLeft: number | null;
  status: CredentialStatus;
  followsNamingConvention: boolean;
}

export function credentialRows(origin: CredentialOrigin, passwords: readonly GraphCredential[], keys: readonly GraphCredential[], now: Date): CredentialRow[] {
  const rows = passwords.map((p) => row(origin, p, 'password', null, null, now));
  const byThumbprint = new Map<string, GraphCredential[]>();
  const single: GraphCredential[] = [];
  for (const k of keys) {
    if (k.customKeyIdentifier) byThumbprint.set(k.customKeyIdentifier, [...(byThumbprint.get(k.customKeyIdentifier) ?? []), k]);
    else single.push(k);
  }
  for (const group of byThumbprint.values()) {
    const verify = group.find((k) => k.usage === 'Verify');
    const sign = group.find((k) => k.usage === 'Sign');
    // One certificate as Sign and Verify over the same period: one row. Anything else stays a row each.
    if (group.length === 2 && verify && sign && verify.endDateTime === sign.endDateTime) rows.push(row(origin, verify, 'certificate', 'Sign+Verify', sign.keyId, now));
    else single.push(...group);
  }
  for (const k of single) rows.push(row(origin, k, 'certificate', k.usage ?? null, null, now));
  return sortByEnd(rows);
}

function row(origin: CredentialOrigin, c: GraphCredential, type: CredentialRow['type'], usage: string | null, pairedKeyId: string | null, now: Date): CredentialRow {
  const end = c.endDateTime ?? null;
  return {
    origin, name: c.displayName ?? null, keyId: c.keyId, pairedKeyId, hint: c.hint ?? null, type, usage,
    startDateTime: c.startDateTime ?? null, endDateTime: end, daysLeft: daysLeft(end, now) ?? null, status: credentialStatus(end, now),
    followsNamingConvention: followsNamingConvention(c.displayName, end),
  };
}

/** Soonest end first; rows without an end last; ties by origin then keyId (a stable order for scripts). */
export function sortByEnd<R extends Pick<CredentialRow, 'endDateTime' | 'origin' | 'keyId'>>(rows: R[]): R[] {
  const t = (r: R) => (r.endDateTime ? Date.parse(r.endDateTime) : Number.POSITIVE_INFINITY);
  return rows.sort((a, b) => t(a) - t(b) || a.origin.localeCompare(b.origin) || a.keyId.localeCompare(b.keyId));
}

/** Whether the credential still works by its dates (not expired); no end date counts as valid. */
export function isValidCredential(r: Pick<CredentialRow, 'status'>): boolean {
  return r.status !== 'expired';
}
