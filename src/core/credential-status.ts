// How close a credential is to its end, the one rule every view shares (secret list, health, inventory,
// alerts): days left counted up (a credential ending in 13 days and 1 hour has 14 days left), and a status
// from the alert thresholds 45 / 30 / 14 days (docs/client-secrets.md "Status"). Pure: `now` is passed in.
import { parseSecretDisplayName } from './secret-naming.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The alert thresholds in days, nearest first. */
export const EXPIRY_THRESHOLDS = [14, 30, 45] as const;

export type CredentialStatus = 'expired' | 'expiring-14d' | 'expiring-30d' | 'expiring-45d' | 'ok' | 'no-expiry';

export const CREDENTIAL_STATUSES: readonly CredentialStatus[] = ['expired', 'expiring-14d', 'expiring-30d', 'expiring-45d', 'ok', 'no-expiry'];

/**
 * Whole days until `end`, rounded up: 0 or less means it has ended. undefined for no (or an unreadable) end.
 * Ending exactly 14 days from now is 14 days left, as is ending 13 days and 1 hour from now.
 */
export function daysLeft(end: string | Date | null | undefined, now: Date): number | undefined {
  const t = endTime(end);
  if (t === undefined) return undefined;
  const d = Math.ceil((t - now.getTime()) / DAY_MS);
  return d === 0 ? 0 : d; // no -0
}

export function credentialStatus(end: string | Date | null | undefined, now: Date): CredentialStatus {
  const d = daysLeft(end, now);
  if (d === undefined) return 'no-expiry';
  if (d <= 0) return 'expired';
  for (const limit of EXPIRY_THRESHOLDS) if (d <= limit) return `expiring-${limit}d` as CredentialStatus;
  return 'ok';
}

/** Whole days from start to end (the credential's lifetime), or undefined when either is missing. */
export function lifetimeDays(start: string | null | undefined, end: string | null | undefined): number | undefined {
  const s = endTime(start);
  const e = endTime(end);
  return s === undefined || e === undefined ? undefined : Math.round((e - s) / DAY_MS);
}

/** True when the name is EAC-EXP-DD-MMM-YY and names the day the credential ends (UTC). */
export function followsNamingConvention(name: string | null | undefined, end: string | null | undefined): boolean {
  const named = parseSecretDisplayName(name);
  const e = endTime(end);
  if (!named || e === undefined) return false;
  return new Date(e).toISOString().slice(0, 10) === named.toISOString().slice(0, 10);
}

/** True when `status` is within `days` of the end (or ended): for --expiring-within and --due. */
export function endsWithin(end: string | null | undefined, now: Date, days: number): boolean {
  const d = daysLeft(end, now);
  return d !== undefined && d <= days;
}

function endTime(v: string | Date | null | undefined): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** "in 3 hours", "in 14 days", "ended 2 days ago": how far the end is, in hours under a day (days are counted up). */
export function timeLeftText(end: string | Date | null | undefined, now: Date): string {
  const t = endTime(end);
  if (t === undefined) return 'no end';
  const ms = t - now.getTime();
  const plural = (v: number, unit: string) => `${v} ${unit}${v === 1 ? '' : 's'}`;
  if (ms <= 0) {
    const ago = Math.floor(-ms / DAY_MS);
    return ago === 0 ? 'ended today' : `ended ${plural(ago, 'day')} ago`;
  }
  return ms < DAY_MS ? `in ${plural(Math.max(1, Math.ceil(ms / 3_600_000)), 'hour')}` : `in ${plural(daysLeft(end, now)!, 'day')}`;
}
