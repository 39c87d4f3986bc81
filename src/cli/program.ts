// The command list. Each command file (commands/) owns its definition — words, flags, help — and its
// run(options, factory); this file lists them in the order the help shows them and adds what is global:
// --version, error reporting, and the check for secrets an interrupted run left behind. A command's heavy
// code loads only when it runs (scripts/build.mjs checks that this file's static imports stay light), so
// `entra-auth-cli <anything>` pays only for the command it uses.
import { Command, CommanderError } from 'commander';
import { VERSION } from './version.ts';
import { processIo, type Io } from './io.ts';
import { CliError, EXIT } from './errors.ts';
import { redact } from '../core/redact.ts';
import { terminalSafe } from '../core/terminal-text.ts';
import { ActionableError } from '../core/actionable-error.ts';
import { UnusableDirError } from '../shared/files.ts';
import { addCommands, type AnyCommand } from './define-command.ts';
import type { Factory } from './factory.ts';
import { command as config } from './commands/config/group.ts';
import { command as configCreate } from './commands/config/create.ts';
import { command as configEdit } from './commands/config/edit.ts';
import { command as configList } from './commands/config/list.ts';
import { command as configShow } from './commands/config/show.ts';
import { command as configDelete } from './commands/config/delete.ts';
import { command as configUse } from './commands/config/use.ts';
import { command as configExport } from './commands/config/export.ts';
import { command as configImport } from './commands/config/import.ts';
import { command as getToken } from './commands/get-token.ts';
import { command as inspect } from './commands/inspect.ts';
import { command as discover } from './commands/discover.ts';
import { command as login } from './commands/login.ts';
import { command as logout } from './commands/logout.ts';
import { command as whoami } from './commands/whoami.ts';
import { command as secret } from './commands/secret/group.ts';
import { command as secretCreate } from './commands/secret/create.ts';
import { command as inventory } from './commands/inventory/group.ts';
import { command as inventoryScan } from './commands/inventory/scan.ts';
import { command as completion } from './commands/completion.ts';
import { command as emulator } from './commands/emulator/group.ts';
import { command as emulatorStart } from './commands/emulator/start.ts';
import { command as emulatorCa } from './commands/emulator/ca.ts';
import { command as demo } from './commands/demo.ts';

/** Every command, a group before its subcommands, in the order the help lists them. */
export const COMMANDS: readonly AnyCommand[] = [
  config, configCreate, configEdit, configList, configShow, configDelete, configUse, configExport, configImport,
  getToken, inspect, discover, login, logout, whoami,
  secret, secretCreate,
  inventory, inventoryScan,
  completion,
  emulator, emulatorStart, emulatorCa,
  demo,
];

export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  const factory = lazyFactory(io);
  const program = buildProgram(io, factory);
  try {
    await recoverInterruptedSecretCreations(io, factory);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    return reportError(err, io);
  }
}

/**
 * The program with every command. Each run gets the factory (cli/factory.ts, loaded on first use; a test
 * passes its own to run commands in-process through the real parser).
 */
export function buildProgram(io: Io, factory: () => Promise<Factory> = lazyFactory(io)): Command {
  const program = new Command('entra-auth-cli')
    .description('Manage Microsoft Entra ID application credentials, with a local Entra emulator for tests.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    // Commander echoes what was typed (an unknown command may be a pasted secret): through redact() too.
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(safe(s)) })
    .addHelpText('after', `
Examples:
  $ entra-auth-cli demo                          # start an emulated tenant and get a token from it
  $ entra-auth-cli emulator start --port 8443    # run the emulator for your own tests
  $ eac emulator start --port 0 --json           # machine-readable connection info (eac is an alias)

Docs: README.md ("Run the emulator for your tests").`);
  addCommands(program, COMMANDS, async (def, options) => def.run!(options, await factory(), { program }));
  return program;
}

/** One factory per run, made when a command first needs it (--help never does). */
function lazyFactory(io: Io): () => Promise<Factory> {
  let made: Promise<Factory> | undefined;
  return () => (made ??= import('./factory.ts').then(({ createFactory }) => createFactory(io)));
}

/**
 * Before every command: secrets an interrupted `secret create` left in Graph without their value (see
 * store/journal.ts) are removed again, or the user is told what is left. One readdir when the journal is
 * empty; the recovery code loads only when there is something to recover. (--version and the get-token fast
 * path never come here.)
 */
async function recoverInterruptedSecretCreations(io: Io, factory: () => Promise<Factory>): Promise<void> {
  const [{ hasJournalEntries }, { appPaths }] = await Promise.all([import('../app/secret/journal-check.ts'), import('../store/paths.ts')]);
  if (!hasJournalEntries(appPaths(io.env))) return;
  try {
    const [{ recoverAbandonedSecrets }, { adminDeps }] = await Promise.all([import('../app/secret/recover.ts'), import('./admin-deps.ts')]);
    await recoverAbandonedSecrets(adminDeps(await factory()));
  } catch (err) {
    io.err.write(`warning: could not check for secrets an interrupted run left behind: ${redact((err as Error)?.message ?? String(err))}\n`);
  }
}

/** What goes to stderr: redacted, and terminal-safe (a message may quote a name from the tenant or argv). */
function safe(text: string): string {
  return terminalSafe(redact(text));
}

function reportError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    // Commander has already printed the message.
    return EXIT.usage;
  }
  // Errors from store/, entra/ and core/ that already say what to do: shown like a CliError, never as "unexpected".
  if (err instanceof ActionableError) {
    io.err.write(`error: ${safe(err.message)}\n`);
    if (err.hint) io.err.write(`${safe(err.hint)}\n`);
    return err.exitCode;
  }
  // A folder of ours (EAC_HOME, a state dir) that cannot be made: its path and why, never "unexpected".
  if (err instanceof UnusableDirError) {
    io.err.write(`error: ${safe(err.message)}\n`);
    io.err.write('Check EAC_HOME (or HOME) and the folder\'s permissions.\n');
    return EXIT.failure;
  }
  if (err instanceof CliError) {
    io.err.write(`error: ${safe(err.message)}\n`);
    if (err.hint) io.err.write(`${safe(err.hint)}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  io.err.write(`error: unexpected ${e?.name ?? 'error'}: ${safe(e?.message ?? String(err))}\n`);
  if (io.env.EAC_DEBUG) io.err.write(`${safe(e?.stack ?? '')}\n`);
  else io.err.write('Run again with EAC_DEBUG=1 for details.\n');
  return EXIT.failure;
}
