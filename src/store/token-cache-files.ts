// A profile's token cache files: <cache>/tokens/<profile>.<ext> (and a lock beside it, <profile>.<ext>.lock).
// Matching exactly one extension keeps profile "a" from touching the files of profile "a.b" (names may
// contain dots).
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function tokenCacheDir(cacheDir: string): string {
  return join(cacheDir, 'tokens');
}

export function tokenCacheFiles(cacheDir: string, profile: string): string[] {
  const dir = tokenCacheDir(cacheDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const prefix = `${profile}.`;
  return names.filter((n) => n.startsWith(prefix) && /^[^.]+(\.lock)?$/.test(n.slice(prefix.length))).map((n) => join(dir, n));
}

/** Removes the profile's token cache files; returns what was removed. */
export function removeTokenCache(cacheDir: string, profile: string): string[] {
  const files = tokenCacheFiles(cacheDir, profile);
  for (const f of files) rmSync(f, { force: true, recursive: true });
  return files;
}
