// `leak respond`: the playbook for a leaked client secret — replacement created, stored and proven (every
// local profile that used it is rotated; otherwise --to-keyvault / --profile / --no-replacement), the leaked
// credential revoked (always: confirmed on a terminal, --yes otherwise), and the sign-ins that used its key
// since --since listed. Steps on stderr; the data (-o json) or the sign-ins (table, tsv, csv) on stdout.
import type { LeakResponse, LeakSignIn, ReplacementTarget } from '../../../app/leak/respond.ts';
import { formatTime } from '../../../core/claims.ts';
import { DURATION_HELP, parseDuration } from '../../../core/duration.ts';
import { isGuid } from '../../../core/profile.ts';
import { terminalSafe } from '../../../core/terminal-text.ts';
import { UsageError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import type { Column } from '../../output/columns.ts';
import { allFormats } from '../../output/formats.ts';
import { resolveOutput } from '../../output/output.ts';
import { defineCommand, flag } from '../../define-command.ts';
import { durationFlag, newSecretRequest } from '../secret-flags.ts';

const RESPOND_OUTPUT = allFormats({ tty: 'table', pipe: 'json' });
const DEFAULT_SINCE = '30d';

export const command = defineCommand({
  name: 'leak respond',
  description: 'Answer a leaked client secret: replace it (proven), revoke it, and list the sign-ins that used it.',
  output: { spec: RESPOND_OUTPUT, purpose: 'json: every step\'s outcome; table/tsv/csv: the sign-ins of the leaked key' },
  flags: [
    flag('--app <appId>', 'the application (client) ID the leaked secret belongs to (leak check tells)'),
    flag('--key-id <keyId>', 'the leaked credential\'s key ID (leak check tells)'),
    flag('--since <when>', `list the key's sign-ins since this long ago or this ISO time (default ${DEFAULT_SINCE}; ${DURATION_HELP})`),
    flag('--to-keyvault <vault/name>', 'when no local profile uses the secret: save the replacement to this Key Vault secret'),
    flag('-p, --profile <name>', 'when no local profile uses the secret: save the replacement to this profile (made if new)'),
    flag('--no-replacement', 'when no local profile uses the secret: revoke it without making a replacement'),
    flag('-y, --yes', 'revoke without asking (the only way without a terminal)'),
    flag('--days <n>', 'lifetime of the replacement in days (default 180, capped by the app management policy)'),
    flag('--verify-timeout <duration>', 'how long the replacement may take to start working (default 60s)'),
    flag('--tenant <tenant>', "tenant ID or domain (default: the current admin session's)"),
    flag('--cloud <cloud>', "public | usgov | china | local (default: the current admin session's)"),
    flag('--device-code', 'sign the admin in with a device code (also works without a terminal)'),
    flag('--no-browser', 'print the sign-in URL instead of opening a browser'),
  ],
  help: `
The order: (1) every local profile that uses the leaked credential is rotated to a new secret that is proven
to get a token before the profile uses it, with the leaked one removed at once (an interrupted run is
finished by the next command); with no such profile the replacement goes where --to-keyvault or --profile
says, or nowhere with --no-replacement. (2) The leaked credential is revoked even if the replacement fails
or cannot be verified: a leaked secret must die, and whatever still uses it stops working — you are asked
first on a terminal; --yes otherwise. (3) The key's sign-ins since --since (time, IP, resource, status),
flagged NEW IP / NEW RESOURCE when the app's other keys never signed in from there or to it in that time.
Running it again is safe: a revoked credential is reported as gone and its sign-ins listed.

Examples:
  $ entra-auth-cli leak check --path . -o json          # which app and key (appId, credentials[].keyId)
  $ entra-auth-cli leak respond --app "$APP_ID" --key-id "$KEY_ID" --since 7d
  $ entra-auth-cli leak respond --app "$APP_ID" --key-id "$KEY_ID" --yes --to-keyvault prod-kv/orders-secret -o json
  $ entra-auth-cli leak respond --app "$APP_ID" --key-id "$KEY_ID" --yes --no-replacement --since 2026-11-01T00:00:00Z`,
  run,
});

export interface LeakRespondOptions {
  app?: string;
  keyId?: string;
  since?: string;
  toKeyvault?: string;
  profile?: string;
  /** Commander's --no-replacement: false when given. */
  replacement?: boolean;
  yes?: boolean;
  days?: string;
  verifyTimeout?: string;
  tenant?: string;
  cloud?: string;
  deviceCode?: boolean;
  browser?: boolean;
  output?: string;
  query?: string;
}

export async function run(opts: LeakRespondOptions, f: Factory): Promise<void> {
  const { io } = f;
  const output = await resolveOutput(opts, RESPOND_OUTPUT, io);
  if (!opts.app || !isGuid(opts.app)) throw new UsageError(opts.app ? `invalid --app '${opts.app}': the application (client) ID, a GUID.` : 'missing --app APPID (the app the leaked secret belongs to; leak check tells).');
  if (!opts.keyId || !isGuid(opts.keyId)) throw new UsageError(opts.keyId ? `invalid --key-id '${opts.keyId}': a credential's key ID, a GUID.` : 'missing --key-id KEY_ID (the leaked credential; leak check tells).');
  const replacement = replacementFlag(opts);
  const since = sinceFlag(opts.since ?? DEFAULT_SINCE, f.clock());
  const { days } = newSecretRequest({ days: opts.days });
  const verifyTimeoutMs = durationFlag('--verify-timeout', opts.verifyTimeout);

  const [{ respondToLeak }, { resolveTarget }, { adminDeps }, { writeRecord }] = await Promise.all([
    import('../../../app/leak/respond.ts'), import('../../../app/admin/target.ts'), import('../../admin-deps.ts'), import('../../output/record.ts'),
  ]);
  const deps = adminDeps(f);
  const target = resolveTarget(deps, { tenant: opts.tenant, cloud: opts.cloud }, { useCurrent: true });
  const result = await respondToLeak(deps, {
    target, appId: opts.app.toLowerCase(), keyId: opts.keyId.toLowerCase(), since, assumeYes: opts.yes, deviceCode: opts.deviceCode, browser: opts.browser,
    ...(replacement ? { replacement } : {}), ...(days !== undefined ? { days } : {}), ...(verifyTimeoutMs ? { verifyTimeoutMs } : {}),
  });
  report(f, result);
  await writeRecord(io.out, output, { json: result, rows: { columns: SIGN_IN_COLUMNS, rows: result.signIns ?? [] } });
}

function replacementFlag(opts: LeakRespondOptions): ReplacementTarget | undefined {
  const given = [opts.toKeyvault !== undefined && '--to-keyvault', opts.profile !== undefined && '--profile', opts.replacement === false && '--no-replacement'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} are different places for the replacement: use one.`);
  if (opts.replacement === false) return { kind: 'none' };
  if (opts.profile !== undefined) return { kind: 'profile', profile: opts.profile };
  const { keyVault } = newSecretRequest({ toKeyvault: opts.toKeyvault });
  return keyVault ? { kind: 'keyvault', ...keyVault } : undefined;
}

function sinceFlag(text: string, now: Date): Date {
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  const at = /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) throw new UsageError(`invalid --since '${text}': ${DURATION_HELP}, or an ISO time such as 2026-11-01T00:00:00Z.`);
  // A mistyped year would list no sign-ins and read as "the leaked key was never used".
  if (at > now.getTime()) throw new UsageError(`invalid --since '${text}': it is in the future; give a time in the past.`);
  return new Date(at);
}

const flagText = (b: boolean | null) => (b === null ? '' : b ? 'NEW' : '');

const SIGN_IN_COLUMNS: Column<LeakSignIn>[] = [
  { header: 'TIME', value: (s) => formatTime(new Date(s.createdDateTime)) },
  { header: 'IP', value: (s) => s.ipAddress ?? '' },
  { header: 'NEW IP', value: (s) => flagText(s.newIp) },
  { header: 'RESOURCE', value: (s) => s.resource ?? s.resourceId ?? '' },
  { header: 'NEW RESOURCE', value: (s) => flagText(s.newResource) },
  { header: 'STATUS', value: (s) => s.status },
];

/** Each step's outcome, on stderr. */
function report(f: Factory, r: LeakResponse): void {
  // App names, display names and failure reasons come from the tenant: escaped before the terminal sees them.
  const say = (text: string) => line(f.io.err, terminalSafe(text, { keepLayout: false }));
  const app = `'${r.app.displayName}' (${r.app.appId})`;
  const rep = r.replacement;
  if (rep.kind === 'rotated') for (const p of rep.profiles) say(`✓ Replaced: profile '${p.profile}' now uses ${p.new.displayName} (keyId ${p.new.keyId}), proven after ${p.verifiedAfterSeconds ?? '?'} s.`);
  else if (rep.kind === 'created') {
    const where = rep.storedIn.kind === 'keyvault' ? `Key Vault ${rep.storedIn.vault}/${rep.storedIn.name}` : `profile '${rep.storedIn.profile}'`;
    say(`${rep.verifiedAfterSeconds === null ? '⚠ Replacement saved but not proven' : '✓ Replaced'}: ${rep.displayName} (keyId ${rep.keyId}) saved to ${where}${rep.verifiedAfterSeconds === null ? '' : `, proven after ${rep.verifiedAfterSeconds} s`}.`);
  } else if (rep.kind === 'failed') say(`✗ Replacement failed: ${rep.reason}`);
  else if (r.credential) say('- No replacement made.');
  say(r.credential ? `✓ Revoked: credential ${r.keyId} of ${app}.` : `- Credential ${r.keyId} of ${app} was already gone.`);
  if (r.signIns === null) say('? Sign-ins of the leaked key: the logs could not be read (see above).');
  else {
    const unusual = r.signIns.filter((s) => s.newIp || s.newResource).length;
    say(`${r.signIns.length} sign-in${r.signIns.length === 1 ? '' : 's'} with the leaked key since ${formatTime(new Date(r.since))}${unusual ? `, ${unusual} from an IP or to a resource the app's other keys never used` : ''}.`);
  }
}
