// The package's programmatic API.
export { startEmulator } from './emulator/index.ts';
export type { EmulatorOptions, EmulatorInfo, RunningEmulator, SeedDocument } from './emulator/index.ts';
export type { FaultRule, ActiveFaultRule } from './emulator/faults.ts';
