// Durations on the command line: --overlap 7d, --due 30d, --expiring-within 45d, --since 24h. A number with
// one unit (s, m, h, d, w); a bare number is days, since that is what every flag here counts in. Pure.
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds, or undefined when `text` is not a duration (the caller names its flag in the error). */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d{1,6})\s*([smhdw]?)\s*$/i.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[(m[2] || 'd').toLowerCase()]!;
}

/** Whole days of a duration, rounded up (for thresholds compared with days left). */
export function durationDays(ms: number): number {
  return Math.ceil(ms / UNIT_MS.d!);
}

export const DURATION_HELP = 'a number and a unit: 30s, 15m, 12h, 7d, 2w (a bare number is days)';
