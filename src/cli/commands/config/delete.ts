// `config delete -p NAME`: the profile, every secret it owns and its token cache. Asks first on a
// terminal; a script says --yes.
import { removeProfileSecrets } from '../../../store/profile-secrets.ts';
import { removeTokenCache } from '../../../store/token-cache-files.ts';
import { UsageError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line, paint } from '../../io.ts';
import { profileNotFound, withConfigErrors } from './shared.ts';
import { defineCommand, flag } from '../../define-command.ts';

export const command = defineCommand({
  name: 'config delete',
  description: 'Delete a profile, its stored secrets and its cached tokens (asks first).',
  flags: [
    flag('-p, --profile <name>', 'profile to delete'),
    flag('-y, --yes', 'do not ask for confirmation (needed in scripts)'),
  ],
  help: `
Examples:
  $ entra-auth-cli config delete -p demo
  $ entra-auth-cli config delete -p demo --yes`,
  run,
});

export interface DeleteOptions {
  profile?: string;
  yes?: boolean;
}

export function run(opts: DeleteOptions, f: Factory): Promise<void> {
  return withConfigErrors(async () => {
    if (!opts.profile) throw new UsageError('missing -p NAME: say which profile to delete.', 'See the profiles with: entra-auth-cli config list');
    const { io } = f;
    const name = opts.profile;
    const doc = f.profiles.read();
    if (!doc.profiles[name]) throw profileNotFound(name, doc);

    if (!opts.yes) {
      const sure = await f.interaction.confirm({
        flag: '--yes', why: `deleting '${name}' needs a confirmation`,
        message: `Delete profile '${name}', its stored secrets and its cached tokens?`, default: false,
      });
      if (!sure) {
        line(io.err, 'Nothing was deleted.');
        return;
      }
    }

    // The profile first: once it is gone nothing reads its secrets, so removing them cannot break anything.
    const { removed, wasDefault } = await f.profiles.update((d) => {
      const p = d.profiles[name];
      if (!p) throw profileNotFound(name, d);
      delete d.profiles[name];
      const isDefault = d.defaultProfile === name;
      if (isDefault) d.defaultProfile = null;
      return { removed: p, wasDefault: isDefault };
    });
    const secrets = await removeProfileSecrets(await f.secrets(), removed);
    const cacheFiles = removeTokenCache(f.paths.cache, name);

    const from = secrets.removed ? ` from ${secrets.locations.join(' and ')}` : '';
    const what = [`${secrets.removed} stored secret${secrets.removed === 1 ? '' : 's'}${from}`, `${cacheFiles.length} token cache file${cacheFiles.length === 1 ? '' : 's'}`];
    line(io.err, `${paint(io).green('✔')} Deleted profile '${name}' (and ${what.join(', ')}).`);
    if (wasDefault) line(io.err, 'There is no default profile now; pick one with: entra-auth-cli config use NAME');
  });
}
