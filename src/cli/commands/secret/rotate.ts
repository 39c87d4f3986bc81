// `secret rotate`: replace a profile's client secret with zero downtime (app/secret/rotate.ts has the order):
// a new secret by convention, proven to get a token, stored where the current one lives, then the old one
// retired per --remove-old. `--all --due 30d` does it for every profile due (a scheduled job). The new value
// is never shown: it goes straight to where the old one lived.
import { DURATION_HELP } from '../../../core/duration.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import { resolveOutput } from '../../output/output.ts';
import { OBJECT_OUTPUT } from '../../output/specs.ts';
import { CliError, EXIT, UsageError } from '../../errors.ts';
import { durationFlag as duration, newSecretRequest } from '../secret-flags.ts';
import { defineCommand, flag } from '../../define-command.ts';

const REMOVE_OLD = ['now', 'after-overlap', 'never'] as const;

export const command = defineCommand({
  name: 'secret rotate',
  description: 'Rotate a profile\'s client secret: create a new one, prove it gets a token, store it where the old one lives, then retire the old one (after a 7-day overlap by default).',
  output: { spec: OBJECT_OUTPUT },
  flags: [
    flag('-p, --profile <name>', 'the ClientSecret profile to rotate'),
    flag('--all', 'every ClientSecret profile whose secret ends within --due (one row each: rotated, skipped, failed; exit 3 if any failed)'),
    flag('--due <duration>', `with --all: rotate what ends within this (${DURATION_HELP}; default 30d)`),
    flag('--remove-old <when>', 'now | after-overlap | never: when the old secret is removed (default after-overlap; `secret prune` removes it then)'),
    flag('--overlap <duration>', `how long both secrets work before the old one may be pruned (default 7d; ${DURATION_HELP})`),
    flag('--wait-for-use', 'remove the old secret only once the sign-in activity shows the new one in use (bounded by --wait-for-use-timeout)'),
    flag('--wait-for-use-timeout <duration>', 'how long --wait-for-use waits before leaving the old secret to `secret prune` (default 10m)'),
    flag('--verify-timeout <duration>', 'how long to keep trying the new secret for a token before giving up and removing it (default 60s)'),
    flag('--dry-run', 'show what would be done; change nothing'),
    flag('--days <n>', 'lifetime of the new secret in days (default 180; capped by the app management policy with --yes)'),
    flag('-y, --yes', "accept the policy's maximum lifetime when --days (or 180) is longer, without asking"),
    flag('--device-code', 'sign the admin in with a device code (also works without a terminal)'),
    flag('--no-browser', 'print the sign-in URL instead of opening a browser'),
    flag('--admin-client-id <guid>', 'the public client the admin signs in through (default: Microsoft Graph PowerShell)'),
  ],
  help: `
The order: the new secret (EAC-EXP-DD-MMM-YY) is created, a token is acquired with it (retried: a new secret
takes seconds to work), and only then stored where the current one lives (the profile's store, or a new
version of its keyvault:// secret). The old one is then removed (now), recorded for \`secret prune\`
(after-overlap) or kept (never). A secret another local profile uses, or one it is not known the profile
used, is never removed. An interrupted rotation is finished or rolled back by the next command.
Verification failing removes the new secret again and keeps the old one (exit 1).

Examples:
  $ entra-auth-cli secret rotate -p demo
  $ entra-auth-cli secret rotate -p demo --remove-old now -o json
  $ entra-auth-cli secret rotate -p demo --remove-old now --wait-for-use
  $ entra-auth-cli secret rotate -p demo --dry-run
  $ entra-auth-cli secret rotate --all --due 30d -o json        # a scheduled job; exit 3 if any failed
  $ entra-auth-cli secret prune                                 # later: remove what is past its overlap`,
  run,
});

export interface SecretRotateOptions {
  profile?: string;
  all?: boolean;
  due?: string;
  removeOld?: string;
  overlap?: string;
  waitForUse?: boolean;
  waitForUseTimeout?: string;
  verifyTimeout?: string;
  dryRun?: boolean;
  days?: string;
  yes?: boolean;
  deviceCode?: boolean;
  browser?: boolean;
  adminClientId?: string;
  output?: string;
  query?: string;
}

export async function run(opts: SecretRotateOptions, f: Factory): Promise<void> {
  const { io } = f;
  const output = await resolveOutput(opts, OBJECT_OUTPUT, io);
  if (opts.all && opts.profile) throw new UsageError('-p rotates one profile and --all every one that is due: give one of them.');
  if (!opts.all && !opts.profile) throw new UsageError('missing -p PROFILE (the profile whose secret to rotate), or --all --due 30d');
  if (opts.due !== undefined && !opts.all) throw new UsageError('--due goes with --all.');
  if (opts.removeOld !== undefined && !(REMOVE_OLD as readonly string[]).includes(opts.removeOld)) throw new UsageError(`invalid --remove-old '${opts.removeOld}': use now, after-overlap or never.`);
  if (opts.overlap !== undefined && opts.removeOld !== undefined && opts.removeOld !== 'after-overlap') throw new UsageError(`--overlap goes with --remove-old after-overlap (not ${opts.removeOld}).`);
  if (opts.waitForUse && opts.removeOld === 'never') throw new UsageError('--wait-for-use decides when the old secret is removed; --remove-old never keeps it: use one of them.');
  const request = newSecretRequest({ days: opts.days, adminClientId: opts.adminClientId, deviceCode: opts.deviceCode });
  const rotate = {
    ...(opts.removeOld ? { removeOld: opts.removeOld as (typeof REMOVE_OLD)[number] } : {}),
    ...(opts.overlap !== undefined ? { overlapMs: duration('--overlap', opts.overlap)! } : {}),
    ...(opts.waitForUseTimeout !== undefined ? { waitForUseMs: duration('--wait-for-use-timeout', opts.waitForUseTimeout)! } : {}),
    ...(opts.verifyTimeout !== undefined ? { verifyTimeoutMs: duration('--verify-timeout', opts.verifyTimeout)! } : {}),
    ...(request.days !== undefined ? { days: request.days } : {}),
    waitForUse: Boolean(opts.waitForUse), dryRun: Boolean(opts.dryRun), assumeYes: Boolean(opts.yes),
    deviceCode: request.deviceCode, browser: opts.browser, ...(request.adminClientId ? { adminClientId: request.adminClientId } : {}),
  };
  const dueMs = duration('--due', opts.due ?? '30d')!;

  const [{ adminDeps }, { rotationJson, rotationPanel, DUE_VIEW }] = await Promise.all([import('../../admin-deps.ts'), import('../../ui/rotation-view.ts')]);
  const deps = adminDeps(f);
  const now = f.clock();
  if (!opts.all) {
    const { rotateProfileSecret } = await import('../../../app/secret/rotate.ts');
    const result = await rotateProfileSecret(deps, { ...rotate, profile: opts.profile! });
    const { writeRecord } = await import('../../output/record.ts');
    await writeRecord(io.out, output, { json: rotationJson(result), panel: () => rotationPanel(result, now) });
    line(io.err, result.dryRun ? 'Dry run: nothing was changed.' : `✓ Rotated profile '${result.profile}'.`);
    return;
  }
  const [{ rotateDue }, { writeRows }] = await Promise.all([import('../../../app/secret/rotate-all.ts'), import('../../output/sink.ts')]);
  const rows = await rotateDue(deps, { ...rotate, dueDays: Math.ceil(dueMs / 86_400_000) });
  await writeRows(io.out, output, DUE_VIEW, rows);
  const failed = rows.filter((r) => r.status === 'failed');
  if (failed.length) throw new CliError(`${failed.length} of ${rows.length} profile${rows.length === 1 ? '' : 's'} could not be rotated: ${failed.map((r) => `'${r.profile}'`).join(', ')} (see REASON).`, EXIT.threshold);
}
