// The name and lifetime of a secret entra-auth-cli creates: displayName EAC-EXP-DD-MMM-YY, the expiry date
// in UTC with the month upper-case (EAC-EXP-30-JUL-26), valid 180 days unless asked otherwise. Pure:
// `now` is passed in, never read.

export const DEFAULT_SECRET_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export interface SecretPlan {
  displayName: string;
  startDateTime: Date;
  endDateTime: Date;
  days: number;
}

export function secretDisplayName(expiry: Date): string {
  const dd = String(expiry.getUTCDate()).padStart(2, '0');
  const yy = String(expiry.getUTCFullYear() % 100).padStart(2, '0');
  return `EAC-EXP-${dd}-${MONTHS[expiry.getUTCMonth()]}-${yy}`;
}

/** Reads EAC-EXP-DD-MMM-YY back into the expiry date it names (UTC midnight), or undefined. */
export function parseSecretDisplayName(name: string | null | undefined): Date | undefined {
  const m = /^EAC-EXP-(\d{2})-([A-Z]{3})-(\d{2})$/.exec(name ?? '');
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!);
  if (month < 0) return undefined;
  const d = new Date(Date.UTC(2000 + Number(m[3]), month, Number(m[1])));
  return d.getUTCMonth() === month ? d : undefined;
}

export function planSecret(now: Date, days = DEFAULT_SECRET_DAYS): SecretPlan {
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new RangeError(`A secret lives 1 to 3650 days (got ${days}).`);
  const endDateTime = new Date(now.getTime() + days * DAY_MS);
  return { displayName: secretDisplayName(endDateTime), startDateTime: now, endDateTime, days };
}

/** Whole days a policy's ISO 8601 maxLifetime allows (P90D -> 90, P1Y -> 365), or undefined if unreadable. */
export function maxLifetimeDays(iso: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m || iso === 'P') return undefined;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const seconds = ((y! * 365 + mo! * 30 + w! * 7 + d!) * 24 + h!) * 3600 + mi! * 60 + s!;
  return Math.floor(seconds / 86400);
}
