// The connection info a running `emulator start` leaves in the user data dir, read by local profiles.
// A file whose process is gone (the emulator was killed) counts as no emulator.
import { readFileSync } from 'node:fs';
import type { EmulatorEndpoints } from '../core/cloud.ts';
import { emulatorConnectionFile } from './paths.ts';
import { processAlive } from '../shared/process-alive.ts';
import { ActionableError } from '../core/actionable-error.ts';

export interface EmulatorConnection extends EmulatorEndpoints {
  tenantId: string;
  tenantDomain: string;
  /** Where it was read from. */
  path: string;
}

export class EmulatorNotRunningError extends ActionableError {
  constructor(readonly path: string, reason: string) {
    super(`No running emulator: ${reason}. Start one with \`entra-auth-cli emulator start\` (in another terminal) and try again.`);
  }
}

export function readEmulatorConnection(env: NodeJS.ProcessEnv = process.env): EmulatorConnection {
  const path = emulatorConnectionFile(env);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new EmulatorNotRunningError(path, `its connection file ${path} does not exist`);
  }
  let info: Record<string, unknown>;
  try {
    info = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new EmulatorNotRunningError(path, `its connection file ${path} is not valid JSON`);
  }
  const s = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : '');
  if (!s('authorityHost') || !s('tenantId')) throw new EmulatorNotRunningError(path, `${path} has no authorityHost or tenantId`);
  if (typeof info.pid === 'number' && !processAlive(info.pid)) {
    throw new EmulatorNotRunningError(path, `the emulator that wrote ${path} (pid ${info.pid}) has stopped`);
  }
  return {
    path, authorityHost: s('authorityHost'), tenantId: s('tenantId'), tenantDomain: s('tenantDomain'),
    graphBaseUrl: s('graphBaseUrl') || s('authorityHost'), keyVaultUrl: s('keyVaultUrl') || s('authorityHost'),
    caCertPath: s('caCertPath') || null,
  };
}

/**
 * The running emulator when `tenant` is its tenant ID, else undefined (none running is no error here). A GUID
 * the emulator made at random is no real tenant's: `--tenant` with it means the emulator, without --cloud local.
 */
export function emulatorOfTenant(read: () => EmulatorConnection, tenant: string): EmulatorConnection | undefined {
  try {
    const emu = read();
    return emu.tenantId.toLowerCase() === tenant.toLowerCase() ? emu : undefined;
  } catch (err) {
    if (err instanceof EmulatorNotRunningError) return undefined;
    throw err;
  }
}
