// `emulator start`: run the emulator in the foreground until SIGINT/SIGTERM. The emulator's code loads
// inside run (loadEmulator), not with the command table.
import type { EmulatorInfo } from '../../../emulator/index.ts';
import type { FaultRule } from '../../../emulator/faults.ts';
import type { ThrottleOptions } from '../../../emulator/graph/throttle.ts';
import { emulatorCaDir, emulatorConnectionFile, emulatorStateDir } from '../../../store/paths.ts';
import { escapeJsonText, terminalSafe } from '../../../core/terminal-text.ts';
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
    flag('--state-dir <dir>', "keep the tenant, its signing key and the local CA in DIR (default: the tenant is kept in the CLI's data dir)"),
    flag('--in-memory', 'a throwaway tenant: nothing is kept, and every start makes a new one'),
    flag('--reset', 'discard the kept tenant and start a new one (from --seed / --apps when given)'),
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
    flag('--throttle <service>', "throttle requests like the real service: 'graph' (resource units per app per 10 s by tenant size: 3,500 / 5,000 / 8,000; write limits; 150 keyCredentials lists a minute)"),
    flag('--throttle-limit <n>', 'Graph resource units per app and tenant per 10 s, instead of the tenant-size budget (implies --throttle graph)'),
  ],
  help: `
Examples:
  $ entra-auth-cli emulator start                                         # keeps its tenant across restarts
  $ entra-auth-cli emulator start --port 0 --json > emulator.json &
  $ entra-auth-cli emulator start --in-memory --seed tenant.json          # a throwaway tenant from a seed
  $ entra-auth-cli emulator start --reset                                 # forget the kept tenant, make a new one
  $ entra-auth-cli emulator start --state-dir ./.emulator --seed tenant.json
  $ entra-auth-cli emulator start --in-memory --apps 100000 --seed-random 7   # a large tenant
  $ entra-auth-cli emulator start --fault 'POST /v1.0/applications/*/addPassword error=503 rate=0.5' \\
      --fault '* /v1.0/* latency=200' --throttle graph
  $ export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)"   # trust the emulator first

The tenant (apps, users, secrets as hashes) is kept in the CLI's data dir, so --cloud local profiles keep
working after a restart; only the bootstrap app gets a new secret on each start, shown once. --seed and
--apps build a new tenant: on a kept one, add --reset (or use --in-memory).

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
    KeptTenantError: stateDir.KeptTenantError, StateDirInUseError: stateDir.StateDirInUseError,
  };
}
type Emulator = Awaited<ReturnType<typeof loadEmulator>>;

export interface EmulatorStartOptions {
  port: string;
  host: string;
  stateDir?: string;
  inMemory?: boolean;
  reset?: boolean;
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

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function run(opts: EmulatorStartOptions, f: Factory): Promise<void> {
  const { io } = f;
  const lib = await loadEmulator();
  const port = integer(opts.port, '--port', 0, 65535);
  const interval = integer(opts.deviceCodeInterval, '--device-code-interval', 1, 60);
  if (Boolean(opts.cert) !== Boolean(opts.key)) throw new UsageError('--cert and --key go together: give both or neither.');
  if (opts.inMemory && opts.stateDir) throw new UsageError('--in-memory keeps nothing, --state-dir keeps the tenant in a folder: give one or neither.');
  if (opts.inMemory && opts.reset) throw new UsageError('--reset discards a kept tenant; --in-memory keeps none: give one or neither.');
  // Kept by default, in the CLI's data dir; its CA stays the one `emulator ca` prints.
  const stateDir = opts.inMemory ? undefined : opts.stateDir ?? emulatorStateDir(io.env);
  const synthetic = syntheticOptions(opts, io, lib);
  const faults = faultRules(opts.fault ?? [], lib);
  const throttle = throttleOptions(opts);
  if (!LOOPBACK.has(opts.host)) line(io.err, `warning: listening on ${opts.host}: other machines on your network can reach this emulator.`);

  let emu;
  try {
    emu = await lib.startEmulator({
      port, host: opts.host, stateDir, reset: opts.reset, refuseSeedOnKeptTenant: true, seed: opts.seed, certFile: opts.cert, keyFile: opts.key,
      deviceCodeInterval: interval, log: opts.verbose ? (l) => line(io.err, l) : undefined,
      // The emulator knows no folders of ours: the CA `emulator ca` printed, and where local profiles look.
      caDir: opts.stateDir ? undefined : emulatorCaDir(io.env), connectionFile: emulatorConnectionFile(io.env),
      synthetic, faults, throttle,
    });
  } catch (err) {
    throw translateStartError(err, opts, stateDir, lib);
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

  for (const notice of emu.notices) line(io.err, `notice: ${notice}`);
  // escapeJsonText: names from the tenant may hold C1 or bidi controls, which JSON.stringify leaves raw.
  if (opts.json) line(io.out, escapeJsonText(JSON.stringify(emu.info)));
  else printHuman(emu.info, emu.restoredFromState, io, { faults, synthetic }, lib);
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
  // The budget then follows the tenant's size, as Graph's does.
  return opts.throttle !== undefined ? {} : undefined;
}

function translateStartError(err: unknown, opts: EmulatorStartOptions, stateDir: string | undefined, lib: Emulator): Error {
  const { SeedError, StateFileError, StateDirError, KeptTenantError, StateDirInUseError } = lib;
  if (err instanceof SeedError || err instanceof StateFileError) return new CliError(err.message);
  if (err instanceof KeptTenantError) {
    return new UsageError(`${opts.seed ? '--seed' : '--apps'} builds a new tenant, and the emulator keeps one in ${err.path}.`, `Add --reset to replace the kept tenant, use --in-memory for a throwaway one${opts.stateDir ? '' : ', or pick another --state-dir'}.`);
  }
  if (err instanceof StateDirInUseError) {
    return new CliError(err.message, 1, `Stop it first, or start this one with --in-memory or --state-dir DIR. (If pid ${err.pid} is not an emulator, remove ${stateDir}/emulator.pid.)`);
  }
  if (err instanceof StateDirError) return new CliError(err.message, 1, opts.stateDir && err.path === opts.stateDir ? 'Check that --state-dir names a folder you can write to.' : 'Check EAC_HOME (or HOME), or use --in-memory.');
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') return new CliError(`Port ${opts.port} on ${opts.host} is already in use.`, 1, 'Pick another with --port N, or --port 0 for a free one.');
  // File-system errors carry a path; listen errors do not (an EACCES on the state dir is not a port problem).
  if (e?.path && ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR'].includes(e.code ?? '')) {
    return new CliError(`Cannot use ${e.path} (${e.code}).`, 1, opts.stateDir ? 'Check that --state-dir names a directory you can write to.' : stateDir ? 'Check EAC_HOME (or HOME), or use --in-memory.' : undefined);
  }
  if (e?.code === 'EACCES') return new CliError(`Not allowed to listen on ${opts.host}:${opts.port}.`, 1, 'Ports below 1024 need privileges; pick a higher --port.');
  // An unresolvable --host fails in getaddrinfo (ENOTFOUND; EAI_AGAIN without DNS), before any listen.
  if ((e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') && e.syscall === 'getaddrinfo') return new CliError(`--host ${opts.host} is not an address or a name this machine can resolve.`, 1, 'Use --host 127.0.0.1 (default) or one of this machine\'s addresses.');
  if (e?.code === 'EADDRNOTAVAIL') return new CliError(`${opts.host} is not an address of this machine.`, 1, 'Use --host 127.0.0.1 (default) or one of this machine\'s addresses.');
  if (e?.code === 'ENOENT' && e.path) return new CliError(`File not found: ${e.path}`);
  if (/PEM|certificate|key/i.test(e?.message ?? '') && (opts.cert || opts.key)) return new CliError(`Cannot use --cert/--key: ${e.message}`);
  return err as Error;
}

interface ExtraInfo {
  faults: FaultRule[];
  synthetic: { apps: number; credentialsPerApp: number; seed: number } | undefined;
}

/** At most this many apps and users are listed (a synthetic tenant has 100,000 apps and a pool of owners). */
const MAX_APPS_SHOWN = 10;
const MAX_USERS_SHOWN = 5;

/** Names come from the tenant (a seed, or anyone who registered an app): shown inert on a terminal. */
const safeName = (text: string) => terminalSafe(text, { keepLayout: false });

function printHuman(info: EmulatorInfo, restored: boolean, io: Io, extra: ExtraInfo, { formatFaultRule }: Emulator): void {
  const c = paint(io);
  const rows: [string, string][] = [
    ['Authority host', info.authorityHost],
    ['Tenant', `${safeName(info.tenantDomain)} (${info.tenantId})`],
    ['Graph', `${info.graphBaseUrl}/v1.0`],
    ['Key Vault', info.keyVaultUrl],
    ['Bootstrap app', info.bootstrap.clientId],
    ['Bootstrap secret', `${info.bootstrap.clientSecret}  ${c.dim('(shown once; a new one on every start)')}`],
    ...(extra.synthetic ? [['Synthetic apps', `${extra.synthetic.apps.toLocaleString('en-US')} (seed ${extra.synthetic.seed}, ${extra.synthetic.credentialsPerApp} credentials each)`] as [string, string]] : []),
    ...(info.graphThrottle ? [['Graph throttling', throttleSummary(info.graphThrottle)] as [string, string]] : []),
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
  line(io.out, info.stateDir
    ? `${restored ? 'Tenant restored from' : 'New tenant, kept in'} ${info.stateDir} ${c.dim('(--reset starts over, --in-memory keeps nothing)')}`
    : c.dim('Tenant in memory only: a new one on every start.'));
  printTenantContents(info, io);
  line(io.err, c.dim('Press Ctrl+C to stop.'));
}

function throttleSummary(t: NonNullable<EmulatorInfo['graphThrottle']>): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(t.resourceUnitsPer10s)} resource units per app per 10 s (tenant size ${t.tenantSize}), ${n(t.writesPer150s)} writes per 150 s, ${n(t.keyCredentialListsPerMinute)} keyCredentials lists a minute`;
}

/** What the tenant holds, on stderr: the apps to make profiles for and the users to sign in as. */
function printTenantContents(info: EmulatorInfo, io: Io): void {
  const c = paint(io);
  const n = (x: number) => x.toLocaleString('en-US');
  const more = (hidden: number) => (hidden > 0 ? [c.dim(`... and ${n(hidden)} more`)] : []);
  const apps = info.applications.slice(0, MAX_APPS_SHOWN);
  const width = Math.min(40, Math.max(0, ...apps.map((a) => safeName(a.displayName).length)));
  const appLines = [...apps.map((a) => `${safeName(a.displayName).padEnd(width)}  ${a.appId}`), ...more(info.applicationCount - apps.length)];
  const users = info.users.slice(0, MAX_USERS_SHOWN);
  const userLines = [...users.map((u) => `${safeName(u.userPrincipalName)}${u.roles.length ? ` (${u.roles.map(safeName).join(', ')})` : ''}`), ...more(info.users.length - users.length)];
  line(io.err, `The tenant holds ${n(info.applicationCount)} app registration${info.applicationCount === 1 ? '' : 's'} and ${n(info.users.length)} user${info.users.length === 1 ? '' : 's'}:`);
  for (const [label, lines] of [['Apps', appLines], ['Users', userLines]] as const) {
    lines.forEach((l, i) => line(io.err, `  ${(i === 0 ? label : '').padEnd(7)}${l}`));
  }
  line(io.err);
}
