// The command table. Each command wires its flags here and loads its implementation only when it runs,
// so `entra-auth-cli <anything>` pays only for the command it uses.
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from './version.ts';
import { processIo, type Io } from './io.ts';
import { CliError, EXIT } from './errors.ts';
import { redact } from '../core/redact.ts';

export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    return reportError(err, io);
  }
}

function buildProgram(io: Io): Command {
  const program = new Command('entra-auth-cli')
    .description('Manage Microsoft Entra ID application credentials, with a local Entra emulator for tests.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .addHelpText('after', `
Examples:
  $ entra-auth-cli demo                          # start an emulated tenant and get a token from it
  $ entra-auth-cli emulator start --port 8443    # run the emulator for your own tests
  $ eac emulator start --port 0 --json           # machine-readable connection info (eac is an alias)

Docs: README.md ("Run the emulator for your tests").`);

  const emulator = program.command('emulator').description('Run the local Entra ID emulator (identity platform, Graph, Key Vault).');
  emulator.command('start')
    .description('Start the emulator and keep it running until Ctrl+C (SIGINT) or SIGTERM.')
    .addOption(new Option('--port <n>', 'port to listen on; 0 picks a free one').default('8443'))
    .option('--host <address>', 'interface to listen on (loopback unless you ask)', '127.0.0.1')
    .option('--state-dir <dir>', 'persist tenant state, keys and the local CA here across restarts')
    .option('--seed <file>', 'tenant content from a JSON seed file (see docs/emulator-seed.md)')
    .option('--cert <file>', 'serve this PEM certificate instead of one from the local CA (with --key)')
    .option('--key <file>', 'private key (PEM) for --cert')
    .option('--json', 'print one JSON line with the connection info when ready')
    .addOption(new Option('--device-code-interval <seconds>', 'device-code polling interval to ask clients for').default('5'))
    .option('--verbose', 'log each request (method, path, status, time) to stderr')
    .option('--apps <n>', 'add N synthetic applications (with service principals, owners, credentials) to a fresh tenant')
    .option('--credentials-per-app <k>', 'secrets and certificates per synthetic application (default 2)')
    .option('--seed-random <s>', 'seed of the synthetic tenant: same seed, same tenant (default 1)')
    .option('--fault <rule>', "inject a fault: 'METHOD PATH [latency=MS] [error=500|503|504] [retry-after=S] [drop] [slow=BYTES/MS] [rate=P] [times=N]' (repeatable)", (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--throttle <service>', "throttle requests like the real service: 'graph' (3500 resource units per app per 10 s)")
    .option('--throttle-limit <n>', 'Graph resource units per app and tenant per 10 s (implies --throttle graph)')
    .addHelpText('after', `
Examples:
  $ entra-auth-cli emulator start
  $ entra-auth-cli emulator start --port 0 --json > emulator.json &
  $ entra-auth-cli emulator start --state-dir ./.emulator --seed tenant.json
  $ entra-auth-cli emulator start --apps 100000 --seed-random 7           # a large tenant
  $ entra-auth-cli emulator start --fault 'POST /v1.0/applications/*/addPassword error=503 rate=0.5' \\
      --fault '* /v1.0/* latency=200' --throttle graph
  $ export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)"   # trust the emulator first

Faults: in PATH a '*' segment matches one segment and a trailing '*' the rest; rate=P fires the rule on
that share of matching requests, times=N at most N times. Change them while the emulator runs with
GET / POST / DELETE https://127.0.0.1:PORT/_emulator/faults (JSON; loopback clients only).`)
    .action(async (opts) => (await import('./commands/emulator-start.ts')).emulatorStart(opts, io));
  emulator.command('ca')
    .description("Print the path of the emulator's local CA certificate, creating it if needed.")
    .option('--state-dir <dir>', 'the state dir the emulator will use (its CA lives in <dir>/tls)')
    .addHelpText('after', `
Examples:
  $ export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)"
  $ export REQUESTS_CA_BUNDLE="$(entra-auth-cli emulator ca)"   # Python / Azure CLI`)
    .action(async (opts) => (await import('./commands/emulator-ca.ts')).emulatorCa(opts, io));

  program.command('demo')
    .description('Start an emulated tenant, get a token from it through MSAL and show what is inside.')
    .addHelpText('after', `
Examples:
  $ npm run demo
  $ entra-auth-cli demo`)
    .action(async () => (await import('./commands/demo.ts')).demo(io));

  return program;
}

function reportError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    // Commander has already printed the message.
    return EXIT.usage;
  }
  if (err instanceof CliError) {
    io.err.write(`error: ${redact(err.message)}\n`);
    if (err.hint) io.err.write(`${redact(err.hint)}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  io.err.write(`error: unexpected ${e?.name ?? 'error'}: ${redact(e?.message ?? String(err))}\n`);
  if (io.env.EAC_DEBUG) io.err.write(`${redact(e?.stack ?? '')}\n`);
  else io.err.write('Run again with EAC_DEBUG=1 for details.\n');
  return EXIT.failure;
}
