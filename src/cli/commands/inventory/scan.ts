// `inventory scan`: every password and certificate of every application and service principal in the
// tenant of the admin session, streamed to the output layer one credential at a time (docs/inventory.md).
// Filters, --fail-on (exit 3), a summary on stderr, a progress bar on a terminal, and --resume after an
// interruption: the rows after the last checkpoint are written again, and a file appended with >> is first
// cut back to what the checkpoint covers, so no row is lost or doubled.
import { fstatSync, ftruncateSync } from 'node:fs';
import type { FailOn, InventoryFilters } from '../../../app/inventory/filters.ts';
import type { InventoryRow } from '../../../app/inventory/types.ts';
import { CREDENTIAL_STATUSES, type CredentialStatus } from '../../../core/credential-status.ts';
import { DURATION_HELP, durationDays, parseDuration } from '../../../core/duration.ts';
import { CliError, EXIT, UsageError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import { resolveOutput } from '../../output/output.ts';
import { INVENTORY_OUTPUT } from '../../output/specs.ts';
import { defineCommand, flag } from '../../define-command.ts';
import { ADMIN_TARGET_FLAGS } from '../admin-flags.ts';

/** Formats written row by row: the only ones --resume can continue. */
const STREAMED = new Set(['ndjson', 'tsv', 'csv']);

export const command = defineCommand({
  name: 'inventory scan',
  description: "List every client secret and certificate of every application and service principal in the tenant, with owners, expiry status and policy, streamed.",
  output: { spec: INVENTORY_OUTPUT },
  flags: [
    ...ADMIN_TARGET_FLAGS,
    flag('--expiring-within <duration>', `only credentials that end within this time (ended ones too): ${DURATION_HELP}`),
    flag('--status <list>', `only these statuses, comma-separated: ${CREDENTIAL_STATUSES.join(', ')}`),
    flag('--owner <upn-or-name>', "only objects one of whose owners has this UPN or display name"),
    flag('--app <appId-or-name>', "only this application ID, or apps whose name contains this text"),
    flag('--fail-on <list>', 'exit 3 when a listed credential is: expired, expiring (within --expiring-within, else 45 days), or both'),
    flag('--no-sign-ins', "skip the credential sign-in report (the LAST SIGN-IN column shows 'unknown')"),
    flag('--resume', 'continue the interrupted scan of this tenant from its checkpoint (ndjson, tsv, csv; append with >> to the same file)'),
    flag('-q, --quiet', 'no progress bar and no summary on stderr'),
  ],
  help: `
Needs an admin session (entra-auth-cli login, or login --service-principal in a pipeline) with
Application.Read.All; the policy column needs Policy.Read.All and last sign-ins AuditLog.Read.All
(without them those columns are left empty and a notice says so). A summary (counts by status, the next
10 to end) goes to stderr; stdout has only the credentials. -o json is an array of credentials.

Examples:
  $ entra-auth-cli inventory scan -o ndjson > credentials.ndjson         # one credential per line, streamed
  $ entra-auth-cli inventory scan --expiring-within 30d --status expired,expiring-14d
  $ entra-auth-cli inventory scan --owner alice@contoso.com -o csv > alice.csv
  $ entra-auth-cli inventory scan --fail-on expired -o json              # exit 3 when any credential is expired
  $ entra-auth-cli inventory scan --resume -o ndjson >> credentials.ndjson  # after an interruption`,
  run,
});

export interface InventoryScanOptions {
  tenant?: string;
  cloud?: string;
  profile?: string;
  output?: string;
  query?: string;
  expiringWithin?: string;
  status?: string;
  owner?: string;
  app?: string;
  failOn?: string;
  /** Commander's --no-sign-ins. */
  signIns?: boolean;
  resume?: boolean;
  quiet?: boolean;
}

interface Parsed { filters: InventoryFilters; failOn: Set<FailOn>; expiringDays: number | undefined }

export function parseScanFlags(opts: InventoryScanOptions): Parsed {
  const filters: InventoryFilters = {};
  let expiringDays: number | undefined;
  if (opts.expiringWithin !== undefined) {
    const ms = parseDuration(opts.expiringWithin);
    if (ms === undefined) throw new UsageError(`invalid --expiring-within '${opts.expiringWithin}': ${DURATION_HELP}.`);
    expiringDays = durationDays(ms);
    filters.expiringWithinDays = expiringDays;
  }
  if (opts.status !== undefined) {
    const words = opts.status.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const bad = words.filter((w) => !(CREDENTIAL_STATUSES as readonly string[]).includes(w));
    if (!words.length || bad.length) throw new UsageError(`invalid --status '${opts.status}': use ${CREDENTIAL_STATUSES.join(', ')} (comma-separated).`);
    filters.statuses = new Set(words as CredentialStatus[]);
  }
  if (opts.owner !== undefined) filters.owner = opts.owner;
  if (opts.app !== undefined) filters.app = opts.app;
  const failOn = new Set<FailOn>();
  if (opts.failOn !== undefined) {
    for (const w of opts.failOn.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
      if (w !== 'expired' && w !== 'expiring') throw new UsageError(`invalid --fail-on '${opts.failOn}': use expired, expiring or expired,expiring.`);
      failOn.add(w);
    }
    if (!failOn.size) throw new UsageError('--fail-on needs expired, expiring or both.');
  }
  return { filters, failOn, expiringDays };
}

export async function run(opts: InventoryScanOptions, f: Factory): Promise<void> {
  const { io } = f;
  const output = await resolveOutput(opts, INVENTORY_OUTPUT, io);
  const parsed = parseScanFlags(opts);
  if (opts.resume && (!STREAMED.has(output.format) || output.query)) {
    throw new UsageError('--resume continues a scan written row by row: use it with -o ndjson, tsv or csv (and no --query).');
  }
  const [{ findSession, loginCommand, openAdminSession }, { resolveTarget }, { adminDeps }, { openRowSink }, { openListOrReportSink }, { createHtmlReportSink }, { scanInventory, startPosition }, checkpoints, { failsOn }, { INVENTORY_VIEW }, { progressBar }, { writeSummary }, { GraphApiError }] = await Promise.all([
    import('../../../app/admin/session.ts'), import('../../../app/admin/target.ts'), import('../../admin-deps.ts'), import('../../output/sink.ts'),
    import('../../output/report-sink.ts'), import('../../output/html-report/sink.ts'),
    import('../../../app/inventory/scan.ts'), import('../../../store/inventory-checkpoint.ts'), import('../../../app/inventory/filters.ts'),
    import('./view.ts'), import('./progress.ts'), import('./summary.ts'), import('../../../entra/graph/client.ts'),
  ]);
  const deps = adminDeps(f);
  const target = resolveTarget(deps, opts, { useCurrent: true });
  const session = findSession(deps, target);
  if (!session) {
    throw new CliError(`Not signed in${target.tenant !== 'organizations' ? ` to tenant '${target.tenant}'` : ''}: the inventory reads the tenant with an admin session.`, EXIT.needsUserAction,
      `Sign in with: ${loginCommand({ tenant: target.tenant === 'organizations' ? '<TENANT-ID-OR-DOMAIN>' : target.tenant, cloudKey: target.cloud.key })}   (or login --service-principal ... in a pipeline)`);
  }
  const scope = `${session.cloudKey}|${session.tenantId ?? session.tenant}`;
  const query = JSON.stringify({ ...parsed.filters, statuses: parsed.filters.statuses ? [...parsed.filters.statuses].sort() : undefined, format: output.format, signIns: opts.signIns !== false });
  const cache = f.paths.cache;

  // Where stdout stands: a regular file's size (appended with >>), so the checkpoint can name a byte offset.
  const fd = (io.out as { fd?: unknown }).fd;
  const file = typeof fd === 'number' && fstatSync(fd).isFile() ? fd : undefined;
  let bytes = file !== undefined ? fstatSync(file).size : 0;
  let rowsWritten = 0;
  const checkpoint = opts.resume ? checkpoints.readCheckpoint(cache, scope) : undefined;
  if (opts.resume) {
    if (!checkpoint) throw new UsageError('There is no interrupted scan of this tenant to resume: run inventory scan without --resume.');
    if (checkpoint.query !== query) throw new UsageError('The interrupted scan was asked with other filters, format or --no-sign-ins: resume it with the same ones, or start over without --resume.');
    if (file !== undefined) {
      if (bytes < checkpoint.bytesWritten) {
        throw new UsageError(`stdout holds ${bytes} bytes, but the interrupted scan had written ${checkpoint.bytesWritten}: resume with >> into the same file it wrote.`);
      }
      if (bytes > checkpoint.bytesWritten) ftruncateSync(file, checkpoint.bytesWritten); // the rows after the last checkpoint come again
      bytes = checkpoint.bytesWritten;
    } else {
      line(io.err, `notice: stdout is not a file, so the rows the interrupted scan wrote after row ${checkpoint.rowsWritten} may come again (append to the same file with >> to avoid that).`);
    }
    rowsWritten = checkpoint.rowsWritten;
  }

  const handle = await openAdminSession(deps, target, undefined);
  if (!handle) throw new CliError(`The admin session of ${session.name ?? session.clientId} has expired.`, EXIT.needsUserAction, `Sign in again: ${loginCommand(session)}`);
  const counting = {
    write: (chunk: string) => { bytes += Buffer.byteLength(chunk); return io.out.write(chunk); },
    once: (ev: string, fn: () => void) => { io.out.once(ev, fn); return counting; },
  };
  const stdout = counting as unknown as NodeJS.WritableStream;
  let facts: { apps: number; servicePrincipals: number; signIns: 'read' | 'unreadable' | 'skipped' } | undefined;
  const now = f.clock();
  const tenant = session.tenantId ?? session.tenant;
  // A resumed tsv/csv is appended to a file that has its header already.
  const sink = checkpoint && output.format !== 'html'
    ? openRowSink<InventoryRow>(stdout, { ...output, format: output.format as Exclude<typeof output.format, 'html'> }, INVENTORY_VIEW, { header: false })
    : openListOrReportSink<InventoryRow>(stdout, output, INVENTORY_VIEW, { html: () => createHtmlReportSink(stdout, { tenant, now, facts: () => ({ ...facts, mode: 'full' }) }) });
  const bar = io.err.isTTY && !opts.quiet ? progressBar(io.err) : undefined;
  let failed = 0;
  let result;
  const resumable = STREAMED.has(output.format) && !output.query; // kept until the end otherwise: nothing to resume into
  const save = (position: ReturnType<typeof startPosition>) => {
    if (resumable) checkpoints.saveCheckpoint(cache, { scope, query, position, rowsWritten, bytesWritten: bytes, savedAt: new Date().toISOString() });
  };
  if (!checkpoint) save(startPosition(tenant, now));
  try {
    result = await scanInventory({
      graph: await handle.graph(), tenant, now, filters: parsed.filters, signIns: opts.signIns !== false,
      ...(checkpoint ? { resume: checkpoint.position as never } : {}),
      notice: (m) => { if (!opts.quiet) line(io.err, `notice: ${m}`); },
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      onPage: save,
    }, async (row) => {
      if (failsOn(parsed.failOn, row, parsed.expiringDays)) failed++;
      rowsWritten++;
      await sink.write(row);
    });
  } catch (err) {
    bar?.done();
    if (err instanceof GraphApiError && err.status === 403) {
      throw new CliError(`Graph refused to list the tenant's applications (${err.code}).`, EXIT.needsUserAction, 'The inventory needs Application.Read.All (or Directory.Read.All) for the signed-in admin or service principal.');
    }
    if (resumable && err instanceof Error) throw new CliError(`The scan stopped: ${err.message}`, EXIT.failure, `Continue where it stopped: entra-auth-cli inventory scan --resume ${opts.output ? `-o ${output.format} ` : ''}… >> THE-SAME-FILE`);
    throw err;
  } finally {
    handle.close();
  }
  bar?.done();
  facts = { apps: result.summary.apps, servicePrincipals: result.summary.servicePrincipals, signIns: result.summary.signIns };
  await sink.end();
  checkpoints.removeCheckpoint(cache, scope);
  if (!opts.quiet) writeSummary(io, { ...result.summary, mode: checkpoint ? 'resumed' : 'full' }, now);
  if (failed) {
    line(io.err, `${failed} credential${failed === 1 ? '' : 's'} matched --fail-on ${[...parsed.failOn].join(',')}.`);
    process.exitCode = EXIT.threshold;
  }
}
