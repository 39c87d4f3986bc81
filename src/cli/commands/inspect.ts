// `inspect [TOKEN|-]`: what is inside a JWT, for people — header, claims with their meaning, times in the
// viewer's zone and UTC, and a summary (app-only or delegated, how the app authenticated, for which API).
// --verify checks the signature against the issuer's keys. The token itself is never printed back.
import pc from 'picocolors';
import { decodeJwt, TokenFormatError, type ClaimRow } from '../../core/claims.ts';
import { resolveCloud } from '../../core/cloud.ts';
import { jwksLocation } from '../../core/jwks-location.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import { claimRows, summarizeToken } from '../../core/token-explain.ts';
import { HttpClient } from '../../entra/http.ts';
import type { Verification } from '../../entra/jwt-verify.ts';
import { appPaths } from '../../store/paths.ts';
import { readEmulatorConnection, type EmulatorConnection } from '../../store/emulator-connection.ts';
import { ProfileStore } from '../../store/profile-store.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { gridOf } from '../output/columns.ts';
import { resolveOutput, type Output } from '../output/output.ts';
import { writeRecord } from '../output/record.ts';
import { renderGrid } from '../output/render.ts';
import { INSPECT_OUTPUT } from '../output/specs.ts';
import { readStdin } from '../stdin.ts';
import { CLAIM_COLUMNS } from '../ui/claim-columns.ts';

export interface InspectOptions {
  verify?: boolean;
  authorityHost?: string;
  profile?: string;
  output?: string;
  query?: string;
}

export async function inspect(arg: string | undefined, opts: InspectOptions, io: Io, deps: { now?: () => Date; stdinIsTty?: boolean } = {}): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  const output = await resolveOutput(opts, INSPECT_OUTPUT, io);
  if (opts.authorityHost !== undefined && !/^https:\/\/[^/\s]+\/?$/i.test(opts.authorityHost)) throw new UsageError(`--authority-host takes an https:// origin like https://login.microsoftonline.us (got '${opts.authorityHost}').`);

  const stdinIsTty = deps.stdinIsTty ?? Boolean(process.stdin.isTTY);
  if (arg === undefined && stdinIsTty) throw new UsageError('no token given.', 'Pipe one in (entra-auth-cli get-token -p NAME -o raw | entra-auth-cli inspect) or pass it as an argument.');
  const input = arg === undefined || arg === '-' ? await readStdin('inspect -') : arg;
  const token = input.trim().replace(/^Bearer\s+/i, '');
  let decoded;
  try {
    decoded = decodeJwt(token);
  } catch (err) {
    if (err instanceof TokenFormatError) throw new CliError(err.message, EXIT.failure, 'inspect reads JWT access and ID tokens (three base64url parts separated by dots).');
    throw err;
  }

  const verification = opts.verify ? await verify(token, decoded.header, decoded.claims, opts, io, now) : undefined;
  const claims = claimRows(decoded.claims, now);
  const summary = summarizeToken(decoded.claims, now);
  await writeRecord(io.out, output, {
    json: { header: decoded.header, claims: decoded.claims, summary, ...(verification ? { verification } : {}) },
    rows: { columns: CLAIM_COLUMNS, rows: claims },
    panel: () => report(decoded.header, claims, summary, verification, output, io.stdoutIsTty),
  });
  if (verification && !verification.valid) process.exitCode = EXIT.failure;
}

/** The view for people: header, claims explained, summary, and the signature verdict; tables on a terminal, tsv in a pipe. */
function report(header: Record<string, unknown>, claims: ClaimRow[], summary: string[], verification: Verification | undefined, output: Output, tty: boolean): string {
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

async function verify(token: string, header: Record<string, unknown>, claims: Record<string, unknown>, opts: InspectOptions, io: Io, now: Date): Promise<Verification> {
  let emulator: EmulatorConnection | undefined;
  try {
    emulator = readEmulatorConnection(io.env);
  } catch {
    emulator = undefined;
  }
  let profileAuthorityHost: string | undefined;
  if (opts.profile) {
    const profile = new ProfileStore(appPaths(io.env).config).get(opts.profile);
    if (!profile) throw new CliError(`There is no profile named '${opts.profile}'.`, EXIT.failure, 'See: entra-auth-cli config list');
    if (profile.cloud === 'local' && !emulator) throw new CliError(`Profile '${opts.profile}' uses --cloud local, but no emulator is running.`, EXIT.failure, 'Start it with `entra-auth-cli emulator start`, or use --authority-host.');
    profileAuthorityHost = resolveCloud(profile, emulator).authorityHost;
  }
  const where = jwksLocation({ iss: claims.iss, authorityHostFlag: opts.authorityHost, profileAuthorityHost, emulatorAuthorityHost: emulator?.authorityHost });
  if (!where.ok) return { valid: false, reason: where.reason };
  const { verifyJwt } = await import('../../entra/jwt-verify.ts');
  // The emulator's CA is trusted only for the emulator's own keys, never for a Microsoft host's.
  const http = new HttpClient({ extraCaFiles: where.emulator && emulator?.caCertPath ? [emulator.caCertPath] : [] });
  try {
    return await verifyJwt(token, header, claims, where, http, now);
  } finally {
    http.close();
  }
}
