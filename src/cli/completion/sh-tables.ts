// The command tree as `case` tables, for the shells of the sh family (bash and zsh read them alike).
// Each table is a function of the command path ('' for the program, 'config use', ...).
import { tableFunctions, type CommandSpec, type Item } from './spec.ts';

/** A word in single quotes, safe for any shell of the sh family. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface ShTableStyle {
  /** How to print words, one per line: `printf '%s\n'` (bash) or `print -rl --` (zsh). */
  print: string;
  /** zsh shows 'name:description' in its menus; bash shows names only. */
  described: boolean;
}

/** `name() { case "$1" in 'key') body ;; ... esac }`; the key is "$1" or, with two arguments, "$1|$2". */
function caseFunction(name: string, rows: [string, string][], twoKeys = false): string {
  const body = rows.map(([key, run]) => `    ${shellQuote(key)}) ${run} ;;`).join('\n');
  return `${name}() {\n  case ${twoKeys ? '"$1|$2"' : '"$1"'} in\n${body}\n  esac\n}`;
}

/** The table functions __eac_subcommands, __eac_flags, __eac_value_flags, __eac_values, __eac_argument. */
export function shTables(specs: CommandSpec[], style: ShTableStyle): string {
  const say = (words: string[]) => (words.length ? `${style.print} ${words.map(shellQuote).join(' ')}` : ':');
  const items = (list: Item[]) => say(list.map((i) => (style.described && i.description ? `${i.name}:${i.description}` : i.name)));
  return tableFunctions(specs, { fn: caseFunction, items, profiles: '__eac_profiles' });
}
