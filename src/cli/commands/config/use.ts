// `config use NAME`: the profile commands use when no -p is given.
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import { profileNotFound, withConfigErrors } from './shared.ts';
import { argument, defineCommand } from '../../define-command.ts';

export const command = defineCommand({
  name: 'config use',
  description: 'Make a profile the default (used when -p is not given).',
  args: [argument('<name>', 'profile name')],
  help: `
Examples:
  $ entra-auth-cli config use demo`,
  run,
});

export function run({ name }: { name: string }, f: Factory): Promise<void> {
  return withConfigErrors(async () => {
    await f.profiles.update((doc) => {
      if (!doc.profiles[name]) throw profileNotFound(name, doc);
      doc.defaultProfile = name;
    });
    line(f.io.err, `The default profile is now '${name}'.`);
  });
}
