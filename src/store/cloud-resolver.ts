// A profile's endpoints at the moment of use: for a local profile that means reading the running
// emulator's connection file (throws EmulatorNotRunningError when there is none).
import { resolveCloud, type ResolvedCloud } from '../core/cloud.ts';
import type { Profile } from '../core/profile.ts';
import { readEmulatorConnection } from './emulator-connection.ts';

export function resolveProfileCloud(profile: Pick<Profile, 'cloud' | 'custom'>, env: NodeJS.ProcessEnv = process.env): ResolvedCloud {
  return resolveCloud(profile, profile.cloud === 'local' ? readEmulatorConnection(env) : undefined);
}
