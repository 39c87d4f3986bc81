// `emulator start`: run the emulator in the foreground until SIGINT/SIGTERM.
import { startEmulator, type EmulatorInfo } from '../../emulator/index.ts';
import { SeedError } from '../../emulator/state/seed.ts';
import { StateFileError } from '../../emulator/state/store.ts';
import { CliError, UsageError } from '../errors.ts';
import { line, paint, type Io } from '../io.ts';
import { emulatorConnectionFile } from '../../shared/paths.ts';

export interface EmulatorStartOptions {
  port: string;
  host: string;
  stateDir?: string;
  seed?: string;
  cert?: string;
  key?: string;
  json?: boolean;
  deviceCodeInterval: string;
  verbose?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function emulatorStart(opts: EmulatorStartOptions, io: Io): Promise<void> {
  const port = integer(opts.port, '--port', 0, 65535);
  const interval = integer(opts.deviceCodeInterval, '--device-code-interval', 1, 60);
  if (Boolean(opts.cert) !== Boolean(opts.key)) throw new UsageError('--cert and --key go together: give both or neither.');
  if (!LOOPBACK.has(opts.host)) line(io.err, `warning: listening on ${opts.host}: other machines on your network can reach this emulator.`);

  let emu;
  try {
    emu = await startEmulator({
      port, host: opts.host, stateDir: opts.stateDir, seed: opts.seed, certFile: opts.cert, keyFile: opts.key,
      deviceCodeInterval: interval, log: opts.verbose ? (l) => line(io.err, l) : undefined,
      connectionFile: emulatorConnectionFile(io.env),
    });
  } catch (err) {
    throw translateStartError(err, opts);
  }

  if (opts.json) line(io.out, JSON.stringify(emu.info));
  else printHuman(emu.info, opts, io);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (!opts.json) line(io.err, `\n${signal}: stopping the emulator...`);
      void emu.stop().then(resolve);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got '${value}').`);
  return n;
}

function translateStartError(err: unknown, opts: EmulatorStartOptions): Error {
  if (err instanceof SeedError || err instanceof StateFileError) return new CliError(err.message);
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') return new CliError(`Port ${opts.port} on ${opts.host} is already in use.`, 1, 'Pick another with --port N, or --port 0 for a free one.');
  // File-system errors carry a path; listen errors do not (an EACCES on the state dir is not a port problem).
  if (e?.path && ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR'].includes(e.code ?? '')) {
    return new CliError(`Cannot use ${e.path} (${e.code}).`, 1, opts.stateDir ? 'Check that --state-dir names a directory you can write to.' : undefined);
  }
  if (e?.code === 'EACCES') return new CliError(`Not allowed to listen on ${opts.host}:${opts.port}.`, 1, 'Ports below 1024 need privileges; pick a higher --port.');
  if (e?.code === 'EADDRNOTAVAIL') return new CliError(`${opts.host} is not an address of this machine.`, 1, 'Use --host 127.0.0.1 (default) or one of this machine\'s addresses.');
  if (e?.code === 'ENOENT' && e.path) return new CliError(`File not found: ${e.path}`);
  if (/PEM|certificate|key/i.test(e?.message ?? '') && (opts.cert || opts.key)) return new CliError(`Cannot use --cert/--key: ${e.message}`);
  return err as Error;
}

function printHuman(info: EmulatorInfo, opts: EmulatorStartOptions, io: Io): void {
  const c = paint(io);
  const rows: [string, string][] = [
    ['Authority host', info.authorityHost],
    ['Tenant', `${info.tenantDomain} (${info.tenantId})`],
    ['Graph', `${info.graphBaseUrl}/v1.0`],
    ['Key Vault', info.keyVaultUrl],
    ['Bootstrap app', info.bootstrap.clientId],
    ['Bootstrap secret', `${info.bootstrap.clientSecret}  ${c.dim('(shown once; a new one on every start)')}`],
    ...info.users.map((u, i): [string, string] => [i === 0 ? 'Users' : '', `${u.userPrincipalName}${u.roles.length ? ` (${u.roles.join(', ')})` : ''}`]),
  ];
  line(io.out, c.green(c.bold('Entra emulator ready')));
  for (const [k, v] of rows) line(io.out, `  ${k.padEnd(17)}${v}`);
  line(io.out);
  if (info.caCertPath) {
    line(io.out, 'Trust its CA in the shells that run your clients:');
    line(io.out, `  export NODE_EXTRA_CA_CERTS="${info.caCertPath}"`);
    line(io.out, `  export REQUESTS_CA_BUNDLE="${info.caCertPath}"   ${c.dim('# Python, Azure CLI')}`);
  }
  line(io.out, opts.stateDir ? `State is saved in ${opts.stateDir}.` : c.dim('State lives in memory; use --state-dir DIR to keep it across restarts.'));
  line(io.err, c.dim('Press Ctrl+C to stop.'));
}
