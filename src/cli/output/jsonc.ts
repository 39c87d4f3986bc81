// -o jsonc: JSON coloured for a terminal (json-colorizer), the same text as -o json when colour is off
// (NO_COLOR, TERM=dumb, or stdout not a terminal). Loaded only when asked for.
import pc from 'picocolors';
import { escapeJsonText } from '../../core/terminal-text.ts';
import { jsonText } from '../../core/json-text.ts';
import { cjsExports } from './load-cjs.ts';

export async function jsoncText(value: unknown, color: boolean): Promise<string> {
  if (!color) return jsonText(value);
  const { colorize } = cjsExports(await import('json-colorizer'));
  const c = pc.createColors(true);
  // Our colours (the library's own follow process.stdout, not the stream we write to); string tokens are
  // escaped as -o json escapes them.
  const paint = (f: (s: string) => string, escape = false) => (t: string | number) => f(escape ? escapeJsonText(String(t)) : String(t));
  return `${colorize(JSON.stringify(value ?? null), {
    indent: 2,
    colors: {
      Whitespace: paint(String), Brace: paint(c.dim), Bracket: paint(c.dim), Colon: paint(c.dim), Comma: paint(c.dim),
      StringKey: paint(c.cyan, true), StringLiteral: paint(c.green, true), NumberLiteral: paint(c.yellow), BooleanLiteral: paint(c.magenta), NullLiteral: paint(c.dim),
    },
  })}\n`;
}
