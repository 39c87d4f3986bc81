// `emulator`: the group of commands that run the local Entra ID emulator (src/emulator/).
import { defineCommand } from '../../define-command.ts';

export const command = defineCommand({
  name: 'emulator',
  description: 'Run the local Entra ID emulator (identity platform, Graph, Key Vault).',
});
