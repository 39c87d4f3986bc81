// What `inventory scan --delta` needs to give a complete inventory from Graph's changes alone
// (docs/inventory.md "Delta"): the last scan's objects (credentials' metadata and owners, never a value), one
// JSON line each, and the deltaLinks to ask Graph what changed since. Both 0600 under the cache dir, keyed by
// cloud and tenant. The lines are streamed in and out (constant memory at any tenant size). A new snapshot is
// written beside the old one and made current by rewriting the small meta file atomically, so a scan killed
// at any point leaves the previous snapshot whole; data files no meta names are swept on the next commit.
// A meta file of another shape or version is not guessed at: the caller does a full scan and replaces it.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensurePrivateDir, writeFileAtomic } from '../shared/files.ts';
import { readJsonDocument } from '../shared/json-document.ts';
import { processAlive } from '../shared/process-alive.ts';

export const SNAPSHOT_SCHEMA = 1;

export interface SnapshotMeta {
  schemaVersion: number;
  kind: 'inventory-snapshot';
  scope: string;
  /** What the objects were selected with; another selection makes the snapshot unusable. */
  select: string;
  /** Graph's deltaLink per collection (applications, servicePrincipals). */
  deltaLinks: Record<string, string>;
  /** The data file (in the same folder). */
  data: string;
  objects: number;
  savedAt: string;
}

export interface SnapshotWriter {
  add(entry: unknown): void;
  /** Makes this snapshot the current one. */
  commit(meta: Pick<SnapshotMeta, 'select' | 'deltaLinks'>): void;
  /** Drops it (the scan failed): the previous snapshot stays current. */
  abort(): void;
}

const FLUSH_BYTES = 1 << 20;

function idOf(scope: string): string {
  return createHash('sha256').update(scope.toLowerCase()).digest('hex').slice(0, 16);
}

function dirOf(cacheDir: string): string {
  return join(cacheDir, 'inventory');
}

export function snapshotMetaPath(cacheDir: string, scope: string): string {
  return join(dirOf(cacheDir), `snapshot-${idOf(scope)}.json`);
}

/** The current snapshot's meta, undefined when there is none; throws (naming the file) on an unknown shape. */
export function readSnapshotMeta(cacheDir: string, scope: string): SnapshotMeta | undefined {
  const path = snapshotMetaPath(cacheDir, scope);
  return readJsonDocument<SnapshotMeta | undefined>({
    path, what: 'entra-auth-cli inventory snapshot', schemaVersion: SNAPSHOT_SCHEMA,
    empty: () => undefined,
    shapeOk: (d) => d.kind === 'inventory-snapshot' && d.scope === scope && typeof d.select === 'string'
      && typeof d.data === 'string' && /^snapshot-[0-9a-f]{16}\.\d+\.[0-9a-f]+\.ndjson$/.test(d.data)
      && typeof d.deltaLinks === 'object' && d.deltaLinks !== null && Object.values(d.deltaLinks).every((v) => typeof v === 'string'),
    fail: (reason) => new Error(`the inventory snapshot ${path} cannot be used: ${reason}`),
  });
}

/** The snapshot's entries, one parsed line at a time. */
export async function* readSnapshotEntries(cacheDir: string, meta: SnapshotMeta): AsyncGenerator<unknown> {
  const lines = createInterface({ input: createReadStream(join(dirOf(cacheDir), meta.data), { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line);
}

export function openSnapshotWriter(cacheDir: string, scope: string): SnapshotWriter {
  const dir = dirOf(cacheDir);
  ensurePrivateDir(dir);
  const id = idOf(scope);
  const name = `snapshot-${id}.${process.pid}.${randomBytes(4).toString('hex')}.ndjson`;
  const path = join(dir, name);
  const fd = openSync(path, 'wx', 0o600);
  let buffer = '';
  let objects = 0;
  let open = true;
  const flush = () => { if (buffer) { writeSync(fd, buffer); buffer = ''; } };
  const close = () => { if (open) { open = false; closeSync(fd); } };
  return {
    add(entry) {
      buffer += `${JSON.stringify(entry)}\n`;
      objects++;
      if (buffer.length >= FLUSH_BYTES) flush();
    },
    commit(m) {
      flush();
      fsyncSync(fd);
      close();
      const meta: SnapshotMeta = { schemaVersion: SNAPSHOT_SCHEMA, kind: 'inventory-snapshot', scope, ...m, data: name, objects, savedAt: new Date().toISOString() };
      writeFileAtomic(snapshotMetaPath(cacheDir, scope), `${JSON.stringify(meta)}\n`, 0o600);
      // The previous data file and any a killed scan left (not one a running scan is writing).
      for (const other of readdirSync(dir)) {
        const pid = new RegExp(`^snapshot-${id}\\.(\\d+)\\.[0-9a-f]+\\.ndjson$`).exec(other)?.[1];
        if (pid && other !== name && (Number(pid) === process.pid || !processAlive(Number(pid)))) rmSync(join(dir, other), { force: true });
      }
    },
    abort() {
      close();
      rmSync(path, { force: true });
    },
  };
}

/** Forgets the snapshot (meta first, so a half-removed one is never read). */
export function removeSnapshot(cacheDir: string, scope: string): void {
  const meta = (() => { try { return readSnapshotMeta(cacheDir, scope); } catch { return undefined; } })();
  rmSync(snapshotMetaPath(cacheDir, scope), { force: true });
  if (meta) rmSync(join(dirOf(cacheDir), meta.data), { force: true });
}
