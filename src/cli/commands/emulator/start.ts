// `emulator start`: run the emulator in the foreground until SIGINT/SIGTERM. The emulator's code loads
// inside run (loadEmulator), not with the command table.
import type { EmulatorInfo } from '../../../emulator/index.ts';
import type { FaultRule } from '../../../emulator/faults.ts';
import type { ThrottleOptions } from '../../../emulator/graph/throttle.ts';
import { emulatorCaDir, emulatorConnectionFile } from '../../../store/paths.ts';
import { defineCommand, flag } from '../../define-command.ts';
import { CliError, UsageError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line, paint, type Io } from '../../io.ts';

export const command = defineCommand({
  name: 'emulator start',
  description: 'Start the emulator and keep it running until Ctrl+C (SIGINT) or SIGTERM.',
  flags: [
    flag('--port <n>', 'port to listen on; 0 picks a free one', { default: '8443' }),
    flag('--host <address>', 'interface to listen on (loopback unless you ask)', { default: '127.0.0.1' }),
    flag('--state-dir <dir>', 'persist tenant state, keys and the local CA here across restarts'),
    flag('--seed <file>', 'tenant content from a JSON seed file (see docs/emulator-seed.md)'),
    flag('--cert <file>', 'serve this PEM certificate instead of one from the local CA (with --key)'),
    flag('--key <file>', 'private key (PEM) for --cert'),
    flag('--json', 'print one JSON line with the connection info when ready'),
    flag('--device-code-interval <seconds>', 'device-code polling interval to ask clients for', { default: '5' }),
    flag('--verbose', 'log each request (method, path, status, time) to stderr'),
    flag('--apps <n>', 'add N synthetic applications (with service principals, owners, credentials) to a fresh tenant'),
    flag('--credentials-per-app <k>', 'secrets and certificates per synthetic application (default 2)'),
    flag('--seed-random <s>', 'seed of the synthetic tenant: same seed, same tenant (default 1)'),
    flag('--fault <rule>', "inject a fault: 'METHOD PATH [latency=MS] [error=500|503|504] [retry-after=S] [drop] [slow=BYTES/MS] [rate=P] [times=N]' (repeatable)", { repeatable: true }),
    flag('--throttle <service>', "throttle requests like the real service: 'graph' (3500 resource units per app per 10 s)"),
    flag('--throttle-limit <n>', 'Graph resource units per app and tenant per 10 s (implies --throttle graph)'),
  ],
  help: `
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
GET / POST / DELETE https://127.0.0.1:PORT/_emulator/faults (JSON; loopback clients only).`,
  run,
});

/** The emulator's code, loaded when the command runs. */
async function loadEmulator() {
  const [index, seed, store, faults, synthetic, stateDir] = await Promise.all([
    import('../../../emulator/index.ts'), import('../../../emulator/state/seed.ts'), import('../../../emulator/state/store.ts'),
    import('../../../emulator/faults.ts'), import('../../../emulator/state/synthetic.ts'), import('../../../emulator/state/state-dir.ts'),
  ]);
  return {
    startEmulator: index.startEmulator, SeedError: seed.SeedError, StateFileError: store.StateFileError,
    FaultRuleError: faults.FaultRuleError, parseFaultRule: faults.parseFaultRule, formatFaultRule: faults.formatFaultRule,
    SYNTHETIC_LIMITS: synthetic.SYNTHETIC_LIMITS, StateDirError: stateDir.StateDirError,
  };
}
type Emulator = Awaited<ReturnType<typeof loadEmulator>>;

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
  apps?: string;
  credentialsPerApp?: string;
  seedRandom?: string;
  fault?: string[];
  throttle?: string;
  throttleLimit?: string;
}

/** Graph's limit for a small tenant (resource units per app and tenant per 10 s). */
const DEFAULT_GRAPH_THROTTLE_LIMIT = 3500;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function run(opts: EmulatorStartOptions, f: Factory): Promise<void> {
  const { io } = f;
  const lib = await loadEmulator();
  const port = integer(opts.port, '--port', 0, 65535);
  const interval = integer(opts.deviceCodeInterval, '--device-code-interval', 1, 60);
  if (Boolean(opts.cert) !== Boolean(opts.key)) throw new UsageError('--cert and --key go together: give both or neither.');
  const synthetic = syntheticOptions(opts, io, lib);
  const faults = faultRules(opts.fault ?? [], lib);
  const throttle = throttleOptions(opts);
  if (!LOOPBACK.has(opts.host)) line(io.err, `warning: listening on ${opts.host}: other machines on your network can reach this emulator.`);

  let emu;
  try {
    emu = await lib.startEmulator({
      port, host: opts.host, stateDir: opts.stateDir, seed: opts.seed, certFile: opts.cert, keyFile: opts.key,
      deviceCodeInterval: interval, log: opts.verbose ? (l) => line(io.err, l) : undefined,
      // The emulator knows no folders of ours: the CA `emulator ca` printed, and where local profiles look.
      caDir: opts.stateDir ? undefined : emulatorCaDir(io.env), connectionFile: emulatorConnectionFile(io.env),
      synthetic, faults, throttle,
    });
  } catch (err) {
    throw translateStartError(err, opts, lib);
  }

  // Handlers first, then the ready line: a client that signals as soon as it reads the line must not hit
  // the default (kill) disposition.
  const stopped = new Promise<void>((resolve) => {
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

  if (emu.restoredFromState && (opts.seed || opts.apps)) {
    line(io.err, `warning: ${opts.seed ? '--seed' : '--apps'} was not applied: the tenant was restored from ${opts.stateDir}. Use a new --state-dir to start from a seed.`);
  }
  if (opts.json) line(io.out, JSON.stringify(emu.info));
  else printHuman(emu.info, opts, io, { faults, throttle, synthetic }, lib);
  await stopped;
}

function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got '${value}').`);
  return n;
}

/** --apps / --credentials-per-app / --seed-random; progress on stderr for big tenants in human mode. */
function syntheticOptions(opts: EmulatorStartOptions, io: Io, { SYNTHETIC_LIMITS }: Emulator) {
  if (opts.apps === undefined) {
    if (opts.credentialsPerApp !== undefined || opts.seedRandom !== undefined) throw new UsageError('--credentials-per-app and --seed-random shape the synthetic tenant: use them with --apps N.');
    return undefined;
  }
  const apps = integer(opts.apps, '--apps', 1, SYNTHETIC_LIMITS.maxApps);
  const credentialsPerApp = integer(opts.credentialsPerApp ?? '2', '--credentials-per-app', 0, SYNTHETIC_LIMITS.maxCredentialsPerApp);
  const seed = integer(opts.seedRandom ?? '1', '--seed-random', 0, SYNTHETIC_LIMITS.maxSeed);
  let onProgress: ((done: number, total: number) => void) | undefined;
  if (!opts.json && apps >= 10_000) {
    const tty = Boolean(io.err.isTTY);
    const n = (x: number) => x.toLocaleString('en-US');
    let started = 0;
    let lastQuarter = 0;
    onProgress = (done, total) => {
      if (done === 0) {
        started = Date.now();
        line(io.err, `Generating ${n(total)} synthetic applications (seed ${seed}, ${credentialsPerApp} credentials each)...`);
        return;
      }
      const pct = Math.floor((done / total) * 100);
      if (done === total) {
        if (tty) io.err.write('\r\u001b[2K');
        line(io.err, `Generated ${n(total)} synthetic applications in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      } else if (tty) {
        io.err.write(`\r  ${pct}% (${n(done)} of ${n(total)})`);
      } else if (Math.floor(pct / 25) > lastQuarter) {
        lastQuarter = Math.floor(pct / 25);
        line(io.err, `  ${pct}% (${n(done)} of ${n(total)})`);
      }
    };
  }
  return { apps, credentialsPerApp, seed, onProgress };
}

function faultRules(rules: string[], { parseFaultRule, FaultRuleError }: Emulator): FaultRule[] {
  return rules.map((r) => {
    try {
      return parseFaultRule(r);
    } catch (err) {
      if (err instanceof FaultRuleError) throw new UsageError(`--fault: ${err.message}`, "Syntax: 'METHOD PATH [latency=MS] [error=500|503|504] [retry-after=S] [drop] [slow=BYTES/MS] [rate=P] [times=N]', e.g. --fault 'POST /v1.0/applications/*/addPassword error=503'.");
      throw err;
    }
  });
}

function throttleOptions(opts: EmulatorStartOptions): ThrottleOptions | undefined {
  if (opts.throttle !== undefined && opts.throttle.toLowerCase() !== 'graph') throw new UsageError(`--throttle must be 'graph' (got '${opts.throttle}').`);
  if (opts.throttleLimit !== undefined) return { limitPer10s: integer(opts.throttleLimit, '--throttle-limit', 1, 1_000_000) };
  return opts.throttle !== undefined ? { limitPer10s: DEFAULT_GRAPH_THROTTLE_LIMIT } : undefined;
}

function translateStartError(err: unknown, opts: EmulatorStartOptions, { SeedError, StateFileError, StateDirError }: Emulator): Error {
  if (err instanceof SeedError || err instanceof StateFileError) return new CliError(err.message);
  if (err instanceof StateDirError) return new CliError(err.message, 1, opts.stateDir && err.path === opts.stateDir ? 'Check that --state-dir names a folder you can write to.' : undefined);
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

interface ExtraInfo {
  faults: FaultRule[];
  throttle: ThrottleOptions | undefined;
  synthetic: { apps: number; credentialsPerApp: number; seed: number } | undefined;
}

/** At most this many users are listed (a synthetic tenant has a pool of owners). */
const MAX_USERS_SHOWN = 5;

function printHuman(info: EmulatorInfo, opts: EmulatorStartOptions, io: Io, extra: ExtraInfo, { formatFaultRule }: Emulator): void {
  const c = paint(io);
  const shown = info.users.slice(0, MAX_USERS_SHOWN);
  const hidden = info.users.length - shown.length;
  const rows: [string, string][] = [
    ['Authority host', info.authorityHost],
    ['Tenant', `${info.tenantDomain} (${info.tenantId})`],
    ['Graph', `${info.graphBaseUrl}/v1.0`],
    ['Key Vault', info.keyVaultUrl],
    ['Bootstrap app', info.bootstrap.clientId],
    ['Bootstrap secret', `${info.bootstrap.clientSecret}  ${c.dim('(shown once; a new one on every start)')}`],
    ...shown.map((u, i): [string, string] => [i === 0 ? 'Users' : '', `${u.userPrincipalName}${u.roles.length ? ` (${u.roles.join(', ')})` : ''}`]),
    ...(hidden > 0 ? [['', c.dim(`... and ${hidden.toLocaleString('en-US')} more`)] as [string, string]] : []),
    ...(extra.synthetic ? [['Synthetic apps', `${extra.synthetic.apps.toLocaleString('en-US')} (seed ${extra.synthetic.seed}, ${extra.synthetic.credentialsPerApp} credentials each; only added to a fresh tenant)`] as [string, string]] : []),
    ...(extra.throttle ? [['Graph throttling', `${extra.throttle.limitPer10s} resource units per app per 10 s`] as [string, string]] : []),
    ...extra.faults.map((f, i): [string, string] => [i === 0 ? 'Faults' : '', formatFaultRule(f)]),
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
