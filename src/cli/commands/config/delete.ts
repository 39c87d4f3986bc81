// `config delete -p NAME`: the profile, every secret it owns and its token cache. Asks first on a
// terminal; a script says --yes.
import { removeProfileSecrets } from '../../../store/profile-secrets.ts';
import { removeTokenCache } from '../../../store/token-cache-files.ts';
import { UsageError } from '../../errors.ts';
import { line, paint, type Io } from '../../io.ts';
import { Asker } from '../../ui/ask.ts';
import { terminalPrompter } from '../../ui/prompts.ts';
import type { ConfigDeps } from './create.ts';
import { configContext, profileNotFound, withConfigErrors } from './shared.ts';

export function configDelete(opts: { profile?: string; yes?: boolean }, io: Io, deps: ConfigDeps = {}): Promise<void> {
  return withConfigErrors(async () => {
    if (!opts.profile) throw new UsageError('missing -p NAME: say which profile to delete.', 'See the profiles with: entra-auth-cli config list');
    const name = opts.profile;
    const ctx = configContext(io);
    const doc = ctx.read();
    if (!doc.profiles[name]) throw profileNotFound(name, doc);

    if (!opts.yes) {
      const ask = new Asker(io, deps.prompter ?? terminalPrompter(io));
      if (!ask.prompter) throw ask.missing('--yes', `deleting '${name}' needs a confirmation`);
      if (!(await ask.prompter.confirm({ message: `Delete profile '${name}', its stored secrets and its cached tokens?`, default: false }))) {
        line(io.err, 'Nothing was deleted.');
        return;
      }
    }

    const wasDefault = await ctx.profiles.update((d) => {
      if (!d.profiles[name]) throw profileNotFound(name, d);
      delete d.profiles[name];
      if (d.defaultProfile !== name) return false;
      d.defaultProfile = null;
      return true;
    });
    const secrets = await removeProfileSecrets(await ctx.secrets(), name);
    const cacheFiles = removeTokenCache(ctx.paths.cache, name);

    const removed = [`${secrets} stored secret${secrets === 1 ? '' : 's'}`, `${cacheFiles.length} token cache file${cacheFiles.length === 1 ? '' : 's'}`];
    line(io.err, `${paint(io).green('✔')} Deleted profile '${name}' (and ${removed.join(', ')}).`);
    if (wasDefault) line(io.err, 'There is no default profile now; pick one with: entra-auth-cli config use NAME');
  });
}
