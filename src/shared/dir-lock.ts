// One lock discipline for every file the CLI rewrites (profiles, secrets, admin sessions): an exclusive
// lock file in the 0700 directory, stale after 10 s (a killed process never blocks others for long), with
// randomized retries so 20 concurrent runs all get their turn.
import { join } from 'node:path';
import { ensurePrivateDir } from './files.ts';

export async function withDirLock<T>(dir: string, lockName: string, fn: () => T | Promise<T>): Promise<T> {
  ensurePrivateDir(dir);
  // Loaded on first use: the lock library (and the graceful-fs it brings) costs every command's start-up
  // when imported with the command table, and most runs never write.
  const { default: lockfile } = await import('proper-lockfile');
  const release = await lockfile.lock(dir, {
    lockfilePath: join(dir, lockName), realpath: false, stale: 10_000,
    retries: { retries: 100, factor: 1.3, minTimeout: 10, maxTimeout: 250, randomize: true },
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}
