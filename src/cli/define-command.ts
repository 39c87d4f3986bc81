// One shape for every command (docs/architecture.md, "The command shape"): a command file exports
// `command = defineCommand({...})` — the words that call it, its flags, arguments and help — with its
// `run(options, factory)`, and program.ts is the list of these. A definition is plain data turned into
// commander's Command here, so help, suggestions and shell completion (which reads commander's tree) work
// as before, and a command file's static imports stay light: run loads the heavy parts when it runs.
import { Argument, Command, Option } from 'commander';
import type { Factory } from './factory.ts';
import type { OutputSpec } from './output/formats.ts';
import { withOutput } from './output/option.ts';

/** A flag in commander's syntax: '-p, --profile <name>', '--no-browser', '--days <n>'. */
export interface Flag {
  flags: string;
  description: string;
  /** Shown in the help as (default: "…"). */
  default?: string;
  /** Each use adds a value to a list (--scope a --scope b). */
  repeatable?: boolean;
}

/** A positional argument: '<shell>' (required) or '[token]' (optional). run gets it by name among its options. */
export interface Arg {
  syntax: string;
  description: string;
  choices?: readonly string[];
}

/** What run gets besides its options and the factory: the command tree (completion writes its scripts from it). */
export interface Invocation {
  program: Command;
}

export interface CommandDefinition<O = never> {
  /** The words that call it: 'get-token', or a group's words then its own ('config create'). */
  name: string;
  description: string;
  /** -o (these formats) and --query, listed before the other flags; `purpose` leads the -o help. */
  output?: { spec: OutputSpec<string>; purpose?: string };
  args?: readonly Arg[];
  flags?: readonly Flag[];
  /** Help after the flags: notes, then examples. */
  help?: string;
  /** What it does. A group (config, secret, emulator) has none: it only holds its subcommands. */
  run?: (options: O, f: Factory, cli: Invocation) => Promise<void> | void;
}

// `any` so a list of commands with different options types is one array; each run is checked where it is defined.
export type AnyCommand = CommandDefinition<any>;

export function defineCommand<O>(def: CommandDefinition<O>): CommandDefinition<O> {
  return def;
}

export function flag(flags: string, description: string, more: Pick<Flag, 'default' | 'repeatable'> = {}): Flag {
  return { flags, description, ...more };
}

export function argument(syntax: string, description: string, choices?: readonly string[]): Arg {
  return { syntax, description, ...(choices ? { choices } : {}) };
}

/** The options key an argument arrives under: '<shell>' → 'shell'. */
export function argName(a: Arg): string {
  return a.syntax.replace(/^[<[]|(\.\.\.)?[>\]]$/g, '');
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

function option(f: Flag): Option {
  const o = new Option(f.flags, f.description);
  if (f.repeatable) o.argParser(collect);
  if (f.default !== undefined) o.default(f.default);
  return o;
}

/**
 * Adds the commands to `program`, in the order given (their help lists them so): a group before its
 * subcommands. `run` is called with the parsed options and arguments of the one that is asked for.
 */
export function addCommands(program: Command, defs: readonly AnyCommand[], run: (def: AnyCommand, options: Record<string, unknown>) => Promise<void>): void {
  for (const def of defs) {
    const words = def.name.split(' ');
    const parent = words.slice(0, -1).reduce((cmd, w) => {
      const found = cmd.commands.find((c) => c.name() === w);
      if (!found) throw new Error(`'${def.name}' comes before its group '${w}' in the command list`);
      return found;
    }, program);
    const cmd = toCommand(parent.command(words.at(-1)!), def);
    if (def.run) {
      cmd.action(async (...values: unknown[]) => {
        const args = Object.fromEntries((def.args ?? []).map((a, i) => [argName(a), values[i]]));
        await run(def, { ...cmd.opts(), ...args });
      });
    }
  }
}

function toCommand(cmd: Command, def: AnyCommand): Command {
  if (def.output) withOutput(cmd, def.output.spec, def.output.purpose);
  cmd.description(def.description);
  for (const a of def.args ?? []) {
    const arg = new Argument(a.syntax, a.description);
    cmd.addArgument(a.choices ? arg.choices(a.choices) : arg);
  }
  for (const f of def.flags ?? []) cmd.addOption(option(f));
  if (def.help) cmd.addHelpText('after', def.help);
  return cmd;
}
