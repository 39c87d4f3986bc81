// Small, dependency-free file helpers shared by the emulator and the CLI stores.
// Atomic write = write a temp file in the same directory, fsync, rename: a crash leaves the old file or the new one, never half of one.
// A kill between the write and the rename leaves the temp file behind, holding a whole copy of what was
// being written (for the secret store: every value). So each write first removes the temps of the same file
// that no running process owns, and stores call removeStaleTempFiles when they open (issue 9, item 2).
import { mkdirSync, openSync, writeSync, fsyncSync, closeSync, renameSync, chmodSync, existsSync, rmSync, readdirSync, statSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { processAlive } from './process-alive.ts';

/** Creates a directory (and parents) that only the owner can read: 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
}

/** A writer holds its temp file for milliseconds; one older than this is left over even if its pid was reused. */
const TEMP_MAX_AGE_MS = 60_000;

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

/**
 * Removes the temp files writeFileAtomic left for `path` when its writer was killed: those whose process is
 * gone, or that are older than a minute. Returns how many it removed. Never throws (a sweep is best effort).
 */
export function removeStaleTempFiles(path: string, now = Date.now()): number {
  const dir = dirname(path);
  const prefix = tempPrefix(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    const tmp = join(dir, name);
    try {
      // Our own pid: writes are synchronous, so none of ours is under way while we sweep.
      const owned = pid !== process.pid && processAlive(pid) && now - statSync(tmp).mtimeMs < TEMP_MAX_AGE_MS;
      if (owned) continue;
      rmSync(tmp, { force: true });
      removed += 1;
    } catch { /* raced with its owner's rename or another sweep */ }
  }
  return removed;
}

/** Writes a file atomically with mode 0600 (owner read/write only). */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  removeStaleTempFiles(path);
  const dir = dirname(path);
  const tmp = join(dir, `${tempPrefix(path)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // 'wx': a fresh file with our mode, never an existing one (whose mode open would keep).
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
    throw err;
  }
}
