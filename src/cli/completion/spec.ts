// What shell completion knows, read from commander's Command tree when `completion <shell>` runs, so a
// command or flag added later is covered without touching this folder. The shell generators turn this
// into their own syntax; only profile names are looked up at tab time (`__complete profiles`).
import type { Command, Option } from 'commander';

/** Values a flag or argument completes to: fixed words, or the profile names of profiles.json. */
export type ValueSource = { kind: 'words'; words: string[] } | { kind: 'profiles' };

export interface FlagSpec {
  /** Every spelling: ['-p', '--profile']. */
  names: string[];
  description: string;
  takesValue: boolean;
  values?: ValueSource;
}

export interface CommandSpec {
  /** Words after the program name: '' for the program, 'config use' for `config use`. */
  path: string;
  subcommands: { name: string; description: string }[];
  flags: FlagSpec[];
  /** Completion of the first positional argument, when it has one. */
  argument?: ValueSource;
}

/** The program names a completion script registers for (package.json "bin"). */
export const PROGRAM_NAMES = ['entra-auth-cli', 'eac'] as const;

/** Flags whose value is a profile name, wherever they appear. */
const PROFILE_FLAGS = new Set(['--profile']);
/** Commands whose first argument is a profile name. */
const PROFILE_ARGUMENTS = new Set(['config use']);

/** Every command of the tree, the program first, parents before children. */
export function completionSpec(program: Command): CommandSpec[] {
  const specs: CommandSpec[] = [];
  const walk = (cmd: Command, path: string) => {
    const help = cmd.createHelp();
    const subs = help.visibleCommands(cmd);
    const first = cmd.registeredArguments[0];
    const argument = PROFILE_ARGUMENTS.has(path) ? { kind: 'profiles' as const }
      : first?.argChoices ? { kind: 'words' as const, words: [...first.argChoices] } : undefined;
    specs.push({
      path,
      subcommands: subs.map((s) => ({ name: s.name(), description: summary(s.description()) })),
      flags: help.visibleOptions(cmd).map(flagSpec),
      ...(argument ? { argument } : {}),
    });
    for (const s of subs) if (s.name() !== 'help') walk(s, path ? `${path} ${s.name()}` : s.name());
  };
  walk(program, '');
  return specs;
}

function flagSpec(o: Option): FlagSpec {
  const names = [o.short, o.long].filter((n): n is string => Boolean(n));
  const takesValue = o.required || o.optional;
  const values: ValueSource | undefined = !takesValue ? undefined
    : o.long && PROFILE_FLAGS.has(o.long) ? { kind: 'profiles' }
    : o.argChoices ? { kind: 'words', words: [...o.argChoices] }
    : choicesInDescription(o.description);
  return { names, description: summary(o.description), takesValue, ...(values ? { values } : {}) };
}

/**
 * Our flags list their values at the start of the description: 'table | tsv | json (default: ...)' or
 * 'default flow: client-credentials | interactive | device-code'. Read
 * them from there when the option declares no commander choices, so `-o <TAB>` offers the formats.
 */
export function choicesInDescription(description: string): ValueSource | undefined {
  const word = String.raw`([A-Za-z][\w.-]*)(?: \([^)]*\))?`;
  // An optional lead-in ('default flow: a | b') and then the list.
  const list = new RegExp(String.raw`^(?:[a-z][a-z ]*: )?(${word}(?: \| ${word})+)(?=$|[ ,;.])`).exec(description);
  if (!list) return undefined;
  return { kind: 'words', words: list[1]!.split(' | ').map((piece) => piece.split(' ')[0]!) };
}

/** One line, short enough for a completion menu. */
function summary(text: string): string {
  const first = text.split('\n')[0]!.trim();
  return first.length > 80 ? `${first.slice(0, 79).trimEnd()}…` : first;
}

export interface Item { name: string; description: string }

/**
 * The lookup tables every script holds, keyed by command path ('path|flag' for flag values): what the
 * shell generators format, each in its own syntax.
 */
export interface CompletionTables {
  subcommands: [string, Item[]][];
  flags: [string, Item[]][];
  valueFlags: [string, string[]][];
  values: [string, ValueSource][];
  arguments: [string, ValueSource][];
}

export function completionTables(specs: CommandSpec[]): CompletionTables {
  return {
    subcommands: specs.map((s) => [s.path, s.subcommands]),
    flags: specs.map((s) => [s.path, s.flags.flatMap((f) => f.names.map((name) => ({ name, description: f.description })))]),
    valueFlags: specs.map((s) => [s.path, s.flags.filter((f) => f.takesValue).flatMap((f) => f.names)]),
    values: specs.flatMap((s) => s.flags.flatMap((f) => (f.values ? f.names.map((n): [string, ValueSource] => [`${s.path}|${n}`, f.values!]) : []))),
    arguments: specs.flatMap((s): [string, ValueSource][] => (s.argument ? [[s.path, s.argument]] : [])),
  };
}

/** How a shell writes the tables as functions of the command path (sh `case`, fish `switch`). */
export interface TableSyntax {
  /** A function `name` answering `body` for each key; with twoKeys the key is 'path|flag'. */
  fn(name: string, rows: [string, string][], twoKeys?: boolean): string;
  /** Code printing these items, one per line. */
  items(list: Item[]): string;
  /** The command that prints the profile names. */
  profiles: string;
}

/** The five lookup functions every sh-like script calls: __eac_subcommands, _flags, _value_flags, _values, _argument. */
export function tableFunctions(specs: CommandSpec[], syntax: TableSyntax): string {
  const words = (list: string[]) => syntax.items(list.map((name) => ({ name, description: '' })));
  const values = (source: ValueSource) => (source.kind === 'profiles' ? syntax.profiles : words(source.words));
  const t = completionTables(specs);
  return [
    syntax.fn('__eac_subcommands', t.subcommands.map(([k, v]) => [k, syntax.items(v)])),
    syntax.fn('__eac_flags', t.flags.map(([k, v]) => [k, syntax.items(v)])),
    syntax.fn('__eac_value_flags', t.valueFlags.map(([k, v]) => [k, words(v)])),
    syntax.fn('__eac_values', t.values.map(([k, v]) => [k, values(v)]), true),
    syntax.fn('__eac_argument', t.arguments.map(([k, v]) => [k, values(v)])),
  ].join('\n');
}
