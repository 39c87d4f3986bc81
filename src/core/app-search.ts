// What `discover -s PATTERN` asks Microsoft Graph for, and how a found app's credentials read. Pure: the
// clock is passed in.
//   MyApp*   -> $filter=startswith(displayName,'MyApp')
//   *App*    -> $search="displayName:App" (Graph's word-prefix search; needs ConsistencyLevel: eventual)
//   My App   -> $filter=displayName eq 'My App'
//   *        -> every app registration
// Single quotes are doubled inside OData string literals ('Bob''s App').
import { daysUntil } from './secret-display.ts';

export type AppQuery =
  | { kind: 'all' }
  | { kind: 'startswith'; text: string; filter: string }
  | { kind: 'search'; text: string; search: string }
  | { kind: 'eq'; text: string; filter: string };

export class AppPatternError extends Error {}

/** An OData string literal: quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function appQuery(pattern: string): AppQuery {
  if (pattern.trim() === '') throw new AppPatternError('The search pattern is empty: give a name, a prefix like MyApp*, or a word like *App*.');
  if (/^\*+$/.test(pattern)) return { kind: 'all' };
  const leading = pattern.startsWith('*');
  const trailing = pattern.endsWith('*');
  const text = pattern.replace(/^\*+/, '').replace(/\*+$/, '');
  if (text.includes('*')) {
    throw new AppPatternError(`'${pattern}': a '*' may only begin or end the pattern (MyApp* for names starting with MyApp, *App* for names containing the word App, or an exact name).`);
  }
  if (leading) {
    // $search takes "property:text" in double quotes; Graph has no escape for a quote inside it.
    if (text.includes('"')) throw new AppPatternError(`'${pattern}': a word search (*…*) cannot contain a double quote; search for the exact name or a prefix (MyApp*) instead.`);
    return { kind: 'search', text, search: `"displayName:${text}"` };
  }
  if (trailing) return { kind: 'startswith', text, filter: `startswith(displayName,${odataString(text)})` };
  return { kind: 'eq', text, filter: `displayName eq ${odataString(text)}` };
}

export function describeQuery(q: AppQuery): string {
  switch (q.kind) {
    case 'all': return 'every app registration';
    case 'startswith': return `apps whose name starts with '${q.text}'`;
    case 'search': return `apps with a word starting with '${q.text}' in their name`;
    case 'eq': return `apps named '${q.text}'`;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 30 Jul 2026 (the UTC date, as secret names use). */
export function shortDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${String(d.getUTCDate()).padStart(2, '0')} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export interface CredentialExpiry {
  displayName: string | null;
  keyId: string;
  endDateTime: string;
  daysLeft: number;
  expired: boolean;
}

export function credentialExpiry(c: { displayName: string | null; keyId: string; endDateTime: string }, now: Date): CredentialExpiry {
  const left = daysUntil(new Date(c.endDateTime), now);
  return { displayName: c.displayName, keyId: c.keyId, endDateTime: c.endDateTime, daysLeft: left, expired: Date.parse(c.endDateTime) <= now.getTime() };
}

/** "EAC-EXP-30-JUL-26 30 Jul 2026 (180 days left)" / "old expired 01 Jan 2025 (12 days ago)". */
export function describeExpiry(c: CredentialExpiry): string {
  const name = c.displayName || `(no name, ${c.keyId.slice(0, 8)})`;
  if (c.expired) return `${name} expired ${shortDate(c.endDateTime)} (${-c.daysLeft} day${c.daysLeft === -1 ? '' : 's'} ago)`.replace('(0 days ago)', '(today)');
  return `${name} ${shortDate(c.endDateTime)} (${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'} left)`;
}

/** A profile-name suggestion from an app's display name: "Contoso Orders API" -> "contoso-orders-api". */
export function profileNameFor(displayName: string): string {
  const slug = displayName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '').replace(/-{2,}/g, '-');
  return slug.slice(0, 64).replace(/[-._]+$/, '') || 'app';
}
