// `leak`: finding leaked client secrets and answering a leak.
import { defineCommand } from '../../define-command.ts';

export const command = defineCommand({
  name: 'leak',
  description: 'Leaked client secrets: find them in files or check one (leak check), and answer a leak (leak respond).',
});
