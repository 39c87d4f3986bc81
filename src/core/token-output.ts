// What `get-token` prints, in one place, so the full command and the cache fast path (cli/get-token-fast.ts)
// print byte-identical output: raw (the token and a newline, for $(...)), json, and the facts shown in the
// TTY panel. Pure: `now` and the display zone are passed in.
import { formatTime } from './claims.ts';
import { jwtClaims } from './jwt.ts';
import { jsonText } from './json-text.ts';
import { OUTPUT_FORMATS, type OutputFormat } from './output-formats.ts';

/** get-token's -o: raw (the token alone) and the shared formats. */
export const TOKEN_FORMATS = ['raw', ...OUTPUT_FORMATS] as const;
export type TokenFormat = 'raw' | OutputFormat;

export interface TokenView {
  accessToken: string;
  expiresOn: Date;
  tokenType: string;
  /** The tenant the token was issued by (its tid claim), else the profile's tenant. */
  tenant: string;
  scopes: string[];
  fromCache: boolean;
}

/** Default minutes before expiry at which get-token warns. */
export const DEFAULT_WARN_MINUTES = 5;

/** The -o value, or the default: the panel on a terminal, the bare token when piped (so $(...) just works). */
export function resolveTokenFormat(value: string | undefined, stdoutIsTty: boolean): TokenFormat | undefined {
  if (value === undefined) return stdoutIsTty ? 'table' : 'raw';
  return (TOKEN_FORMATS as readonly string[]).includes(value) ? (value as TokenFormat) : undefined;
}

/** --warn-minutes: a whole number of minutes, 0 or more; undefined when it is not one. */
export function parseWarnMinutes(value: string | undefined): number | undefined {
  if (value === undefined) return DEFAULT_WARN_MINUTES;
  return /^\d{1,6}$/.test(value) ? Number(value) : undefined;
}

/** The tid claim of a JWT access token, without verifying it; `fallback` for opaque tokens. */
export function tenantOfToken(accessToken: string, fallback: string): string {
  const { tid } = jwtClaims(accessToken);
  return typeof tid === 'string' && tid ? tid : fallback;
}

/** Scopes as MSAL reports them (space-separated target), trimmed and without duplicates. */
export function scopesFromTarget(target: string | string[]): string[] {
  const list = (Array.isArray(target) ? target : target.split(' ')).map((s) => s.trim()).filter(Boolean);
  return [...new Set(list)];
}

export function tokenJson(v: TokenView): Record<string, unknown> {
  return {
    accessToken: v.accessToken,
    expiresOn: v.expiresOn.toISOString(),
    expires_on: Math.floor(v.expiresOn.getTime() / 1000),
    tokenType: v.tokenType,
    tenant: v.tenant,
    scopes: v.scopes,
    fromCache: v.fromCache,
  };
}

export function renderRaw(v: TokenView): string {
  return `${v.accessToken}\n`;
}

export function renderJson(v: TokenView): string {
  return jsonText(tokenJson(v));
}

/** Whole minutes left (rounded down; negative once expired). */
export function minutesLeft(v: TokenView, now: Date): number {
  return Math.floor((v.expiresOn.getTime() - now.getTime()) / 60_000);
}

/** The stderr warning when the token expires within `warnMinutes`, else undefined. */
export function expiryWarning(v: TokenView, now: Date, warnMinutes: number, zone?: string): string | undefined {
  const ms = v.expiresOn.getTime() - now.getTime();
  if (ms > warnMinutes * 60_000) return undefined;
  const left = ms <= 0 ? 'has expired' : `expires in ${Math.max(0, minutesLeft(v, now))} min`;
  return `warning: this token ${left} (${formatTime(v.expiresOn, zone)}); run with --force-refresh for a new one.`;
}

export interface TokenFact { label: string; value: string }

/** The rows of the TTY table: type, expiry in the viewer's zone and UTC, minutes left, scopes, cache. */
export function tokenFacts(v: TokenView, now: Date, zone?: string): TokenFact[] {
  return [
    { label: 'Type', value: v.tokenType },
    { label: 'Expires (local)', value: formatTime(v.expiresOn, zone) },
    { label: 'Expires (UTC)', value: formatTime(v.expiresOn, 'UTC') },
    { label: 'Minutes left', value: String(minutesLeft(v, now)) },
    { label: 'Scopes', value: v.scopes.join(' ') },
    { label: 'Tenant', value: v.tenant },
    { label: 'From cache', value: v.fromCache ? 'yes' : 'no' },
  ];
}
