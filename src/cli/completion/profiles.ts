// `__complete profiles`: the profile names, one per line, for the completion scripts at tab time. Hidden
// and quiet: it reads profiles.json through the one reader and prints nothing at all when it cannot (a
// missing or broken file must not spill errors into someone's prompt line). It is bundled into dist/cli.cjs,
// so it must not load the lock library: the reader is store/profiles-file.ts, not ProfileStore.
import { appPaths } from '../../store/paths.ts';
import { readProfiles } from '../../store/profiles-file.ts';

export function completeWords(args: string[], env: NodeJS.ProcessEnv, out: NodeJS.WritableStream): void {
  if (args[0] !== 'profiles') return;
  try {
    const names = Object.keys(readProfiles(appPaths(env).config).profiles).sort();
    if (names.length) out.write(`${names.join('\n')}\n`);
  } catch {
    // nothing to offer
  }
}
