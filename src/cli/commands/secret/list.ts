// `secret list`: every client secret and certificate of an app registration (and, with --service-principal,
// of its service principal): name, keyId, hint, type, start, end, days left, status, whether the name follows
// EAC-EXP-DD-MMM-YY, which local profiles use it, and when it last signed in. Never a value. In a script:
// `secret list --app "$APP_ID" -o json` is an array of credentials (times in ISO UTC).
import type { ListedCredential } from '../../../app/secret/list.ts';
import { formatTime } from '../../../core/claims.ts';
import { isGuid } from '../../../core/profile.ts';
import { terminalSafe } from '../../../core/terminal-text.ts';
import { UsageError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import type { RowView } from '../../output/columns.ts';
import { resolveOutput } from '../../output/output.ts';
import { LIST_OUTPUT } from '../../output/specs.ts';
import { defineCommand, flag } from '../../define-command.ts';

/** Where the app is and how the admin signs in: the flags secret list and secret delete share. */
export const ADMIN_TARGET_FLAGS = [
  flag('--tenant <tenant>', "with --app: tenant ID or domain (default: the current admin session's)"),
  flag('--cloud <cloud>', "with --app: public | usgov | china | local (default: the current admin session's)"),
  flag('--device-code', 'sign the admin in with a device code (also works without a terminal)'),
  flag('--no-browser', 'print the sign-in URL instead of opening a browser'),
  flag('--admin-client-id <guid>', 'the public client the admin signs in through (default: Microsoft Graph PowerShell)'),
];

/** The options ADMIN_TARGET_FLAGS, -p, --app, -o and --query give. */
export interface AdminTargetOptions {
  profile?: string;
  app?: string;
  tenant?: string;
  cloud?: string;
  deviceCode?: boolean;
  /** Commander's --no-browser. */
  browser?: boolean;
  adminClientId?: string;
  output?: string;
  query?: string;
}

export const command = defineCommand({
  name: 'secret list',
  description: "List an app registration's client secrets and certificates: expiry, status, naming, which profile uses each, last sign-in. Never a value.",
  output: { spec: LIST_OUTPUT },
  flags: [
    flag('-p, --profile <name>', "the profile's app (and its cloud and tenant)"),
    flag('--app <appId>', "the application (client) ID, in the current admin session's tenant (or --tenant / --cloud)"),
    flag('--service-principal', "also the credentials of the app's service principal (Enterprise applications), marked in the Origin column"),
    ...ADMIN_TARGET_FLAGS,
  ],
  help: `
Sorted by end date, soonest first. Status: expired, expiring-14d / -30d / -45d (that many days left or
fewer), ok, no-expiry. "Profiles" names the local profiles whose secret it is: the credential the profile
recorded when entra-auth-cli created it, else the one whose hint (first 3 characters) its value starts with
("name?" when several credentials share that hint). "Last sign-in" comes from Graph's sign-in activity report
(AuditLog.Read.All); when it cannot be read the column is empty and stderr says why. Table: times in your
zone; json/yaml/ndjson: ISO 8601 UTC.

Examples:
  $ entra-auth-cli secret list -p demo
  $ entra-auth-cli secret list --app "$APP_ID" -o json                     # array of credentials, no values
  $ entra-auth-cli secret list --app "$APP_ID" --service-principal
  $ entra-auth-cli secret list -p demo --query "[?status=='expired'].keyId" -o tsv`,
  run,
});

export interface SecretListOptions extends AdminTargetOptions {
  servicePrincipal?: boolean;
}

export async function run(opts: SecretListOptions, f: Factory): Promise<void> {
  const { io } = f;
  const output = await resolveOutput(opts, LIST_OUTPUT, io);
  const [{ listSecrets }, { profileSecretReader }, { writeRows }] = await Promise.all([
    import('../../../app/secret/list.ts'), import('../../../app/secret/profiles-using.ts'), import('../../output/sink.ts'),
  ]);
  const { deps, target } = await secretsTarget(opts, f);
  const listing = await listSecrets(deps, target, {
    servicePrincipal: opts.servicePrincipal, deviceCode: opts.deviceCode, browser: opts.browser, adminClientId: opts.adminClientId,
    readSecret: profileSecretReader(() => f.secrets(), f.env),
  });
  const { application: app, credentials } = listing;
  line(io.err, `${credentials.length} credential${credentials.length === 1 ? '' : 's'} of ${terminalSafe(app.displayName, { keepLayout: false })} (${app.appId})${opts.servicePrincipal ? ' and its service principal' : ''}.`);
  if (!listing.signInActivity.readable) line(io.err, `note: ${terminalSafe(listing.signInActivity.why, { keepLayout: false })}`); // names the signed-in admin: tenant text
  for (const g of listing.profilesOnGoneCredentials) {
    line(io.err, `note: profile '${g.profile}' recorded credential ${g.keyId}, which is no longer in the app: its secret no longer works (entra-auth-cli secret create -p ${g.profile}).`);
  }
  await writeRows(io.out, output, listView(listing.signInActivity.readable), credentials);
}

/**
 * -p NAME: that profile's app, cloud and tenant; --app: the current admin session's (or --tenant / --cloud's).
 * The same rule as secret create (app/admin/target.ts). Shared with secret delete.
 */
export async function secretsTarget(opts: { profile?: string; app?: string; tenant?: string; cloud?: string }, f: Factory, whose = 'whose credentials to list') {
  if (!opts.app && !opts.profile) throw new UsageError(`missing --app APPID or -p PROFILE (the app registration ${whose})`);
  if (opts.app && !isGuid(opts.app)) throw new UsageError(`invalid --app '${opts.app}': the application (client) ID, a GUID.`);
  const [{ resolveTarget }, { adminDeps }] = await Promise.all([import('../../../app/admin/target.ts'), import('../../admin-deps.ts')]);
  const deps = adminDeps(f);
  const resolved = resolveTarget(deps, opts, { useCurrent: true });
  const profile = resolved.profile;
  if (profile && opts.app && profile.clientId.toLowerCase() !== opts.app.toLowerCase()) {
    throw new UsageError(`--app ${opts.app} is not the app of profile '${profile.name}' (${profile.clientId}): give one of them.`);
  }
  return { deps, target: { ...resolved, appId: (opts.app ?? profile!.clientId).toLowerCase() } };
}

const profilesText = (c: ListedCredential) => c.profiles.map((p) => (p.match === 'ambiguous' ? `${p.profile}?` : p.profile)).join(', ');
const when = (iso: string | null) => (iso ? formatTime(new Date(iso)) : '');

/** Table and tsv/csv: times in the viewer's zone; JSON: the credential as the use case returns it (ISO UTC). */
function listView(signInsReadable: boolean): RowView<ListedCredential> {
  return {
    columns: [
      { header: 'Name', value: (c) => c.name ?? '' },
      { header: 'Key ID', value: (c) => c.keyId },
      { header: 'Hint', value: (c) => c.hint ?? '' },
      { header: 'Type', value: (c) => (c.usage && c.type === 'certificate' ? `certificate (${c.usage})` : c.type) },
      { header: 'Origin', value: (c) => (c.origin === 'servicePrincipal' ? 'service principal' : 'application') },
      { header: 'Start', value: (c) => when(c.startDateTime) },
      { header: 'End', value: (c) => when(c.endDateTime) },
      { header: 'Days Left', value: (c) => (c.daysLeft === null ? '' : String(c.daysLeft)) },
      { header: 'Status', value: (c) => c.status },
      { header: 'Naming', value: (c) => (c.followsNamingConvention ? 'EAC-EXP' : 'other') },
      { header: 'Profiles', value: profilesText },
      { header: 'Last Sign-in', value: (c) => (c.lastSignInDateTime ? when(c.lastSignInDateTime) : signInsReadable ? 'never' : '') },
    ],
    json: (c) => ({
      name: c.name, keyId: c.keyId, pairedKeyId: c.pairedKeyId, hint: c.hint, type: c.type, usage: c.usage, origin: c.origin,
      startDateTime: c.startDateTime, endDateTime: c.endDateTime, daysLeft: c.daysLeft, status: c.status,
      followsNamingConvention: c.followsNamingConvention, profiles: c.profiles, lastSignInDateTime: c.lastSignInDateTime,
    }),
  };
}
