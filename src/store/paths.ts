// Where entra-auth-cli keeps its files, per OS conventions (XDG on Linux, Library on macOS, AppData on
// Windows). EAC_HOME overrides all of them: one directory for config, data and cache (tests use it).
// The emulator knows none of this: the CLI (and the package's startEmulator) pass it these folders.
import envPaths from 'env-paths';
import { join } from 'node:path';

export interface AppPaths { config: string; data: string; cache: string }

export function appPaths(env: NodeJS.ProcessEnv = process.env): AppPaths {
  if (env.EAC_HOME) return { config: join(env.EAC_HOME, 'config'), data: join(env.EAC_HOME, 'data'), cache: join(env.EAC_HOME, 'cache') };
  const p = envPaths('entra-auth-cli', { suffix: '' });
  return { config: p.config, data: p.data, cache: p.cache };
}

/** Connection info of the emulator `emulator start` is running (no secrets); read by `--cloud local` profiles. */
export function emulatorConnectionFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(appPaths(env).data, 'emulator.json');
}

/** The emulator's local CA when it runs without a state dir; `emulator ca` creates it ahead of time. */
export function emulatorCaDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(appPaths(env).data, 'emulator-tls');
}

/** Where `emulator start` keeps its tenant unless told --in-memory or --state-dir (as Azurite keeps its data). */
export function emulatorStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(appPaths(env).data, 'emulator');
}
