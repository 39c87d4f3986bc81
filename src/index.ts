// The package's programmatic API.
import { startEmulator as startEmulatorWithFolders, type EmulatorOptions, type RunningEmulator } from './emulator/index.ts';
import { emulatorCaDir } from './store/paths.ts';

/**
 * Starts the emulator. Without a state dir or caDir its local CA is the one `entra-auth-cli emulator ca`
 * creates ahead of time (so a test runner can trust it through NODE_EXTRA_CA_CERTS); the emulator module
 * itself takes every folder from its caller.
 */
export function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulatorWithFolders(options.stateDir || options.caDir ? options : { ...options, caDir: emulatorCaDir() });
}

export type { EmulatorOptions, EmulatorInfo, RunningEmulator, SeedDocument } from './emulator/index.ts';
export type { FaultRule, ActiveFaultRule } from './emulator/faults.ts';
