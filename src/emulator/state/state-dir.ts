// Making sure a state dir can hold the emulator's files before anything is written there: its missing
// folders are created one level at a time (Node's recursive mkdir never returns for a path under /proc,
// spinning at 100% CPU) and a probe file is written and renamed as every save will be. An unusable
// folder is a clear error at start, not a hang or a failure at the first save.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../shared/files.ts';

export class StateDirError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`The emulator state dir ${path} cannot be used (${reason}). Pick a folder you can write to.`);
  }
}

export function prepareStateDir(dir: string): void {
  const abs = resolve(dir);
  const missing: string[] = [];
  let existing = abs;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    const up = dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  try {
    if (!statSync(existing).isDirectory()) throw new StateDirError(dir, `${existing} is not a folder`);
    for (const d of missing) mkdirSync(d, { mode: 0o700 });
    const probe = join(abs, '.write-probe');
    writeFileAtomic(probe, 'probe');
    rmSync(probe, { force: true });
  } catch (err) {
    if (err instanceof StateDirError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new StateDirError(dir, e.code ? `${e.code}${e.path ? ` on ${e.path}` : ''}` : e.message);
  }
}
