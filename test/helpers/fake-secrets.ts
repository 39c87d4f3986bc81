// Client-secret-shaped values for tests, made at run time from parts so that no realistic-looking secret is
// ever committed (scanners would flag it; see docs/lifecycle.md "Leaked secrets"). gitleaks:allow
import { randomInt } from 'node:crypto';

const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-';
const MARK = ['Q', '~'].join('');

/** `n` random URL-unreserved characters. */
export function randomChars(n: number, alphabet = CHARS): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** A fake value in the current 40-character shape (hint + '8' + the marker + 34), with this hint if given. */
export function fakeCurrentSecret(hint = randomChars(3, CHARS.slice(0, 62))): string {
  return `${hint}8${MARK}${randomChars(34)}`;
}

/** A fake value in the previous 37-character shape. */
export function fakePreviousSecret(hint = randomChars(3, CHARS.slice(0, 62))): string {
  return `${hint}7${MARK}${randomChars(31)}`;
}

/** A fake legacy 34-character value (at least one '-' and a digit and a letter). */
export function fakeLegacySecret(): string {
  return `a1-${randomChars(31, CHARS.slice(0, 62))}`;
}
