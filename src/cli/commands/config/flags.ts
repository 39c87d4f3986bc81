// The flags several commands share: a profile's questions (config create and edit: every question is also
// a flag), and "Create new" for a client secret without a terminal (config create, edit and discover).
import { flag } from '../../define-command.ts';

export const NEW_SECRET_FLAGS = [
  flag('--create-secret', 'create a new client secret in the app registration (named EAC-EXP-DD-MMM-YY) and save it to the profile; signs in an admin (see: login)'),
  flag('--days <n>', 'with --create-secret: how long the new secret lives, in days (default 180)'),
  flag('--to-keyvault <vault/name>', 'with --create-secret: store it in Key Vault instead; the profile reads it through keyvault://VAULT/NAME'),
  flag('--device-code', 'admin sign-in (a new secret; discover\'s search): a device code instead of a browser'),
  flag('--admin-client-id <guid>', 'admin sign-in: the public client to sign in through (default: Microsoft Graph PowerShell)'),
  flag('--no-display', "with --create-secret: do not show the new secret's value on the terminal (never shown without one; saved all the same)"),
];

export const PROFILE_FLAGS = [
  flag('--cloud <cloud>', 'public | usgov | china | custom | local (local: the running emulator)'),
  flag('--tenant <tenant>', 'tenant ID (GUID) or domain, e.g. contoso.onmicrosoft.com'),
  flag('--client-id <guid>', 'application (client) ID of the app registration'),
  flag('--auth-method <method>', 'ClientSecret | Certificate | InteractiveBrowser | DeviceCode'),
  flag('--client-secret-stdin', 'read the client secret from stdin (never pass a secret as an argument)'),
  flag('--secret-ref <ref>', 'read the secret at token time from env:VAR, file:PATH or keyvault://VAULT/NAME instead of storing it'),
  flag('--certificate <path>', 'PEM (certificate + private key) or PFX file'),
  flag('--certificate-password-stdin', "read the certificate file's password from stdin"),
  flag('--scope <scopes>', 'scope(s) to ask for; repeatable, or separated by spaces/commas', { repeatable: true }),
  flag('--flow <flow>', 'default flow: client-credentials | interactive | device-code'),
  flag('--authority-host <url>', 'custom cloud: authority host, e.g. https://login.example.com'),
  flag('--graph-url <url>', 'custom cloud: Microsoft Graph URL'),
  flag('--keyvault-suffix <suffix>', 'custom cloud: Key Vault DNS suffix, e.g. .vault.example.com'),
  flag('--default', 'make it the default profile'),
  ...NEW_SECRET_FLAGS,
];
