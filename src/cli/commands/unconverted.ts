// The definitions of the five commands whose files are being reworked (discover, login, logout, whoami,
// secret create): they move into their own files, like every other command, once that work lands. Until
// then each run here loads the command's file and calls its (options, io) function.
import { defineCommand, flag, type Flag } from '../define-command.ts';
import { LIST_OUTPUT, OBJECT_OUTPUT, SECRET_OUTPUT } from '../output/specs.ts';
import { NEW_SECRET_FLAGS } from './config/flags.ts';

export const discover = defineCommand({
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
  run: async (opts: Parameters<typeof import('./discover.ts').run>[0], f) => (await import('./discover.ts')).run(opts, f),
});

/** Where the admin signs in: the flags login, logout and whoami share. */
const ADMIN_TARGET_FLAGS: Flag[] = [
  flag('--tenant <tenant>', "tenant ID or domain (default: the running emulator's with --cloud local; organizations for login; else the current session's)"),
  flag('--cloud <cloud>', 'public | usgov | china | local (default: public, or the current session\'s)'),
  flag('-p, --profile <name>', "use this profile's cloud and tenant (also for custom clouds)"),
];

export const login = defineCommand({
  name: 'login',
  description: 'Sign in to Microsoft Graph as an administrator for secret management (browser or device code), or as a service principal in pipelines; the session is cached, encrypted.',
  flags: [
    ...ADMIN_TARGET_FLAGS,
    flag('--device-code', 'sign in on another device with a code (automatic when no browser can open here)'),
    flag('--no-browser', 'print the sign-in URL instead of opening a browser'),
    flag('--admin-client-id <guid>', 'the public client to sign in through (default: Microsoft Graph PowerShell 14d82eec-204b-4c2f-b7e8-296a70dab67e; or EAC_ADMIN_CLIENT_ID, or "adminClientId" in settings.json in the config dir)'),
    flag('--timeout <seconds>', 'give up on a browser or device-code sign-in after this long', { default: '300' }),
    flag('--service-principal', 'sign in as a service principal (pipelines): with --client-id and --client-secret-stdin or --certificate'),
    flag('--client-id <guid>', 'with --service-principal: its application (client) ID'),
    flag('--client-secret-stdin', "with --service-principal: read its secret from stdin (kept in the secret store, never in argv)"),
    flag('--certificate <path>', 'with --service-principal: its certificate, a PEM (certificate + private key) or PFX file'),
    flag('--certificate-password-stdin', "with --certificate: read the file's password from stdin"),
  ],
  help: `
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
  $ entra-auth-cli login --service-principal --tenant "$TENANT_ID" --client-id "$SP_CLIENT_ID" --certificate ./sp.pem`,
  run: async (opts: Parameters<typeof import('./login.ts').run>[0], f) => (await import('./login.ts')).run(opts, f),
});

export const logout = defineCommand({
  name: 'logout',
  description: 'End the admin session (the current one, or the one of --tenant / -p): its cached tokens and stored credential are removed.',
  flags: [...ADMIN_TARGET_FLAGS, flag('--all', 'end every admin session')],
  help: `
Examples:
  $ entra-auth-cli logout
  $ entra-auth-cli logout --tenant contoso.onmicrosoft.com
  $ entra-auth-cli logout --all`,
  run: async (opts: Parameters<typeof import('./logout.ts').run>[0], f) => (await import('./logout.ts')).run(opts, f),
});

export const whoami = defineCommand({
  name: 'whoami',
  description: 'Show who the admin session is (user or service principal), its tenant, cloud, permissions and when its token expires.',
  output: { spec: OBJECT_OUTPUT },
  flags: ADMIN_TARGET_FLAGS,
  help: `
Exit 4 when no one is signed in (or the session has expired).

Examples:
  $ entra-auth-cli whoami
  $ entra-auth-cli whoami -o json | jq -r .expiresOn`,
  run: async (opts: Parameters<typeof import('./whoami.ts').run>[0], f) => (await import('./whoami.ts')).run(opts, f),
});

export const secretCreate = defineCommand({
  name: 'secret create',
  description: 'Create a client secret (EAC-EXP-DD-MMM-YY, 180 days) in an app registration and save it to a profile or Key Vault before saying so; its value is shown once.',
  output: { spec: SECRET_OUTPUT },
  flags: [
    flag('--app <appId>', 'the application (client) ID (without -p: saved to the profile of that app, or a new profile named after the app ID)'),
    flag('-p, --profile <name>', "the profile whose app gets the secret; the value is saved to it (and its cloud and tenant are used)"),
    flag('--tenant <tenant>', "with --app: tenant ID or domain (default: the current admin session's)"),
    flag('--cloud <cloud>', "with --app: public | usgov | china | local (default: the current admin session's)"),
    flag('--days <n>', 'lifetime in days (default 180); above the app management policy\'s maximum you are offered the maximum'),
    flag('--to-keyvault <vault/name>', 'save the value in Key Vault (tagged appId, keyId, expiry); with -p the profile then reads keyvault://VAULT/NAME'),
    flag('--save-as <name>', 'with --app: save to a new profile of this name'),
    flag('--no-display', 'print no value (scripts); the details and where it was saved are still printed'),
    flag('--show-secret', 'print the value even when stdout is not a terminal; with -o json, include secretText'),
    flag('--device-code', 'sign the admin in with a device code (also works without a terminal)'),
    flag('--no-browser', 'print the sign-in URL instead of opening a browser'),
    flag('--admin-client-id <guid>', 'the public client the admin signs in through (default: Microsoft Graph PowerShell)'),
    flag('-y, --yes', "accept the policy's maximum lifetime when --days (or 180) is longer, without asking"),
    flag('--keep-on-store-failure', 'without a terminal: when saving the value fails, keep the new secret and print its value instead of removing it again'),
  ],
  help: `
The value is saved (secret store or Key Vault) before success is reported; if saving fails you see the
value with what to do, or the secret is removed again. A run that is killed midway is cleaned up by the next
entra-auth-cli command. Errors: 403 (exit 4) names the permission and roles needed; an unknown app, a
network failure or a policy that forbids it exit 1.

Examples:
  $ entra-auth-cli secret create -p demo
  $ entra-auth-cli secret create -p demo --days 90 --to-keyvault my-vault/demo-secret
  $ entra-auth-cli login --service-principal --tenant "$TENANT_ID" --client-id "$SP_ID" --client-secret-stdin <<< "$SP_SECRET"
  $ entra-auth-cli secret create --app "$APP_ID" --no-display -o json     # {displayName, keyId, endDateTime, storedIn, ...}
  $ entra-auth-cli get-token -p "$APP_ID"                                  # the new secret at work`,
  run: async (opts: Parameters<typeof import('./secret-create.ts').run>[0], f) => (await import('./secret-create.ts')).run(opts, f),
});
