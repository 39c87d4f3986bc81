// The text files of a tree, the way git sees them, for scanners (leak check): .gitignore rules apply (every
// .gitignore from the repository's top down to each folder, and .git/info/exclude), .git itself is skipped,
// and so are binary files (git's own test: a NUL byte in the first 8000 bytes), files over a size limit and
// symbolic links (never followed: a link out of the tree would scan what is not ours to scan; a target inside
// the tree is scanned where it is). The rules are matched by the `ignore` package (the .gitignore matcher
// eslint and others use). A file named directly is read whatever .gitignore says: the person asked for it.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface TextFile {
  path: string;
  text: string;
}

export type SkipReason = 'binary' | 'too-large' | 'symlink' | 'unreadable';

export interface Skipped {
  path: string;
  reason: SkipReason;
}

export interface TextFileOptions {
  /** Larger files are skipped (default 5 MiB). */
  maxBytes?: number;
  /** Told of each file left out, and why (ignored files are not reported: git does not see them either). */
  onSkip?: (s: Skipped) => void;
}

const DEFAULT_MAX = 5 * 1024 * 1024;
const BINARY_PROBE = 8000;

interface Rules {
  dir: string;
  ig: Ignore;
}

/** Text files at `path` (a file, or every file under a folder), in a stable order. */
export async function* textFilesAt(path: string, opts: TextFileOptions = {}): AsyncGenerator<TextFile> {
  const root = resolve(path);
  const st = await lstat(root);
  const max = opts.maxBytes ?? DEFAULT_MAX;
  if (st.isSymbolicLink()) return opts.onSkip?.({ path, reason: 'symlink' });
  if (!st.isDirectory()) {
    const f = await readText(root, st.size, max, opts, path);
    if (f) yield f;
    return;
  }
  yield* walk(root, await rulesAbove(root), max, opts, path);
}

async function* walk(dir: string, rules: Rules[], max: number, opts: TextFileOptions, shown: string): AsyncGenerator<TextFile> {
  const here = await rulesOf(dir);
  const active = here ? [...rules, here] : rules;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return opts.onSkip?.({ path: shown, reason: 'unreadable' });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    const display = join(shown, e.name);
    if (e.name === '.git' || ignored(active, full, e.isDirectory())) continue;
    if (e.isSymbolicLink()) opts.onSkip?.({ path: display, reason: 'symlink' });
    else if (e.isDirectory()) yield* walk(full, active, max, opts, display);
    else if (e.isFile()) {
      const size = await lstat(full).then((s) => s.size, () => -1);
      const f = size < 0 ? (opts.onSkip?.({ path: display, reason: 'unreadable' }), undefined) : await readText(full, size, max, opts, display);
      if (f) yield f;
    }
  }
}

async function readText(full: string, size: number, max: number, opts: TextFileOptions, display: string): Promise<TextFile | undefined> {
  if (size > max) return void opts.onSkip?.({ path: display, reason: 'too-large' });
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch {
    return void opts.onSkip?.({ path: display, reason: 'unreadable' });
  }
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) return void opts.onSkip?.({ path: display, reason: 'binary' });
  return { path: display, text: bytes.toString('utf8') };
}

/** A later (deeper) rule decides, as in git: an ignore, or a `!` that takes it back. */
function ignored(rules: Rules[], full: string, isDir: boolean): boolean {
  let out = false;
  for (const r of rules) {
    const rel = relative(r.dir, full).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    const t = r.ig.test(isDir ? `${rel}/` : rel);
    if (t.ignored) out = true;
    else if (t.unignored) out = false;
  }
  return out;
}

async function rulesOf(dir: string): Promise<Rules | undefined> {
  const text = await readFile(join(dir, '.gitignore'), 'utf8').catch(() => '');
  return text ? { dir, ig: ignore().add(text) } : undefined;
}

/** The repository's top: the nearest folder at or above `dir` that holds .git. */
function repositoryTop(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** .git/info/exclude, and the .gitignore files of the folders from the repository's top down to `root`'s parent. */
async function rulesAbove(root: string): Promise<Rules[]> {
  const top = repositoryTop(root);
  if (!top) return [];
  const out: Rules[] = [];
  const exclude = await readFile(join(top, '.git', 'info', 'exclude'), 'utf8').catch(() => '');
  if (exclude) out.push({ dir: top, ig: ignore().add(exclude) });
  const chain: string[] = [];
  for (let d = dirname(root); root !== top && d.length >= top.length; d = dirname(d)) {
    chain.unshift(d);
    if (d === top) break;
  }
  for (const d of chain) {
    const r = await rulesOf(d);
    if (r) out.push(r);
  }
  return out;
}
