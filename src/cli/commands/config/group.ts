// `config`: the group of profile commands (one file per subcommand beside this one).
import { defineCommand } from '../../define-command.ts';

export const command = defineCommand({
  name: 'config',
  description: 'Profiles: one per app registration (cloud, tenant, client ID, how it signs in, scopes).',
  help: `
Profiles live in profiles.json in your config dir (no secrets inside); secrets go to the OS keychain,
or to a private file where there is none, or stay where a reference (env:, file:, keyvault://) points.`,
});
