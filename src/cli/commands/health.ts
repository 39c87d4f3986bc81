// `health -p NAME` / `health --all`: a deployment smoke test for app credentials. Asks Entra for a new token
// (never the cache), reports which credential signed in (key ID, hint, expiry, days left; a certificate's
// thumbprint) and the roles granted, and exits with a code per cause when it fails (app/exit-codes.ts
// HEALTH_EXIT, docs/lifecycle.md "health"). Never the value, never the token.
import type { AdminDeps } from '../../app/admin/deps.ts';
import type { HealthReport } from '../../app/health/check.ts';
import type { HealthDeps } from '../../app/health/deps.ts';
import { formatTime } from '../../core/claims.ts';
import { pickProfile } from '../../core/profile-pick.ts';
import { redact } from '../../core/redact.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import { defineCommand, flag } from '../define-command.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import type { Factory } from '../factory.ts';
import { line } from '../io.ts';
import type { Column } from '../output/columns.ts';
import { allFormats } from '../output/formats.ts';
import { resolveOutput } from '../output/output.ts';

const HEALTH_OUTPUT = allFormats({ tty: 'table', pipe: 'tsv' });

export const command = defineCommand({
  name: 'health',
  description: "Prove a profile's secret or certificate works now: acquire a new token and report the credential (key ID, expiry, days left) and the roles granted.",
  output: { spec: HEALTH_OUTPUT },
  flags: [
    flag('-p, --profile <name>', 'the profile to check (default: the default profile)'),
    flag('--all', 'check every profile, one row each; the exit code is the worst one'),
    flag('--expect-role <role>', 'a role the token must carry (repeatable); without it the check fails with "missing permission" (exit 14)', { repeatable: true }),
  ],
  help: `
A token is always requested from Entra (the token cache is not used), so a success proves the credential
works now. Exit codes: 0 token acquired (and every --expect-role present), 10 expired secret or certificate,
11 invalid secret or certificate, 12 wrong tenant, 13 unknown or disabled app, 14 missing permission,
15 network failure, 1 anything else (e.g. the secret cannot be read: an unset env var, a missing file).
With --all the worst cause wins, in this order: 10, 11, 13, 12, 14, 1, 15. Profiles that sign a user in
are skipped. The expiry of a secret entered by hand is read through a saved admin session, else "unknown".

Examples:
  $ entra-auth-cli health -p demo
  $ entra-auth-cli health -p demo -o json                      # exit 0 only when a token was acquired
  $ entra-auth-cli health -p orders-api --expect-role Orders.ReadWrite.All
  $ entra-auth-cli health --all -o tsv
  $ entra-auth-cli health -p demo -o json --query credential.daysLeft`,
  run,
});

export interface HealthCommandOptions {
  profile?: string;
  all?: boolean;
  expectRole?: string[];
  output?: string;
  query?: string;
}

/** One row per profile (--all): what a person scans for. */
const COLUMNS: Column<HealthReport>[] = [
  { header: 'PROFILE', value: (r) => r.profile },
  { header: 'RESULT', value: (r) => r.result },
  { header: 'EXIT', value: (r) => String(r.exitCode) },
  { header: 'TENANT', value: (r) => r.tenantId ?? r.tenant },
  { header: 'CLIENT ID', value: (r) => r.clientId },
  { header: 'AUTH METHOD', value: (r) => r.authMethod },
  { header: 'CREDENTIAL', value: (r) => credentialName(r) },
  { header: 'EXPIRES', value: (r) => expiresText(r) },
  { header: 'DAYS LEFT', value: (r) => (r.credential?.daysLeft ?? '').toString() },
  { header: 'STATUS', value: (r) => r.credential?.status ?? '' },
  { header: 'ROLES', value: (r) => [...r.roles, ...r.scopes].join(' ') },
];

export async function run(opts: HealthCommandOptions, f: Factory): Promise<void> {
  const { io } = f;
  const output = await resolveOutput(opts, HEALTH_OUTPUT, io);
  if (opts.all && opts.profile) throw new UsageError('-p and --all contradict each other: check one profile or every profile.');
  const expectRoles = (opts.expectRole ?? []).map((r) => r.trim()).filter(Boolean);

  // The use case (MSAL, Graph), the admin deps and the renderers load here, not with the command table.
  const [{ checkAllProfiles, checkProfileHealth, worstExitCode }, { adminDeps }, { writeRecord }, { writeRows }] = await Promise.all([
    import('../../app/health/check.ts'), import('../admin-deps.ts'), import('../output/record.ts'), import('../output/sink.ts'),
  ]);
  const deps = healthDeps(f, adminDeps(f));

  if (opts.all) {
    const reports = await checkAllProfiles(deps, { expectRoles });
    await writeRows(io.out, output, { columns: COLUMNS }, reports);
    if (!reports.length) line(io.err, 'No profiles yet. Create one with: entra-auth-cli config create');
    for (const r of reports) tell(f, r);
    const failed = reports.filter((r) => r.exitCode !== 0);
    if (failed.length) {
      throw new CliError(`${failed.length} of ${reports.length} profiles failed the health check (${failed.map((r) => `${r.profile}: ${r.result}`).join(', ')}).`,
        worstExitCode(reports), 'The exit code is the worst cause\'s (see `entra-auth-cli health --help`).');
    }
    return;
  }

  const picked = pickProfile(f.profiles.read(), opts.profile);
  if ('problem' in picked) {
    const p = picked.problem;
    throw p.kind === 'usage' ? new UsageError(p.message, p.hint) : new CliError(p.message, EXIT.failure, p.hint);
  }
  const report = await checkProfileHealth(deps, picked.profile, { expectRoles });
  await writeRecord(io.out, output, { json: report, rows: { rows: properties(report), columns: [{ header: 'PROPERTY', value: (r) => r[0] }, { header: 'VALUE', value: (r) => r[1] }] } });
  if (report.result === 'skipped') throw new UsageError(report.message!, report.hint ?? undefined);
  if (report.exitCode !== 0) throw new CliError(report.message ?? `Profile '${report.profile}' failed the health check.`, report.exitCode, report.hint ?? undefined);
  expiryWarning(f, report);
  line(io.err, `✓ Profile '${report.profile}': a new token was acquired${report.roles.length ? ` with ${report.roles.join(', ')}` : ''}.`);
}

/** The health check's deps from the factory: its stores and clock, and the profile's credential over client credentials. */
export function healthDeps(f: Factory, admin: AdminDeps): HealthDeps {
  return {
    admin,
    cloud: (profile) => f.cloud(profile),
    openCredential: async (profile, cloud, seen) => {
      const signIn = await f.profileCredential(profile, cloud, { flow: 'client-credentials', timeoutSeconds: 60, seen });
      return { acquire: (scopes, o) => signIn.credential.acquire(scopes, o), lastNetworkError: () => signIn.lastNetworkError(), close: () => signIn.close() };
    },
  };
}

/** stderr, for --all: each failure with its fix, and soon-to-expire credentials. */
function tell(f: Factory, r: HealthReport): void {
  if (r.result === 'skipped') line(f.io.err, safe(`- ${r.profile}: skipped (${r.message})`));
  else if (r.exitCode !== 0) line(f.io.err, safe(`✗ ${r.profile}: ${r.message}${r.hint ? `\n    ${r.hint}` : ''}`));
  else expiryWarning(f, r);
}

function expiryWarning(f: Factory, r: HealthReport): void {
  const c = r.credential;
  if (!c || !c.status.startsWith('expiring')) return;
  const what = c.type === 'certificate' ? 'certificate' : 'secret';
  const fix = c.type === 'secret' ? ` Rotate it: entra-auth-cli secret rotate -p ${r.profile}` : '';
  line(f.io.err, safe(`warning: the ${what} of profile '${r.profile}' ends in ${c.daysLeft} days (${expiresText(r)}).${fix}`));
}

function properties(r: HealthReport): [string, string][] {
  const c = r.credential;
  const rows: [string, string][] = [
    ['Profile', r.profile],
    ['Result', `${r.result} (exit ${r.exitCode})`],
    ['Tenant', r.tenantId && r.tenantId !== r.tenant ? `${r.tenantId} (${r.tenant})` : r.tenant],
    ['Client ID', r.clientId],
    ['Auth method', r.authMethod],
  ];
  if (c?.type === 'secret') {
    rows.push(['Secret', credentialName(r) || 'unknown'], ['Hint', c.hint ?? ''], ['Expires', expiresText(r) || `unknown${c.note ? ` (${c.note})` : ''}`]);
  } else if (c?.type === 'certificate') {
    rows.push(['Certificate', `${c.thumbprint} (${c.subject})`], ['Expires', expiresText(r)]);
  }
  if (c && c.daysLeft !== null) rows.push(['Days left', `${c.daysLeft} (${c.status})`]);
  if (r.tokenAcquired) {
    rows.push(['Roles', r.roles.join(' ') || '(none)']);
    if (r.scopes.length) rows.push(['Scopes', r.scopes.join(' ')]);
  }
  if (r.missingRoles.length) rows.push(['Missing roles', r.missingRoles.join(' ')]);
  if (r.message) rows.push(['Problem', r.message]);
  return rows;
}

function credentialName(r: HealthReport): string {
  const c = r.credential;
  if (!c) return '';
  return c.type === 'certificate' ? c.thumbprint : c.keyId ? `${c.keyId}${c.displayName ? ` (${c.displayName})` : ''}` : '';
}

/** The end in the local zone (times are shown with their zone). */
function expiresText(r: HealthReport): string {
  const c = r.credential;
  const end = c?.type === 'certificate' ? c.notAfter : c?.endDateTime;
  return end ? formatTime(new Date(end)) : '';
}

function safe(text: string): string {
  return terminalSafe(redact(text));
}
