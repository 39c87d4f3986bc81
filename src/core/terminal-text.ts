// Text from a tenant (app names, claims, error details) is data, not instructions for the terminal. A
// terminal acts on some characters instead of showing them: ESC starts escape sequences (colours, cursor
// moves, window titles, OSC 8 links), BEL rings, CR and BS overwrite what is already shown, the C1 controls
// U+0080–U+009F include one-byte CSI/OSC on some terminals, and the bidi overrides and isolates reorder
// what is shown (Trojan Source). These are shown escaped (\x1b, \u202e) wherever the CLI writes text; see
// docs/architecture.md ("Output"). Pure.

/** Characters a terminal may act on. Tab and newline are left to each caller (they are layout). */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_WITH_LAYOUT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same set less C0 (which JSON.stringify escapes itself): what may still be raw in JSON text. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');
const visible = (c: string) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);

export interface TerminalTextOptions {
  /** Keep line breaks (\n) and tabs, e.g. in a table cell or a message; otherwise they are escaped too. */
  keepLayout?: boolean;
}

/** `text` with every character a terminal would act on written as a visible escape (\x1b, \x9b, \u202e). */
export function terminalSafe(text: string, opts: TerminalTextOptions = { keepLayout: true }): string {
  return text.replace(opts.keepLayout ? UNSAFE : UNSAFE_WITH_LAYOUT, visible);
}

/** True when `text` holds a character that JSON.stringify leaves raw but a terminal acts on. */
export function hasRawAfterJson(text: string): boolean {
  return new RegExp(UNSAFE_IN_JSON.source).test(text);
}

/**
 * JSON text with the characters JSON.stringify leaves raw (DEL, C1, line separators, bidi controls) written
 * as \u escapes: still the same JSON value for any parser, and inert on a terminal. They can only occur
 * inside string literals, so a plain replacement is exact.
 */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}
