// `secret prune`: removes the old client secrets that rotations left for later (--remove-old after-overlap,
// or --wait-for-use not yet proven) once their overlap has passed and their replacement is proven
// (app/secret/prune.ts). One row per pending retirement: removed, pending, waiting, kept, gone, failed.
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import { resolveOutput } from '../../output/output.ts';
import { LIST_OUTPUT } from '../../output/specs.ts';
import { CliError, EXIT } from '../../errors.ts';
import { defineCommand, flag } from '../../define-command.ts';

export const command = defineCommand({
  name: 'secret prune',
  description: 'Remove old client secrets whose rotation overlap has passed and whose replacement is proven.',
  output: { spec: LIST_OUTPUT },
  flags: [
    flag('--dry-run', 'show what would be removed; remove nothing'),
    flag('--device-code', 'sign the admin in with a device code (also works without a terminal)'),
    flag('--no-browser', 'print the sign-in URL instead of opening a browser'),
  ],
  help: `
Each old secret is removed only when its overlap has passed, its replacement is still in the app, no local
profile uses it, and (when the rotation asked with --wait-for-use) the replacement has been seen signing in.
What cannot go yet stays pending and is shown with why. Exit 1 if one could not be checked (sign-in, network).

Examples:
  $ entra-auth-cli secret prune
  $ entra-auth-cli secret prune --dry-run -o json`,
  run,
});

export interface SecretPruneOptions {
  dryRun?: boolean;
  deviceCode?: boolean;
  browser?: boolean;
  output?: string;
  query?: string;
}

export async function run(opts: SecretPruneOptions, f: Factory): Promise<void> {
  const { io } = f;
  const output = await resolveOutput(opts, LIST_OUTPUT, io);
  const [{ adminDeps }, { pruneRetirements }, { writeRows }, { PRUNE_VIEW }] = await Promise.all([
    import('../../admin-deps.ts'), import('../../../app/secret/prune.ts'), import('../../output/sink.ts'), import('../../ui/rotation-view.ts'),
  ]);
  const rows = await pruneRetirements(adminDeps(f), { dryRun: Boolean(opts.dryRun), deviceCode: Boolean(opts.deviceCode), browser: opts.browser });
  await writeRows(io.out, output, PRUNE_VIEW, rows);
  if (!rows.length) line(io.err, 'Nothing to prune: no old secret is waiting for retirement.');
  else if (opts.dryRun) line(io.err, 'Dry run: nothing was removed ("removed" says what would be).');
  const failed = rows.filter((r) => r.action === 'failed');
  if (failed.length) throw new CliError(`${failed.length} old secret${failed.length === 1 ? '' : 's'} could not be checked (see REASON); they stay pending.`, EXIT.failure);
}
