// Reading and writing the CLI's versioned JSON files (profiles, admin sessions): a missing file is the empty
// document; bad JSON, a foreign shape or another schema version is an error naming the file, which is then
// left as it is. No lock here (callers lock around read-change-write), so the get-token fast path can use it.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './files.ts';

export interface JsonDocumentSpec<T> {
  path: string;
  /** e.g. "entra-auth-cli profiles file", for the error when the shape is wrong. */
  what: string;
  schemaVersion: number;
  empty(): T;
  shapeOk(doc: Record<string, unknown>): boolean;
  fail(reason: string): Error;
}

export function readJsonDocument<T>(spec: JsonDocumentSpec<T>): T {
  let text: string | undefined;
  try {
    text = readIfPresent(spec.path);
  } catch (err) {
    throw spec.fail(`it cannot be read (${(err as Error).message})`);
  }
  if (text === undefined) return spec.empty();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw spec.fail(`it is not valid JSON (${(err as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw spec.fail(`it is not an ${spec.what}`);
  // A newer schema first: its shape may well differ, and "upgrade" is the useful answer then.
  const version = (doc as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > spec.schemaVersion) throw spec.fail(`it was written by a newer entra-auth-cli (schema ${version}); upgrade to use it`);
  if (!spec.shapeOk(doc as Record<string, unknown>)) throw spec.fail(`it is not an ${spec.what}`);
  if (version !== spec.schemaVersion) throw spec.fail(`unknown schema version ${String(version)}`);
  return doc as T;
}

/**
 * A file's text, or undefined when it is not there (no such file, or a parent that is not a folder: what
 * existsSync answered false for). One read instead of a stat then a read: the get-token fast path reads
 * its files this way. Any other error (EISDIR, EACCES) is thrown for the caller to report.
 */
export function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

export function writeJsonDocument(path: string, doc: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(doc, null, 2)}\n`);
}
