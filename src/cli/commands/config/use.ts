// `config use NAME`: the profile commands use when no -p is given.
import { line, type Io } from '../../io.ts';
import { configContext, profileNotFound, withConfigErrors } from './shared.ts';

export function configUse(name: string, io: Io): Promise<void> {
  return withConfigErrors(async () => {
    const ctx = configContext(io);
    await ctx.profiles.update((doc) => {
      if (!doc.profiles[name]) throw profileNotFound(name, doc);
      doc.defaultProfile = name;
    });
    line(io.err, `The default profile is now '${name}'.`);
  });
}
