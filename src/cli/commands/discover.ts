// `discover -s PATTERN`: find app registrations through the signed-in admin session (see `login`), pick one
// with the arrow keys (name, app ID, created, its secrets and their expiry), then make a profile for it with
// config create's own questions and saving (scope first, defaulting to the app's own API). With -o, or
// without a terminal, the matches are printed as data instead; --select APPID --name NAME makes the profile
// without asking anything.
import {
  appQuery, AppPatternError, credentialExpiry, describeExpiry, describeQuery, profileNameFor, shortDate,
  type AppQuery, type CredentialExpiry,
} from '../../core/app-search.ts';
import { defaultScopes } from '../../core/profile-draft.ts';
import { validate, type CloudName } from '../../core/profile.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import type { AppRegistration } from '../../entra/graph/applications.ts';
import type { Choice } from '../../app/ports.ts';
import type { AdminDeps } from '../../app/admin/deps.ts';
import type { AdminTarget } from '../../app/admin/session.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import type { Factory } from '../factory.ts';
import { line, paint, type Io } from '../io.ts';
import { Asker } from '../ui/ask.ts';
import type { RowView } from '../output/columns.ts';
import type { OutputFormat } from '../output/formats.ts';
import { resolveOutput, type Output } from '../output/output.ts';
import { LIST_OUTPUT } from '../output/specs.ts';
import { createProfile, type CreateOptions } from './config/create.ts';
import { withConfigErrors } from './config/shared.ts';
import { defineCommand, flag } from '../define-command.ts';
import { NEW_SECRET_FLAGS } from './config/flags.ts';

export const command = defineCommand({
  name: 'discover',
  description: 'Find app registrations by name through the admin sign-in, pick one with the arrow keys (its secrets and their expiry shown), and make a profile for it.',
  output: { spec: LIST_OUTPUT, purpose: 'list the matches as data instead of picking one' },
  flags: [
    flag('-s, --search <pattern>', "MyApp* (names starting with MyApp), *App* (a word in the name starting with App), an exact name, or '*'"),
    flag('--tenant <tenant>', 'tenant ID or domain (default: the running emulator\'s with --cloud local, else the last login\'s)'),
    flag('--cloud <cloud>', 'public | usgov | china | local (default: the last login\'s, else public)'),
    flag('--select <appId>', 'make the profile for this app without the picker (scripts)'),
    flag('--name <name>', 'profile name (on a terminal the default comes from the app name)'),
    flag('--scope <scopes>', "scope(s); default: the app's own api://…/.default if it exposes an API, else Microsoft Graph's", { repeatable: true }),
    flag('--auth-method <method>', 'ClientSecret (default) | Certificate | InteractiveBrowser | DeviceCode'),
    flag('--client-secret-stdin', 'read the client secret from stdin'),
    flag('--secret-ref <ref>', 'read the secret at token time from env:VAR, file:PATH or keyvault://VAULT/NAME'),
    flag('--certificate <path>', 'PEM (certificate + private key) or PFX file'),
    flag('--certificate-password-stdin', "read the certificate file's password from stdin"),
    flag('--flow <flow>', 'default flow: client-credentials | interactive | device-code'),
    flag('--default', 'make it the default profile'),
    ...NEW_SECRET_FLAGS,
  ],
  help: `
Searches through the admin session of \`entra-auth-cli login\` (it signs you in when there is none, on a
terminal). All pages of matches are read. Without a terminal, or with -o, the matches are printed as data
(stdout) and nothing is asked; --select APPID --name NAME makes the profile instead.

Examples:
  $ entra-auth-cli discover -s "MyApp*"                              # pick, then profile name, scope, secret
  $ entra-auth-cli discover -s "*orders*" --cloud local -o json | jq -r '.[].appId'
  $ entra-auth-cli discover -s "Contoso Orders API" --tenant contoso.onmicrosoft.com
  $ entra-auth-cli discover --select "$APP_ID" --name orders --create-secret --no-display   # in a pipeline`,
  run,
});

export interface DiscoverOptions extends CreateOptions {
  search?: string;
  output?: string;
  query?: string;
  select?: string;
}

/** An app as discover shows it. */
export interface FoundApp {
  displayName: string;
  appId: string;
  objectId: string;
  createdDateTime: string | null;
  identifierUris: string[];
  secrets: CredentialExpiry[];
  certificates: CredentialExpiry[];
}

const FIELDS = 'id,appId,displayName,createdDateTime,identifierUris,passwordCredentials,keyCredentials';

/** Flags that shape the profile: without a terminal they only make sense with --select. */
const PROFILE_FLAGS: [keyof DiscoverOptions, string][] = [
  ['name', '--name'], ['authMethod', '--auth-method'], ['clientSecretStdin', '--client-secret-stdin'], ['secretRef', '--secret-ref'],
  ['createSecret', '--create-secret'], ['certificate', '--certificate'], ['scope', '--scope'], ['flow', '--flow'],
];

export function run(opts: DiscoverOptions, f: Factory): Promise<void> {
  const { io } = f;
  return withConfigErrors(async () => {
    const now = f.clock();
    // -o or --query ask for the matches as data.
    const asked: Output<OutputFormat> | undefined = opts.output === undefined && opts.query === undefined ? undefined : await resolveOutput(opts, LIST_OUTPUT, io);
    const dataFlag = opts.output !== undefined ? '-o' : '--query';
    if (opts.search === undefined && opts.select === undefined) throw new UsageError('missing -s PATTERN: what to search for (MyApp*, *App* or an exact name), or --select APPID.');
    let query: AppQuery | undefined;
    try {
      query = opts.search === undefined ? undefined : appQuery(opts.search);
    } catch (err) {
      if (err instanceof AppPatternError) throw new UsageError(`invalid -s ${err.message}`);
      throw err;
    }
    if (opts.select !== undefined && validate.clientId(opts.select)) throw new UsageError(`invalid --select: ${validate.clientId(opts.select)}`);
    const ask = new Asker(io, f.interaction);
    const listing = asked !== undefined || (!ask.interactive && opts.select === undefined);
    if (listing) {
      const stray = PROFILE_FLAGS.filter(([k]) => opts[k] !== undefined && opts[k] !== false).map(([, f]) => f);
      if (opts.select !== undefined) stray.unshift('--select');
      if (stray.length) {
        throw new UsageError(`${stray.join(', ')} ${stray.length > 1 ? 'make' : 'makes'} a profile, but ${asked ? `${dataFlag} lists the matches` : 'without a terminal discover lists the matches'}: `
          + `${asked ? `drop ${dataFlag}` : 'add --select APPID'} to make a profile.`);
      }
    }

    // The same rule as secret create and login: --cloud / --tenant, else the last login's, else public.
    // The admin session (MSAL, Graph) loads here, not with the command table.
    const [{ adminDeps }, { resolveTarget }] = await Promise.all([import('../admin-deps.ts'), import('../../app/admin/target.ts')]);
    const deps = adminDeps(f);
    const target = resolveTarget(deps, { tenant: opts.tenant, cloud: opts.cloud }, { useCurrent: true });
    const { apps, tenant } = await findApps(deps, target, query, opts, ask.interactive || Boolean(opts.deviceCode));

    if (listing) {
      line(io.err, `${apps.length} app registration${apps.length === 1 ? '' : 's'}: ${terminalSafe(describeQuery(query!))} in tenant ${tenant}.`);
      const { writeRows } = await import('../output/sink.ts');
      await writeRows(io.out, asked ?? await resolveOutput({}, LIST_OUTPUT, io), VIEW, apps.map((a) => found(a, now)));
      return;
    }

    const app = await pick(apps, opts, query, tenant, ask, io, now);
    const cloudName = target.cloudName ?? 'public';
    // --device-code / --admin-client-id served the search's sign-in; the secret step reuses that session.
    const signInFlags = opts.createSecret ? {} : { deviceCode: undefined, adminClientId: undefined };
    await createProfile({ ...opts, ...signInFlags, cloud: cloudName, tenant, clientId: app.appId }, f,
      { suggestedName: profileNameFor(app.displayName), scopes: scopesFor(app, cloudName) });
  });
}

/** Every app registration matching the query (all pages), sorted by name. */
async function findApps(deps: AdminDeps, target: AdminTarget, query: AppQuery | undefined, opts: DiscoverOptions, maySignIn: boolean): Promise<{ apps: AppRegistration[]; tenant: string }> {
  const [{ openAdminSession, notSignedInError }, { listApplications }, graphErrors] = await Promise.all([
    import('../../app/admin/session.ts'), import('../../entra/graph/applications.ts'), loadGraphErrors(),
  ]);
  const session = await openAdminSession(deps, target, maySignIn ? { deviceCode: opts.deviceCode, adminClientId: opts.adminClientId } : undefined);
  if (!session) throw notSignedInError(target, 'to search its app registrations');
  // A profile needs the tenant itself, not 'organizations': take it from the session.
  const tenant = target.tenant === 'organizations' ? session.session.tenantId ?? target.tenant : target.tenant;
  try {
    const graph = await session.graph();
    const apps: AppRegistration[] = [];
    const q = query ?? { kind: 'all' as const };
    const filter = q.kind === 'startswith' || q.kind === 'eq' ? q.filter : undefined;
    const search = q.kind === 'search' ? q.search : undefined;
    // --select without -s: just that app (its appId is a GUID, checked above).
    const byId = opts.select !== undefined && !query ? `appId eq '${opts.select.toLowerCase()}'` : undefined;
    for await (const app of listApplications(graph, { filter: byId ?? filter, search, select: FIELDS })) apps.push(app);
    const name = (a: AppRegistration) => a.displayName ?? '';
    return { apps: apps.sort((a, b) => name(a).localeCompare(name(b)) || a.appId.localeCompare(b.appId)), tenant };
  } catch (err) {
    throw listingError(err, session.who, tenant, graphErrors);
  } finally {
    session.close();
  }
}

/** What tells Graph's refusals and network failures apart, loaded with the search. */
async function loadGraphErrors() {
  const [{ GraphApiError }, { networkFailureText }] = await Promise.all([import('../../entra/graph/client.ts'), import('../../app/secret/errors.ts')]);
  return { GraphApiError, networkFailureText };
}

function listingError(err: unknown, who: string, tenant: string, { GraphApiError, networkFailureText }: Awaited<ReturnType<typeof loadGraphErrors>>): unknown {
  if (err instanceof CliError) return err;
  if (err instanceof GraphApiError && (err.status === 403 || err.status === 401)) {
    return new CliError(`${who} may not read the app registrations of tenant '${tenant}'.`, EXIT.needsUserAction,
      'Reading them needs Application.Read.All (or Application.ReadWrite.All, Directory.Read.All); sign in as an account that has it: entra-auth-cli login');
  }
  const net = networkFailureText(err);
  if (net) return new CliError(`Could not search the app registrations: ${net}`, EXIT.failure, 'Check the network, proxy or firewall, and --cloud; for the local emulator, that it is running.');
  if (err instanceof GraphApiError) return new CliError(`Microsoft Graph refused the search (${err.status} ${err.code}): ${err.message}${err.requestId ? ` (request-id ${err.requestId})` : ''}`);
  return err;
}

function found(a: AppRegistration & { identifierUris?: string[] }, now: Date): FoundApp {
  const byEnd = (x: CredentialExpiry, y: CredentialExpiry) => x.endDateTime.localeCompare(y.endDateTime);
  return {
    displayName: a.displayName ?? '', appId: a.appId, objectId: a.id, createdDateTime: a.createdDateTime ?? null, identifierUris: a.identifierUris ?? [],
    secrets: (a.passwordCredentials ?? []).map((c) => credentialExpiry(c, now)).sort(byEnd),
    certificates: (a.keyCredentials ?? []).map((c) => credentialExpiry(c, now)).sort(byEnd),
  };
}

const createdText = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

/** The listing: these columns for table/tsv/csv, the FoundApp itself as JSON. */
const VIEW: RowView<FoundApp> = {
  columns: [
    { header: 'Name', value: (a) => a.displayName },
    { header: 'App ID', value: (a) => a.appId },
    { header: 'Created', value: (a) => createdText(a.createdDateTime) },
    { header: 'Secrets', value: (a) => a.secrets.map(describeExpiry).join('; ') },
  ],
};

/** "2 secrets, next expires 30 Jul 2026 (180 days left)", for one line of the picker. */
function secretsSummary(a: FoundApp): string {
  if (!a.secrets.length) return 'no secrets';
  const n = `${a.secrets.length} secret${a.secrets.length === 1 ? '' : 's'}`;
  const live = a.secrets.filter((s) => !s.expired);
  if (!live.length) return `${n}, all expired`;
  const next = live[0]!;
  return `${n}, next expires ${shortDate(next.endDateTime)} (${next.daysLeft} day${next.daysLeft === 1 ? '' : 's'} left)`;
}

async function pick(apps: AppRegistration[], opts: DiscoverOptions, query: AppQuery | undefined, tenant: string, ask: Asker, io: Io, now: Date): Promise<FoundApp> {
  const where = `${query ? describeQuery(query) : 'app registrations'} in tenant ${tenant}`;
  if (opts.select !== undefined) {
    const hit = apps.find((a) => a.appId.toLowerCase() === opts.select!.toLowerCase());
    if (!hit) throw new CliError(`No app registration with client ID '${opts.select}' among the ${apps.length} ${where}.`, EXIT.failure, query ? 'Check the ID, or search without -s: entra-auth-cli discover --select APPID' : undefined);
    return found(hit, now);
  }
  if (!apps.length) {
    throw new CliError(`No ${where}.`, EXIT.failure, 'Patterns: MyApp* (names starting with MyApp), *App* (a word in the name starting with App), or the exact name.');
  }
  const list = apps.map((a) => found(a, now));
  // Names come from the tenant: the picker shows them terminal-safe (it writes to the terminal directly).
  const shown = (t: string) => terminalSafe(t, { keepLayout: false });
  const width = Math.min(40, Math.max(...list.map((a) => shown(a.displayName).length)));
  const c = paint(io);
  const choices: Choice<string>[] = list.map((a) => ({
    value: a.appId,
    name: `${fit(shown(a.displayName), width)}  ${a.appId}  ${createdText(a.createdDateTime).padEnd(10)}  ${secretsSummary(a)}`,
    description: [
      ...(a.secrets.length ? a.secrets.map((s) => `secret ${describeExpiry(s)}`) : ['no client secrets']),
      ...a.certificates.map((s) => `certificate ${describeExpiry(s)}`),
      ...(a.identifierUris.length ? [`exposes ${a.identifierUris.join(', ')}`] : []),
    ].map(shown).join('\n'),
  }));
  line(io.err, c.dim(`${list.length} ${where}.`));
  const rows = (io.err as { rows?: number }).rows ?? 24;
  const appId = await ask.interaction.choose<string>({ flag: '--select', message: 'Select an app', choices, pageSize: Math.max(3, Math.min(choices.length, rows - 14)) });
  return list.find((a) => a.appId === appId)!;
}

function fit(name: string, width: number): string {
  return name.length > width ? `${name.slice(0, width - 1)}…` : name.padEnd(width);
}

/** The app's own API when it exposes one (api://…/.default), else Microsoft Graph of the cloud. */
function scopesFor(app: FoundApp, cloud: CloudName): string[] {
  const own = app.identifierUris.map((u) => `${u.replace(/\/+$/, '')}/.default`).find((s) => !validate.scope(s));
  return own ? [own] : defaultScopes(cloud);
}
