// How a created secret is described to people and scripts: the expiry in the viewer's zone with the days it
// lives ("30 Jul 2026 14:05 CEST (180 days)"), and the JSON shape of `secret create -o json`. Pure: `now`
// and the zone are passed in; the value is included in JSON only when asked.

const DAY_MS = 86_400_000;

/** Whole days from `now` to `end`, rounded (a 180-day secret shows 180 even a few seconds later). */
export function daysUntil(end: Date, now: Date): number {
  return Math.round((end.getTime() - now.getTime()) / DAY_MS);
}

/** "30 Jul 2026 14:05 GMT+2 (180 days)": local date and time with the zone, then the lifetime in days. */
export function expiryText(end: Date, now: Date, zone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
  }).formatToParts(end);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  const days = daysUntil(end, now);
  return `${p('day')} ${p('month')} ${p('year')} ${p('hour')}:${p('minute')} ${p('timeZoneName')} (${days} ${Math.abs(days) === 1 ? 'day' : 'days'})`;
}

export interface CreatedSecretFacts {
  application: string;
  appId: string;
  displayName: string;
  keyId: string;
  endDateTime: string;
  days: number;
  storedIn: unknown;
}

/** The -o json document: the facts, and secretText only when showSecret. */
export function createdSecretJson(f: CreatedSecretFacts, secretText: string | undefined): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    application: f.application, appId: f.appId, displayName: f.displayName, keyId: f.keyId, endDateTime: f.endDateTime, days: f.days, storedIn: f.storedIn,
  };
  if (secretText !== undefined) doc.secretText = secretText;
  return doc;
}
