// `leak check`: a suspected client secret from stdin, or every one in files and folders (--path), with the
// app and credential each belongs to. Never the value: a finding shows where it is, its hint (the 3
// characters Graph shows) and its length. Exit 3 when a leak is found, so a build can fail on it.
import type { LeakCheckResult, LeakFinding } from '../../../app/leak/check.ts';
import { formatTime } from '../../../core/claims.ts';
import { EXIT, UsageError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import type { RowView } from '../../output/columns.ts';
import { allFormats } from '../../output/formats.ts';
import { resolveOutput } from '../../output/output.ts';
import { argument, defineCommand, flag } from '../../define-command.ts';
import { ADMIN_TARGET_FLAGS } from '../admin-flags.ts';

const LEAK_OUTPUT = allFormats({ tty: 'table', pipe: 'tsv' });

export const command = defineCommand({
  name: 'leak check',
  description: 'Find Entra client secrets in files (--path, .gitignore respected) or check one from stdin, and tell which app and credential each belongs to.',
  output: { spec: LEAK_OUTPUT, purpose: 'one row per value found (never the value)' },
  args: [argument('[value...]', 'not accepted: a value goes on stdin, never in argv')],
  flags: [
    flag('--path <file-or-folder>', 'scan this file or folder (repeatable); without it, one value is read from stdin', { repeatable: true }),
    flag('--legacy', 'also report the old 32/34-character secret shapes (many false positives)'),
    flag('--no-match', 'do not ask the tenant which app a value belongs to'),
    ...ADMIN_TARGET_FLAGS,
  ],
  help: `
Shapes: the current 40-character secrets (xxx8Q~…) and the previous 37-character ones (xxx7Q~…), with the
boundaries gitleaks uses; --legacy adds the older 32/34-character shapes. In folders, files .gitignore
excludes, .git, binary files, files over 5 MiB and symbolic links are skipped (skips are listed on stderr).

Matching uses the admin session (entra-auth-cli login; never signs in here): credentials whose hint is the
value's are candidates, and a token request with the value confirms which app it is (Entra records it as a
sign-in of that key). Without a session the findings are reported unmatched.

Exit codes: 0 nothing found (stdin: the value is no credential of this tenant); 3 a value was found in the
files (whichever tenant it is of), or the stdin value is a credential of this tenant or could not be ruled out.

Examples:
  $ entra-auth-cli leak check --path . --path ~/deploy       # in CI: fails the build (exit 3) on a leak
  $ printf %s "$SUSPECT" | entra-auth-cli leak check -o json
  $ entra-auth-cli leak check --path repo --no-match -o csv
  $ entra-auth-cli leak respond --app "$APP_ID" --key-id "$KEY_ID"   # then answer it`,
  run,
});

export interface LeakCheckOptions {
  value?: string[];
  path?: string[];
  legacy?: boolean;
  /** Commander's --no-match: false when given. */
  match?: boolean;
  tenant?: string;
  cloud?: string;
  profile?: string;
  output?: string;
  query?: string;
}

export async function run(opts: LeakCheckOptions, f: Factory): Promise<void> {
  const { io } = f;
  // Never echoed: an argument here is most likely the value itself.
  if (opts.value?.length) {
    throw new UsageError('leak check takes the suspected value on stdin, not as an argument (arguments are visible to other users and kept in shell history).',
      'Pipe it in: printf %s "$SUSPECT" | entra-auth-cli leak check   — or scan files with --path. Consider the value you typed exposed: check your shell history.');
  }
  const output = await resolveOutput(opts, LEAK_OUTPUT, io);
  const paths = opts.path ?? [];
  const value = paths.length ? undefined : (await suspectedValue(f)).trim();
  if (value === '') throw new UsageError('leak check: nothing was read from stdin.', 'Pipe the value in: printf %s "$SUSPECT" | entra-auth-cli leak check, or scan files with --path.');

  const [{ checkForLeaks, leakFound }, { resolveTarget }, { adminDeps }, { writeRows }] = await Promise.all([
    import('../../../app/leak/check.ts'), import('../../../app/admin/target.ts'), import('../../admin-deps.ts'), import('../../output/sink.ts'),
  ]);
  const deps = adminDeps(f);
  const target = resolveTarget(deps, opts, { useCurrent: true });
  for (const p of paths) await assertReadable(p);
  const result = await checkForLeaks(deps, {
    target, source: value !== undefined ? { kind: 'stdin', value } : { kind: 'paths', paths }, legacy: opts.legacy, match: opts.match !== false,
  });
  await writeRows(io.out, output, view(), result.findings);
  summarize(f, result, paths.length > 0);
  if (leakFound(result)) process.exitCode = EXIT.threshold;
}

/** From a pipe; on a terminal, asked for without echo. */
async function suspectedValue(f: Factory): Promise<string> {
  const stdin = f.io.in as { isTTY?: boolean } | undefined;
  if (stdin?.isTTY && f.interaction.interactive) {
    return f.interaction.ask({ flag: '--path, or the value on stdin', message: 'Suspected client secret (not shown)', hidden: true });
  }
  // Plain stdin, not secretFromStdin: an empty pipe is refused below with leak check's own advice (--path).
  return f.stdin('leak check');
}

async function assertReadable(path: string): Promise<void> {
  const { stat } = await import('node:fs/promises');
  await stat(path).catch(() => {
    throw new UsageError(`--path '${path}': no such file or folder.`);
  });
}

function summarize(f: Factory, r: LeakCheckResult, files: boolean): void {
  const err = f.io.err;
  if (r.skipped.length) {
    const counts = new Map<string, number>();
    for (const s of r.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
    line(err, `Skipped ${r.skipped.length} file${r.skipped.length === 1 ? '' : 's'}: ${[...counts].map(([why, n]) => `${n} ${why}`).join(', ')}.`);
    if (f.env.EAC_DEBUG) for (const s of r.skipped) line(err, `  skipped (${s.reason}): ${s.path}`);
  }
  if (files && !r.findings.length) line(err, 'No client-secret values found.');
  const live = r.findings.filter((x) => x.match.status === 'confirmed' && !x.match.expired);
  if (live.length) {
    const first = live[0]!.match as Extract<LeakFinding['match'], { status: 'confirmed' }>;
    line(err, `${live.length} value${live.length === 1 ? '' : 's'} still work${live.length === 1 ? 's' : ''}: revoke and replace, e.g. entra-auth-cli leak respond --app ${first.app.appId} --key-id ${first.credentials[0]?.keyId ?? 'KEY_ID'}`);
  }
}

function matchText(m: LeakFinding['match']): string {
  switch (m.status) {
    case 'confirmed': return m.expired ? 'confirmed (expired)' : 'confirmed';
    case 'unconfirmed': return `unconfirmed (${m.tried} of ${m.candidates} candidate app${m.candidates === 1 ? '' : 's'} tried)`;
    case 'no-match': return 'no credential with this hint';
    default: return 'not checked';
  }
}

function view(): RowView<LeakFinding> {
  const confirmed = (r: LeakFinding) => (r.match.status === 'confirmed' ? r.match : undefined);
  const creds = (r: LeakFinding) => confirmed(r)?.credentials ?? [];
  return {
    columns: [
      { header: 'LOCATION', value: (r) => (r.source === 'stdin' ? 'stdin' : `${r.source}:${r.line}:${r.column}`) },
      { header: 'HINT', value: (r) => r.hint },
      { header: 'LENGTH', value: (r) => String(r.length) },
      { header: 'MATCH', value: (r) => matchText(r.match) },
      { header: 'APP ID', value: (r) => confirmed(r)?.app.appId ?? '' },
      { header: 'APPLICATION', value: (r) => confirmed(r)?.app.displayName ?? '' },
      { header: 'KEY ID', value: (r) => creds(r).map((c) => c.keyId).join(' ') },
      { header: 'NAME', value: (r) => creds(r).map((c) => c.displayName ?? '').join(' ') },
      { header: 'END', value: (r) => creds(r).map((c) => formatTime(new Date(c.endDateTime))).join(', ') },
    ],
    json: (r) => {
      const c = confirmed(r);
      return {
        source: r.source, line: r.line, column: r.column, hint: r.hint, length: r.length, format: r.format, match: r.match.status,
        ...(c ? { expired: c.expired, appId: c.app.appId, application: c.app.displayName, appObjectId: c.app.id, credentials: c.credentials } : {}),
        ...(r.match.status === 'unconfirmed' ? { candidates: r.match.candidates, tried: r.match.tried } : {}),
      };
    },
  };
}
