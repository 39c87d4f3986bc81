// Making sure a state dir can hold the emulator's files before anything is written there: its missing
// folders are created (ensurePrivateDir: one level at a time, never a hang under /proc) and a probe file
// is written and renamed as every save will be. An unusable folder is a clear error at start, not a hang
// or a failure at the first save.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withDirLock } from '../../shared/dir-lock.ts';
import { ensurePrivateDir, UnusableDirError, writeFileAtomic } from '../../shared/files.ts';
import { processAlive } from '../../shared/process-alive.ts';

export class StateDirError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`The emulator state dir ${path} cannot be used (${reason}). Pick a folder you can write to.`);
  }
}

export function prepareStateDir(dir: string): void {
  const abs = resolve(dir);
  try {
    ensurePrivateDir(abs);
    const probe = join(abs, '.write-probe');
    writeFileAtomic(probe, 'probe');
    rmSync(probe, { force: true });
  } catch (err) {
    if (err instanceof UnusableDirError) throw new StateDirError(dir, err.reason);
    const e = err as NodeJS.ErrnoException;
    throw new StateDirError(dir, e.code ? `${e.code}${e.path ? ` on ${e.path}` : ''}` : e.message);
  }
}

/** Another live emulator process uses this state dir: two writers would undo each other's saves. */
export class StateDirInUseError extends Error {
  constructor(readonly path: string, readonly pid: number) {
    super(`Another emulator (pid ${pid}) is running with the state dir ${path}.`);
  }
}

const OWNER_FILE = 'emulator.pid';

/**
 * Claims the state dir for this process (a pid file, taken over when its process is gone, e.g. after a
 * kill -9); returns the release function. Claims by this same process (tests running two in-process
 * emulators one after another) are allowed.
 */
export async function claimStateDir(dir: string): Promise<() => void> {
  const path = join(resolve(dir), OWNER_FILE);
  // Check and claim under the state dir's lock: two starts at the same moment must not both see a free dir.
  await withDirLock(resolve(dir), 'emulator.pid.lock', () => {
    let owner: number | undefined;
    try {
      owner = Number(readFileSync(path, 'utf8').trim());
    } catch { /* no owner */ }
    if (owner && Number.isInteger(owner) && owner !== process.pid && processAlive(owner)) throw new StateDirInUseError(dir, owner);
    writeFileAtomic(path, `${process.pid}\n`);
  });
  return () => {
    try {
      if (Number(readFileSync(path, 'utf8').trim()) === process.pid) rmSync(path, { force: true });
    } catch { /* already gone */ }
  };
}

/** Seed or synthetic options given for a state dir that already holds a tenant (they build new tenants only). */
export class KeptTenantError extends Error {
  constructor(readonly path: string) {
    super(`The emulator keeps a tenant in ${path}: a seed or synthetic apps only build a new tenant.`);
  }
}

/** The files that make up a kept tenant (the CA in <dir>/tls is not one: clients trust it). */
const TENANT_FILES = ['state.json', 'signing-key.pem', 'signing-cert.pem'];

/** Whether the state dir holds a tenant. */
export function hasKeptTenant(dir: string): boolean {
  return existsSync(join(dir, 'state.json'));
}

/** Forgets the kept tenant: the next start builds a new one. */
export function discardKeptTenant(dir: string): void {
  for (const f of TENANT_FILES) rmSync(join(dir, f), { force: true });
}
