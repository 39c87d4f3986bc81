// `inventory`: the group of tenant-wide credential commands.
import { defineCommand } from '../../define-command.ts';

export const command = defineCommand({
  name: 'inventory',
  description: 'Every credential of a tenant: which secrets and certificates exist, whose they are, when they end.',
});
