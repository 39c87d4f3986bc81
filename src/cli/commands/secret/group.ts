// `secret`: the group of client-secret commands.
import { defineCommand } from '../../define-command.ts';

export const command = defineCommand({
  name: 'secret',
  description: 'Client secrets of app registrations: create them with a name that tells their expiry, rotate them with overlap, prune the old ones.',
});
