// The command table. Each command wires its flags here and loads its implementation only when it runs,
// so `entra-auth-cli <anything>` pays only for the command it uses.
import { Argument, Command, CommanderError, Option } from 'commander';
import { VERSION } from './version.ts';
import { processIo, type Io } from './io.ts';
import { CliError, EXIT } from './errors.ts';
import { redact } from '../core/redact.ts';
import { terminalSafe } from '../core/terminal-text.ts';
import { ActionableError } from '../core/actionable-error.ts';
import { withOutput } from './output/option.ts';
import { INSPECT_OUTPUT, LIST_OUTPUT, OBJECT_OUTPUT, PROPERTIES_OUTPUT, SECRET_OUTPUT, TOKEN_OUTPUT } from './output/specs.ts';

export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await recoverInterruptedSecretCreations(io);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    return reportError(err, io);
  }
}

export function buildProgram(io: Io): Command {
  const program = new Command('entra-auth-cli')
    .description('Manage Microsoft Entra ID application credentials, with a local Entra emulator for tests.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    // Commander echoes what was typed (an unknown command may be a pasted secret): through redact() too.
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(safe(s)) })
    .addHelpText('after', `
Examples:
  $ entra-auth-cli demo                          # start an emulated tenant and get a token from it
  $ entra-auth-cli emulator start --port 8443    # run the emulator for your own tests
  $ eac emulator start --port 0 --json           # machine-readable connection info (eac is an alias)

Docs: README.md ("Run the emulator for your tests").`);

  addConfigCommands(program, io);
  addTokenCommands(program, io);
  addDiscoverCommand(program, io);
  addSecretCommands(program, io);
  addCompletionCommand(program, io);

  const emulator = program.command('emulator').description('Run the local Entra ID emulator (identity platform, Graph, Key Vault).');
  emulator.command('start')
    .description('Start the emulator and keep it running until Ctrl+C (SIGINT) or SIGTERM.')
    .addOption(new Option('--port <n>', 'port to listen on; 0 picks a free one').default('8443'))
    .option('--host <address>', 'interface to listen on (loopback unless you ask)', '127.0.0.1')
    .option('--state-dir <dir>', 'persist tenant state, keys and the local CA here across restarts')
    .option('--seed <file>', 'tenant content from a JSON seed file (see docs/emulator-seed.md)')
    .option('--cert <file>', 'serve this PEM certificate instead of one from the local CA (with --key)')
    .option('--key <file>', 'private key (PEM) for --cert')
    .option('--json', 'print one JSON line with the connection info when ready')
    .addOption(new Option('--device-code-interval <seconds>', 'device-code polling interval to ask clients for').default('5'))
    .option('--verbose', 'log each request (method, path, status, time) to stderr')
    .option('--apps <n>', 'add N synthetic applications (with service principals, owners, credentials) to a fresh tenant')
    .option('--credentials-per-app <k>', 'secrets and certificates per synthetic application (default 2)')
    .option('--seed-random <s>', 'seed of the synthetic tenant: same seed, same tenant (default 1)')
    .option('--fault <rule>', "inject a fault: 'METHOD PATH [latency=MS] [error=500|503|504] [retry-after=S] [drop] [slow=BYTES/MS] [rate=P] [times=N]' (repeatable)", (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--throttle <service>', "throttle requests like the real service: 'graph' (3500 resource units per app per 10 s)")
    .option('--throttle-limit <n>', 'Graph resource units per app and tenant per 10 s (implies --throttle graph)')
    .addHelpText('after', `
Examples:
  $ entra-auth-cli emulator start
  $ entra-auth-cli emulator start --port 0 --json > emulator.json &
  $ entra-auth-cli emulator start --state-dir ./.emulator --seed tenant.json
  $ entra-auth-cli emulator start --apps 100000 --seed-random 7           # a large tenant
  $ entra-auth-cli emulator start --fault 'POST /v1.0/applications/*/addPassword error=503 rate=0.5' \\
      --fault '* /v1.0/* latency=200' --throttle graph
  $ export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)"   # trust the emulator first

Faults: in PATH a '*' segment matches one segment and a trailing '*' the rest; rate=P fires the rule on
that share of matching requests, times=N at most N times. Change them while the emulator runs with
GET / POST / DELETE https://127.0.0.1:PORT/_emulator/faults (JSON; loopback clients only).`)
    .action(async (opts) => (await import('./commands/emulator-start.ts')).emulatorStart(opts, io));
  emulator.command('ca')
    .description("Print the path of the emulator's local CA certificate, creating it if needed.")
    .option('--state-dir <dir>', 'the state dir the emulator will use (its CA lives in <dir>/tls)')
    .addHelpText('after', `
Examples:
  $ export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)"
  $ export REQUESTS_CA_BUNDLE="$(entra-auth-cli emulator ca)"   # Python / Azure CLI`)
    .action(async (opts) => (await import('./commands/emulator-ca.ts')).emulatorCa(opts, io));

  program.command('demo')
    .description('Start an emulated tenant, get a token from it through MSAL and show what is inside.')
    .addHelpText('after', `
Examples:
  $ npm run demo
  $ entra-auth-cli demo`)
    .action(async () => (await import('./commands/demo.ts')).demo(io));

  return program;
}

// ---- config: profiles (issue 4) ----------------------------------------------------------------------
/** What a command gets its dependencies from (cli/factory.ts), loaded with the command. */
const factory = async (io: Io) => (await import('./factory.ts')).createFactory(io);
const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

/** The flags `config create` and `config edit` share: every question is also a flag. */
function profileOptions(cmd: Command): Command {
  return secretCreationOptions(cmd
    .option('--cloud <cloud>', 'public | usgov | china | custom | local (local: the running emulator)')
    .option('--tenant <tenant>', 'tenant ID (GUID) or domain, e.g. contoso.onmicrosoft.com')
    .option('--client-id <guid>', 'application (client) ID of the app registration')
    .option('--auth-method <method>', 'ClientSecret | Certificate | InteractiveBrowser | DeviceCode')
    .option('--client-secret-stdin', 'read the client secret from stdin (never pass a secret as an argument)')
    .option('--secret-ref <ref>', 'read the secret at token time from env:VAR, file:PATH or keyvault://VAULT/NAME instead of storing it')
    .option('--certificate <path>', 'PEM (certificate + private key) or PFX file')
    .option('--certificate-password-stdin', "read the certificate file's password from stdin")
    .option('--scope <scopes>', 'scope(s) to ask for; repeatable, or separated by spaces/commas', collect)
    .option('--flow <flow>', 'default flow: client-credentials | interactive | device-code')
    .option('--authority-host <url>', 'custom cloud: authority host, e.g. https://login.example.com')
    .option('--graph-url <url>', 'custom cloud: Microsoft Graph URL')
    .option('--keyvault-suffix <suffix>', 'custom cloud: Key Vault DNS suffix, e.g. .vault.example.com')
    .option('--default', 'make it the default profile'));
}

function addConfigCommands(program: Command, io: Io): void {
  const config = program.command('config').description('Profiles: one per app registration (cloud, tenant, client ID, how it signs in, scopes).')
    .addHelpText('after', `
Profiles live in profiles.json in your config dir (no secrets inside); secrets go to the OS keychain,
or to a private file where there is none, or stay where a reference (env:, file:, keyvault://) points.`);

  profileOptions(config.command('create'))
    .description('Create a profile: asks each question on a terminal; in scripts every answer is a flag.')
    .option('--name <name>', 'profile name (letters, digits, . _ -)')
    .addHelpText('after', `
Without a terminal (or with CI=true) nothing is asked: a missing required flag is an error naming it.

Examples:
  $ entra-auth-cli config create                                   # asks, with menus
  $ printf %s "$SECRET" | entra-auth-cli config create --name demo --cloud local --tenant "$TENANT_ID" \\
      --client-id "$CLIENT_ID" --auth-method ClientSecret --client-secret-stdin \\
      --scope https://graph.microsoft.com/.default
  $ entra-auth-cli config create --name ci --tenant contoso.onmicrosoft.com --client-id "$CLIENT_ID" \\
      --auth-method ClientSecret --secret-ref env:AZURE_CLIENT_SECRET
  $ entra-auth-cli config create --name cert --tenant "$TENANT_ID" --client-id "$CLIENT_ID" \\
      --auth-method Certificate --certificate ./app.pfx --certificate-password-stdin < pfx-password.txt
  $ entra-auth-cli config create --name api --cloud local --client-id "$CLIENT_ID" --auth-method ClientSecret \\
      --create-secret --no-display        # creates EAC-EXP-DD-MMM-YY in the app (needs: entra-auth-cli login)

A client secret on a terminal: "Create new" (created in the app registration, shown once, saved here),
"Enter existing" (typed hidden) or "Use a reference". If creating it fails, you may type an existing one.`)
    .action(async (opts) => (await import('./commands/config/create.ts')).run(opts, await factory(io)));

  profileOptions(config.command('edit'))
    .description('Change a profile: the questions of create with the current values filled in; flags change only what they name.')
    .option('-p, --profile <name>', 'profile to edit (default: the default profile)')
    .addHelpText('after', `
Examples:
  $ entra-auth-cli config edit -p demo                                     # asks, current values as defaults
  $ entra-auth-cli config edit -p demo --scope api://my-api/.default
  $ printf %s "$NEW_SECRET" | entra-auth-cli config edit -p demo --client-secret-stdin   # after a rotation
  $ entra-auth-cli config edit -p demo --create-secret --days 90           # rotate: a new secret, the old one stays valid`)
    .action(async (opts) => (await import('./commands/config/edit.ts')).run(opts, await factory(io)));

  withOutput(config.command('list'), LIST_OUTPUT)
    .description('List the profiles; * marks the default.')
    .addHelpText('after', `
Examples:
  $ entra-auth-cli config list
  $ entra-auth-cli config list -o json | jq -r '.[] | select(.default) | .name'`)
    .action(async (opts) => (await import('./commands/config/list.ts')).run(opts, await factory(io)));

  withOutput(config.command('show'), PROPERTIES_OUTPUT)
    .description('Show a profile and where its secret is kept (never the secret).')
    .option('-p, --profile <name>', 'profile to show (default: the default profile)')
    .addHelpText('after', `
Examples:
  $ entra-auth-cli config show -p demo
  $ entra-auth-cli config show -p demo -o json`)
    .action(async (opts) => (await import('./commands/config/show.ts')).run(opts, await factory(io)));

  config.command('delete')
    .description('Delete a profile, its stored secrets and its cached tokens (asks first).')
    .option('-p, --profile <name>', 'profile to delete')
    .option('-y, --yes', 'do not ask for confirmation (needed in scripts)')
    .addHelpText('after', `
Examples:
  $ entra-auth-cli config delete -p demo
  $ entra-auth-cli config delete -p demo --yes`)
    .action(async (opts) => (await import('./commands/config/delete.ts')).run(opts, await factory(io)));

  config.command('use')
    .description('Make a profile the default (used when -p is not given).')
    .argument('<name>', 'profile name')
    .addHelpText('after', `
Examples:
  $ entra-auth-cli config use demo`)
    .action(async (name: string) => (await import('./commands/config/use.ts')).run(name, await factory(io)));

  config.command('export')
    .description('Write a profile to a file sealed with a passphrase (scrypt + AES-256-GCM); secrets only with --include-secrets.')
    .option('-p, --profile <name>', 'profile to export (default: the default profile)')
    .option('--include-secrets', 'include the stored client secret / certificate password (otherwise they are left out entirely)')
    .option('--out <file>', 'write here (mode 0600) instead of stdout')
    .option('--passphrase-stdin', 'read the passphrase from stdin instead of asking')
    .addHelpText('after', `
Examples:
  $ entra-auth-cli config export -p demo --out demo.eac.json                 # asks for a passphrase, twice
  $ printf %s "$PASSPHRASE" | entra-auth-cli config export -p demo --include-secrets --passphrase-stdin > demo.eac.json`)
    .action(async (opts) => (await import('./commands/config/export.ts')).run(opts, await factory(io)));

  config.command('import')
    .description('Add a profile from a file written by config export.')
    .argument('<file>', "the export file, or '-' for stdin")
    .option('--name <name>', 'import under this name')
    .option('--overwrite', 'replace a profile of the same name (its old secrets and cached tokens are removed)')
    .option('--passphrase-stdin', 'read the passphrase from stdin instead of asking')
    .option('--default', 'make it the default profile')
    .option('--trust-endpoints', 'accept the custom sign-in authority, Graph URL and Key Vault suffix the export brings (get-token sends the credential there); asked on a terminal')
    .option('--allow-references', 'accept the secret reference (file:, env:, keyvault://) or certificate path the export brings (get-token reads them on this machine); asked on a terminal')
    .addHelpText('after', `
An export made by someone else can point get-token at their own sign-in host, or at a file or variable of
yours: import shows what the profile brings and takes custom endpoints and references only with your consent.

Examples:
  $ entra-auth-cli config import demo.eac.json
  $ printf %s "$PASSPHRASE" | entra-auth-cli config import demo.eac.json --passphrase-stdin --name demo2
  $ printf %s "$PASSPHRASE" | entra-auth-cli config import sovereign.eac.json --passphrase-stdin --trust-endpoints --allow-references`)
    .action(async (file: string, opts) => (await import('./commands/config/import.ts')).run(file, opts, await factory(io)));
}
// ---- end config ----------------------------------------------------------------------------------------

// ---- tokens: get-token, inspect (issue 4) ------------------------------------------------------------
function addTokenCommands(program: Command, io: Io): void {
  const collectScope = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];
  withOutput(program.command('get-token'), TOKEN_OUTPUT)
    .description("Get an access token for a profile (client credentials, browser sign-in or device code), from the profile's encrypted token cache when it holds a good one.")
    .option('-p, --profile <name>', 'profile to use (default: the default profile)')
    .option('--scope <scope>', "scope(s) to ask for instead of the profile's; repeatable, or separated by spaces/commas", collectScope)
    .option('--flow <flow>', "client-credentials | interactive | device-code (default: the profile's)")
    .option('--force-refresh', 'ignore the cached token and ask Entra for a new one')
    .option('--copy', 'also copy the token to the clipboard (pbcopy, clip, wl-copy or xclip)')
    .option('--no-browser', 'browser sign-in: print the sign-in URL on stderr instead of opening a browser')
    .option('--warn-minutes <n>', 'warn on stderr when the token expires within N minutes (default 5)')
    .option('--timeout <seconds>', 'browser and device-code sign-in: give up after this many seconds (default 300)')
    .addHelpText('after', `
Output: raw prints only the token and a newline; json prints {accessToken, expiresOn (ISO), expires_on (Unix
seconds), tokenType, tenant, scopes, fromCache}; table (a terminal's default) shows the token, its expiry in
your zone and UTC, minutes left, scopes and whether it came from the cache. Everything but the token goes
to stderr. Tokens are cached per profile, encrypted (AES-256-GCM) under a key kept in the secret store.

Examples:
  $ entra-auth-cli get-token -p demo
  $ curl -H "Authorization: Bearer $(entra-auth-cli get-token -p demo -o raw)" https://graph.microsoft.com/v1.0/applications
  $ entra-auth-cli get-token -p demo -o json | jq -r .expiresOn
  $ entra-auth-cli get-token -p demo --scope api://contoso-orders/.default --force-refresh
  $ entra-auth-cli get-token -p me --flow interactive --no-browser     # prints the URL to open elsewhere
  $ entra-auth-cli get-token -p me --flow device-code                  # sign in on another device
  $ eac get-token -p demo -o raw | eac inspect                          # what is inside`)
    .action(async (opts) => (await import('./commands/get-token.ts')).getToken(opts, io));

  withOutput(program.command('inspect'), INSPECT_OUTPUT)
    .description("Decode a JWT and explain its header and claims (times in your zone and UTC, roles vs scp, appidacr); --verify checks its signature against the issuer's keys.")
    .argument('[token]', "the token, or '-' to read it from stdin (the default when stdin is not a terminal)")
    .option('--verify', "check the signature against the issuer's published keys (JWKS) and the token's lifetime; exit 1 when invalid")
    .option('--authority-host <url>', 'where to fetch keys for v1 tokens (issuer https://sts.windows.net/...), e.g. https://login.microsoftonline.us')
    .option('-p, --profile <name>', "for v1 tokens: use this profile's cloud to find the keys")
    .addHelpText('after', `
The token itself is never printed back. Prefer stdin to an argument: arguments are visible to other
processes on the machine.

Examples:
  $ entra-auth-cli get-token -p demo -o raw | entra-auth-cli inspect
  $ entra-auth-cli get-token -p demo -o raw | entra-auth-cli inspect --verify
  $ pbpaste | entra-auth-cli inspect - -o json | jq .claims.roles
  $ entra-auth-cli inspect --verify --authority-host https://login.microsoftonline.us < token.txt`)
    .action(async (token: string | undefined, opts) => (await import('./commands/inspect.ts')).inspect(token, opts, io));
}
// ---- end tokens ----------------------------------------------------------------------------------------

// ---- discover, and the secret-creation flags of config create/edit (issue 5) --------------------------
/** "Create new" without a terminal: the flags config create, config edit and discover share. */
function secretCreationOptions(cmd: Command): Command {
  return cmd
    .option('--create-secret', 'create a new client secret in the app registration (named EAC-EXP-DD-MMM-YY) and save it to the profile; signs in an admin (see: login)')
    .option('--days <n>', 'with --create-secret: how long the new secret lives, in days (default 180)')
    .option('--to-keyvault <vault/name>', 'with --create-secret: store it in Key Vault instead; the profile reads it through keyvault://VAULT/NAME')
    .option('--device-code', 'admin sign-in (a new secret; discover\'s search): a device code instead of a browser')
    .option('--admin-client-id <guid>', 'admin sign-in: the public client to sign in through (default: Microsoft Graph PowerShell)')
    .option('--no-display', "with --create-secret: do not show the new secret's value on the terminal (never shown without one; saved all the same)");
}

function addDiscoverCommand(program: Command, io: Io): void {
  secretCreationOptions(withOutput(program.command('discover'), LIST_OUTPUT, 'list the matches as data instead of picking one')
    .description('Find app registrations by name through the admin sign-in, pick one with the arrow keys (its secrets and their expiry shown), and make a profile for it.')
    .option('-s, --search <pattern>', "MyApp* (names starting with MyApp), *App* (a word in the name starting with App), an exact name, or '*'")
    .option('--tenant <tenant>', 'tenant ID or domain (default: the running emulator\'s with --cloud local, else the last login\'s)')
    .option('--cloud <cloud>', 'public | usgov | china | local (default: the last login\'s, else public)')
    .option('--select <appId>', 'make the profile for this app without the picker (scripts)')
    .option('--name <name>', 'profile name (on a terminal the default comes from the app name)')
    .option('--scope <scopes>', "scope(s); default: the app's own api://…/.default if it exposes an API, else Microsoft Graph's", collect)
    .option('--auth-method <method>', 'ClientSecret (default) | Certificate | InteractiveBrowser | DeviceCode')
    .option('--client-secret-stdin', 'read the client secret from stdin')
    .option('--secret-ref <ref>', 'read the secret at token time from env:VAR, file:PATH or keyvault://VAULT/NAME')
    .option('--certificate <path>', 'PEM (certificate + private key) or PFX file')
    .option('--certificate-password-stdin', "read the certificate file's password from stdin")
    .option('--flow <flow>', 'default flow: client-credentials | interactive | device-code')
    .option('--default', 'make it the default profile'))
    .addHelpText('after', `
Searches through the admin session of \`entra-auth-cli login\` (it signs you in when there is none, on a
terminal). All pages of matches are read. Without a terminal, or with -o, the matches are printed as data
(stdout) and nothing is asked; --select APPID --name NAME makes the profile instead.

Examples:
  $ entra-auth-cli discover -s "MyApp*"                              # pick, then profile name, scope, secret
  $ entra-auth-cli discover -s "*orders*" --cloud local -o json | jq -r '.[].appId'
  $ entra-auth-cli discover -s "Contoso Orders API" --tenant contoso.onmicrosoft.com
  $ entra-auth-cli discover --select "$APP_ID" --name orders --create-secret --no-display   # in a pipeline`)
    .action(async (opts) => (await import('./commands/discover.ts')).run(opts, await factory(io)));
}
// ---- end discover --------------------------------------------------------------------------------------

// ---- admin session and secret create (issue 5) ---------------------------------------------------------
/**
 * Before every command: secrets an interrupted `secret create` left in Graph without their value (see
 * store/journal.ts) are removed again, or the user is told what is left. One readdir when the journal is
 * empty; the recovery code loads only when there is something to recover. (--version and the get-token fast
 * path never come here.)
 */
async function recoverInterruptedSecretCreations(io: Io): Promise<void> {
  const [{ hasJournalEntries }, { appPaths }] = await Promise.all([import('../app/secret/journal-check.ts'), import('../store/paths.ts')]);
  if (!hasJournalEntries(appPaths(io.env))) return;
  try {
    const [{ recoverAbandonedSecrets }, { adminDeps }] = await Promise.all([import('../app/secret/recover.ts'), import('./admin-deps.ts')]);
    await recoverAbandonedSecrets(adminDeps(await factory(io)));
  } catch (err) {
    io.err.write(`warning: could not check for secrets an interrupted run left behind: ${redact((err as Error)?.message ?? String(err))}\n`);
  }
}

/** Where the admin signs in: the flags login, logout and whoami share. */
function adminTargetOptions(cmd: Command): Command {
  return cmd
    .option('--tenant <tenant>', "tenant ID or domain (default: the running emulator's with --cloud local; organizations for login; else the current session's)")
    .option('--cloud <cloud>', 'public | usgov | china | local (default: public, or the current session\'s)')
    .option('-p, --profile <name>', "use this profile's cloud and tenant (also for custom clouds)");
}

function addSecretCommands(program: Command, io: Io): void {
  adminTargetOptions(program.command('login'))
    .description('Sign in to Microsoft Graph as an administrator for secret management (browser or device code), or as a service principal in pipelines; the session is cached, encrypted.')
    .option('--device-code', 'sign in on another device with a code (automatic when no browser can open here)')
    .option('--no-browser', 'print the sign-in URL instead of opening a browser')
    .option('--admin-client-id <guid>', 'the public client to sign in through (default: Microsoft Graph PowerShell 14d82eec-204b-4c2f-b7e8-296a70dab67e; or EAC_ADMIN_CLIENT_ID, or "adminClientId" in settings.json in the config dir)')
    .option('--timeout <seconds>', 'give up on a browser or device-code sign-in after this long', '300')
    .option('--service-principal', 'sign in as a service principal (pipelines): with --client-id and --client-secret-stdin or --certificate')
    .option('--client-id <guid>', 'with --service-principal: its application (client) ID')
    .option('--client-secret-stdin', "with --service-principal: read its secret from stdin (kept in the secret store, never in argv)")
    .option('--certificate <path>', 'with --service-principal: its certificate, a PEM (certificate + private key) or PFX file')
    .option('--certificate-password-stdin', "with --certificate: read the file's password from stdin")
    .addHelpText('after', `
The account needs Application.ReadWrite.All, or Application.ReadWrite.OwnedBy for apps it owns (roles that
work: Application Administrator, Cloud Application Administrator, or owner of the app). A tenant that
blocks Microsoft Graph PowerShell needs your own public client: --admin-client-id.

Examples:
  $ entra-auth-cli login --tenant contoso.onmicrosoft.com
  $ entra-auth-cli login --tenant contoso.onmicrosoft.com --device-code
  $ entra-auth-cli login --cloud local                            # the running emulator's tenant
  $ entra-auth-cli login -p demo --admin-client-id "$MY_PUBLIC_CLIENT_ID"
  $ printf %s "$SP_SECRET" | entra-auth-cli login --service-principal --tenant "$TENANT_ID" \\
      --client-id "$SP_CLIENT_ID" --client-secret-stdin
  $ entra-auth-cli login --service-principal --tenant "$TENANT_ID" --client-id "$SP_CLIENT_ID" --certificate ./sp.pem`)
    .action(async (opts) => (await import('./commands/login.ts')).run(opts, await factory(io)));

  adminTargetOptions(program.command('logout'))
    .description('End the admin session (the current one, or the one of --tenant / -p): its cached tokens and stored credential are removed.')
    .option('--all', 'end every admin session')
    .addHelpText('after', `
Examples:
  $ entra-auth-cli logout
  $ entra-auth-cli logout --tenant contoso.onmicrosoft.com
  $ entra-auth-cli logout --all`)
    .action(async (opts) => (await import('./commands/logout.ts')).run(opts, await factory(io)));

  adminTargetOptions(withOutput(program.command('whoami'), OBJECT_OUTPUT))
    .description('Show who the admin session is (user or service principal), its tenant, cloud, permissions and when its token expires.')
    .addHelpText('after', `
Exit 4 when no one is signed in (or the session has expired).

Examples:
  $ entra-auth-cli whoami
  $ entra-auth-cli whoami -o json | jq -r .expiresOn`)
    .action(async (opts) => (await import('./commands/whoami.ts')).run(opts, await factory(io)));

  const secret = program.command('secret').description('Client secrets of app registrations: create them with a name that tells their expiry.');
  withOutput(secret.command('create'), SECRET_OUTPUT)
    .description('Create a client secret (EAC-EXP-DD-MMM-YY, 180 days) in an app registration and save it to a profile or Key Vault before saying so; its value is shown once.')
    .option('--app <appId>', 'the application (client) ID (without -p: saved to the profile of that app, or a new profile named after the app ID)')
    .option('-p, --profile <name>', "the profile whose app gets the secret; the value is saved to it (and its cloud and tenant are used)")
    .option('--tenant <tenant>', "with --app: tenant ID or domain (default: the current admin session's)")
    .option('--cloud <cloud>', "with --app: public | usgov | china | local (default: the current admin session's)")
    .option('--days <n>', 'lifetime in days (default 180); above the app management policy\'s maximum you are offered the maximum')
    .option('--to-keyvault <vault/name>', 'save the value in Key Vault (tagged appId, keyId, expiry); with -p the profile then reads keyvault://VAULT/NAME')
    .option('--save-as <name>', 'with --app: save to a new profile of this name')
    .option('--no-display', 'print no value (scripts); the details and where it was saved are still printed')
    .option('--show-secret', 'print the value even when stdout is not a terminal; with -o json, include secretText')
    .option('--device-code', 'sign the admin in with a device code (also works without a terminal)')
    .option('--no-browser', 'print the sign-in URL instead of opening a browser')
    .option('--admin-client-id <guid>', 'the public client the admin signs in through (default: Microsoft Graph PowerShell)')
    .option('-y, --yes', "accept the policy's maximum lifetime when --days (or 180) is longer, without asking")
    .option('--keep-on-store-failure', 'without a terminal: when saving the value fails, keep the new secret and print its value instead of removing it again')
    .addHelpText('after', `
The value is saved (secret store or Key Vault) before success is reported; if saving fails you see the
value with what to do, or the secret is removed again. A run that is killed midway is cleaned up by the next
entra-auth-cli command. Errors: 403 (exit 4) names the permission and roles needed; an unknown app, a
network failure or a policy that forbids it exit 1.

Examples:
  $ entra-auth-cli secret create -p demo
  $ entra-auth-cli secret create -p demo --days 90 --to-keyvault my-vault/demo-secret
  $ entra-auth-cli login --service-principal --tenant "$TENANT_ID" --client-id "$SP_ID" --client-secret-stdin <<< "$SP_SECRET"
  $ entra-auth-cli secret create --app "$APP_ID" --no-display -o json     # {displayName, keyId, endDateTime, storedIn, ...}
  $ entra-auth-cli get-token -p "$APP_ID"                                  # the new secret at work`)
    .action(async (opts) => (await import('./commands/secret-create.ts')).run(opts, await factory(io)));
}
// ---- end admin session and secret create ---------------------------------------------------------------

// ---- shell completion (issue 8) -----------------------------------------------------------------------
function addCompletionCommand(program: Command, io: Io): void {
  program.command('completion')
    .description('Print a shell completion script: commands, subcommands, flags and your profile names.')
    .addArgument(new Argument('<shell>', 'bash | zsh | fish | powershell').choices(['bash', 'zsh', 'fish', 'powershell']))
    .addHelpText('after', `
The script is written from the commands of this version: after an upgrade, install it again (or use the
'source <(...)' form, which always runs the installed version). Profile names are looked up at each <Tab>.

Examples:
  $ source <(entra-auth-cli completion bash)                       # bash: add the line to ~/.bashrc
  $ entra-auth-cli completion zsh > "\${fpath[1]}/_entra-auth-cli"   # zsh: a dir on $fpath, then: compinit
  $ source <(entra-auth-cli completion zsh)                        # zsh: or in ~/.zshrc, after compinit
  $ entra-auth-cli completion fish > ~/.config/fish/completions/entra-auth-cli.fish
  $ entra-auth-cli completion fish > ~/.config/fish/completions/eac.fish      # the eac alias too
  PS> entra-auth-cli completion powershell | Out-String | Invoke-Expression  # add the line to $PROFILE`)
    .action(async (shell: 'bash' | 'zsh' | 'fish' | 'powershell') => (await import('./commands/completion.ts')).completion(shell, program, io));
}
// ---- end shell completion ------------------------------------------------------------------------------
/** What goes to stderr: redacted, and terminal-safe (a message may quote a name from the tenant or argv). */
function safe(text: string): string {
  return terminalSafe(redact(text));
}

function reportError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    // Commander has already printed the message.
    return EXIT.usage;
  }
  // Errors from store/, entra/ and core/ that already say what to do: shown like a CliError, never as "unexpected".
  if (err instanceof ActionableError) {
    io.err.write(`error: ${safe(err.message)}\n`);
    if (err.hint) io.err.write(`${safe(err.hint)}\n`);
    return err.exitCode;
  }
  if (err instanceof CliError) {
    io.err.write(`error: ${safe(err.message)}\n`);
    if (err.hint) io.err.write(`${safe(err.hint)}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  io.err.write(`error: unexpected ${e?.name ?? 'error'}: ${safe(e?.message ?? String(err))}\n`);
  if (io.env.EAC_DEBUG) io.err.write(`${safe(e?.stack ?? '')}\n`);
  else io.err.write('Run again with EAC_DEBUG=1 for details.\n');
  return EXIT.failure;
}
