// `inspect [TOKEN|-]`: what is inside a JWT, for people — header, claims with their meaning, times in the
// viewer's zone and UTC, and a summary (app-only or delegated, how the app authenticated, for which API).
// --verify checks the signature against the issuer's keys. The token itself is never printed back.
import pc from 'picocolors';
import { decodeJwt, TokenFormatError, type ClaimRow } from '../../core/claims.ts';
import { resolveCloud } from '../../core/cloud.ts';
import { jwksLocation } from '../../core/jwks-location.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import { claimRows, summarizeToken } from '../../core/token-explain.ts';
import type { Verification } from '../../entra/jwt-verify.ts';
import { readEmulatorConnection, type EmulatorConnection } from '../../store/emulator-connection.ts';
import { argument, defineCommand, flag } from '../define-command.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import type { Factory } from '../factory.ts';
import { gridOf } from '../output/columns.ts';
import { resolveOutput, type Output } from '../output/output.ts';
import { INSPECT_OUTPUT } from '../output/specs.ts';
import { CLAIM_COLUMNS } from '../ui/claim-columns.ts';

type RenderGrid = typeof import('../output/render.ts').renderGrid;

export const command = defineCommand({
  name: 'inspect',
  description: "Decode a JWT and explain its header and claims (times in your zone and UTC, roles vs scp, appidacr); --verify checks its signature against the issuer's keys.",
  output: { spec: INSPECT_OUTPUT },
  args: [argument('[token]', "the token, or '-' to read it from stdin (the default when stdin is not a terminal)")],
  flags: [
    flag('--verify', "check the signature against the issuer's published keys (JWKS) and the token's lifetime; exit 1 when invalid"),
    flag('--authority-host <url>', 'where to fetch keys for v1 tokens (issuer https://sts.windows.net/...), e.g. https://login.microsoftonline.us'),
    flag('-p, --profile <name>', "for v1 tokens: use this profile's cloud to find the keys"),
  ],
  help: `
The token itself is never printed back. Prefer stdin to an argument: arguments are visible to other
processes on the machine.

Examples:
  $ entra-auth-cli get-token -p demo -o raw | entra-auth-cli inspect
  $ entra-auth-cli get-token -p demo -o raw | entra-auth-cli inspect --verify
  $ pbpaste | entra-auth-cli inspect - -o json | jq .claims.roles
  $ entra-auth-cli inspect --verify --authority-host https://login.microsoftonline.us < token.txt`,
  run,
});

export interface InspectOptions {
  /** The token, '-' for stdin, or none (stdin unless it is a terminal). */
  token?: string;
  verify?: boolean;
  authorityHost?: string;
  profile?: string;
  output?: string;
  query?: string;
}

export async function run(opts: InspectOptions, f: Factory): Promise<void> {
  const { io } = f;
  const arg = opts.token;
  const now = f.clock();
  const output = await resolveOutput(opts, INSPECT_OUTPUT, io);
  if (opts.authorityHost !== undefined && !/^https:\/\/[^/\s]+\/?$/i.test(opts.authorityHost)) throw new UsageError(`--authority-host takes an https:// origin like https://login.microsoftonline.us (got '${opts.authorityHost}').`);

  if (arg === undefined && (io.in ?? process.stdin).isTTY) throw new UsageError('no token given.', 'Pipe one in (entra-auth-cli get-token -p NAME -o raw | entra-auth-cli inspect) or pass it as an argument.');
  const input = arg === undefined || arg === '-' ? await f.stdin('inspect -') : arg;
  const token = input.trim().replace(/^Bearer\s+/i, '');
  let decoded;
  try {
    decoded = decodeJwt(token);
  } catch (err) {
    if (err instanceof TokenFormatError) throw new CliError(err.message, EXIT.failure, 'inspect reads JWT access and ID tokens (three base64url parts separated by dots).');
    throw err;
  }

  const verification = opts.verify ? await verify(token, decoded.header, decoded.claims, opts, f, now) : undefined;
  const claims = claimRows(decoded.claims, now);
  const summary = summarizeToken(decoded.claims, now);
  // The renderers load when there is something to render, not with the command table.
  const [{ writeRecord }, { renderGrid }] = await Promise.all([import('../output/record.ts'), import('../output/render.ts')]);
  await writeRecord(io.out, output, {
    json: { header: decoded.header, claims: decoded.claims, summary, ...(verification ? { verification } : {}) },
    rows: { columns: CLAIM_COLUMNS, rows: claims },
    panel: () => report(decoded.header, claims, summary, verification, output, io.stdoutIsTty, renderGrid),
  });
  if (verification && !verification.valid) process.exitCode = EXIT.failure;
}

/** The view for people: header, claims explained, summary, and the signature verdict; tables on a terminal, tsv in a pipe. */
function report(header: Record<string, unknown>, claims: ClaimRow[], summary: string[], verification: Verification | undefined, output: Output, tty: boolean, renderGrid: RenderGrid): string {
  const c = pc.createColors(output.color);
  const grid = tty ? 'table' : 'tsv';
  const lines = [
    `${c.bold('Header')}\n`,
    renderGrid(gridOf(Object.entries(header), [
      { header: 'Field', value: ([k]) => k },
      { header: 'Value', value: ([, v]) => (typeof v === 'string' ? v : JSON.stringify(v)) },
    ]), grid),
    `${c.bold('Claims')}\n`,
    renderGrid(gridOf(claims, CLAIM_COLUMNS), grid),
    `${c.bold('Summary')}\n`,
    ...summary.map((s) => `  ${terminalSafe(s)}\n`),
  ];
  if (verification) {
    lines.push(`${c.bold('Signature')}\n`, `  ${verification.valid ? c.green('VALID') : c.red('INVALID')}: ${terminalSafe(verification.reason)}\n`);
  }
  return lines.join('');
}

async function verify(token: string, header: Record<string, unknown>, claims: Record<string, unknown>, opts: InspectOptions, f: Factory, now: Date): Promise<Verification> {
  let emulator: EmulatorConnection | undefined;
  try {
    emulator = readEmulatorConnection(f.env);
  } catch {
    emulator = undefined;
  }
  let profileAuthorityHost: string | undefined;
  if (opts.profile) {
    const profile = f.profiles.get(opts.profile);
    if (!profile) throw new CliError(`There is no profile named '${opts.profile}'.`, EXIT.failure, 'See: entra-auth-cli config list');
    if (profile.cloud === 'local' && !emulator) throw new CliError(`Profile '${opts.profile}' uses --cloud local, but no emulator is running.`, EXIT.failure, 'Start it with `entra-auth-cli emulator start`, or use --authority-host.');
    profileAuthorityHost = resolveCloud(profile, emulator).authorityHost;
  }
  const where = jwksLocation({ iss: claims.iss, authorityHostFlag: opts.authorityHost, profileAuthorityHost, emulatorAuthorityHost: emulator?.authorityHost });
  if (!where.ok) return { valid: false, reason: where.reason };
  const [{ verifyJwt }, { HttpClient }] = await Promise.all([import('../../entra/jwt-verify.ts'), import('../../entra/http.ts')]);
  // The emulator's CA is trusted only for the emulator's own keys, never for a Microsoft host's.
  const http = new HttpClient({ extraCaFiles: where.emulator && emulator?.caCertPath ? [emulator.caCertPath] : [] });
  try {
    return await verifyJwt(token, header, claims, where, http, now);
  } finally {
    http.close();
  }
}
