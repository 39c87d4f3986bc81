// The shapes of Entra client-secret values, for `leak check` (docs/lifecycle.md "Leaked secrets"):
//   current   (40): 3 characters, the digit 8, `Q~`, 34 characters
//   previous  (37): 3 characters, the digit 7, `Q~`, 31 characters
//   legacy-32 / legacy-34: 32 or 34 characters with no marker, only when asked (--legacy): too many other
//     strings look like them, so they also need one of `- ~ _ .`, a letter and a digit.
// The characters are URL-unreserved (A-Z a-z 0-9 - . _ ~), as Microsoft's security-utilities rules
// SEC101/156 and SEC101/101 read them. A match must stand on its own: the boundaries are gitleaks' rule
// azure-ad-client-secret's (start of line, whitespace, quotes, backtick, `\ > = : ( , )` before; end of line,
// whitespace, quotes, backtick, `\ < ) ,` after), plus `;` after (connection strings: ClientSecret=…;).
// Like gitleaks, a match needs a Shannon entropy of at least 3 bits per character, so placeholders such as
// `xxx8Q~xxxx…` in docs are not reported. Pure: the caller passes text, gets positions; what is reported
// about a match is its hint (the first 3 characters, what Graph shows) and its length — never the value.

export type SecretFormat = 'current' | 'previous' | 'legacy-32' | 'legacy-34';

export interface SecretShape {
  /** Index of the first character in the text given. */
  index: number;
  length: number;
  /** The first three characters: what Graph shows of a password credential (passwordCredential.hint). */
  hint: string;
  format: SecretFormat;
}

const C = 'A-Za-z0-9_~.\\-';
const BEFORE = '(?<=^|[\\\\\'"`\\s>=:(,)])';
const AFTER = '(?=$|[\\\\\'"`\\s<),;])';
const IDENTIFIABLE = new RegExp(`${BEFORE}[${C}]{3}(?:8Q~[${C}]{34}|7Q~[${C}]{31})${AFTER}`, 'gm');
const LEGACY = new RegExp(`${BEFORE}(?:[${C}]{34}|[${C}]{32})${AFTER}`, 'gm');
const MIN_ENTROPY = 3;

/** Every client-secret-shaped value in `text`, in order; legacy shapes only when `legacy`. */
export function findSecretShapes(text: string, opts: { legacy?: boolean } = {}): SecretShape[] {
  const found: SecretShape[] = [];
  for (const m of text.matchAll(IDENTIFIABLE)) {
    if (entropy(m[0]) < MIN_ENTROPY) continue;
    found.push({ index: m.index, length: m[0].length, hint: m[0].slice(0, 3), format: m[0].length === 40 ? 'current' : 'previous' });
  }
  if (opts.legacy) {
    for (const m of text.matchAll(LEGACY)) {
      if (!isLegacyShaped(m[0])) continue;
      found.push({ index: m.index, length: m[0].length, hint: m[0].slice(0, 3), format: m[0].length === 34 ? 'legacy-34' : 'legacy-32' });
    }
    found.sort((a, b) => a.index - b.index);
  }
  return found;
}

/** Whether a whole value (stdin of `leak check`) has a client secret's shape. */
export function secretShapeOf(value: string, opts: { legacy?: boolean } = {}): SecretShape | undefined {
  const [only] = findSecretShapes(value, opts);
  return only && only.index === 0 && only.length === value.length ? only : undefined;
}

function isLegacyShaped(s: string): boolean {
  return /[-~_.]/.test(s) && /[A-Za-z]/.test(s) && /[0-9]/.test(s) && !/^.{3}[78]Q~/.test(s) && entropy(s) >= MIN_ENTROPY;
}

/** Shannon entropy in bits per character (gitleaks' measure). */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
