// Making sure a state dir can hold the emulator's files before anything is written there: its missing
// folders are created (ensurePrivateDir: one level at a time, never a hang under /proc) and a probe file
// is written and renamed as every save will be. An unusable folder is a clear error at start, not a hang
// or a failure at the first save.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensurePrivateDir, UnusableDirError, writeFileAtomic } from '../../shared/files.ts';

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
