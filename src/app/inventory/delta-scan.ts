// `inventory scan --delta` (docs/inventory.md "Delta"): a complete inventory from Graph's changes since the
// last --delta scan of this tenant. The last scan's objects (with owners) are kept in a local snapshot
// (store/inventory-snapshot.ts) with the deltaLinks taken *before* that scan began, so nothing changed during
// it is missed (a change seen twice is harmless: merged by id). A rescan reads the changes into a map by id
// (memory grows with the changes, not with the tenant), fetches the owners of the changed objects, then
// streams the old snapshot: removed objects are dropped, changed ones replaced, the rest kept, new ones
// added at the end of their collection; every object's rows are made again with today's date, policy and
// sign-ins, and written as they go, while the new snapshot is written beside the old one. Without a usable
// snapshot, or when Graph says the link has expired (syncStateNotFound), a full scan runs and saves one.
import { ActionableError } from '../../core/actionable-error.ts';
import { DIRECTORY_SELECT, type DirectoryKind, type DirectoryObject } from '../../entra/graph/directory-pages.ts';
import { isDeltaExpired, latestDeltaLink, readChanges } from '../../entra/graph/directory-delta.ts';
import type { DirectoryOwner } from '../../entra/graph/owners-batch.ts';
import type { PacedReader } from '../../entra/graph/paced-read.ts';
import { ThrottlePacer } from '../../entra/graph/throttle-pacer.ts';
import { openSnapshotWriter, readSnapshotEntries, readSnapshotMeta, snapshotMetaPath, type SnapshotMeta } from '../../store/inventory-snapshot.ts';
import { filteredRows, ownersOf, PHASES, prepareScan, scanInventory, writeObjectRows, type RowWriter, type ScanRequest, type ScanResult } from './scan.ts';

export interface DeltaScanRequest extends Omit<ScanRequest, 'resume' | 'onPage' | 'keep'> {
  /** Where the snapshot lives (the cache dir) and whose it is (cloud|tenant). */
  snapshot: { cacheDir: string; scope: string };
}

export interface DeltaScanResult extends ScanResult {
  /** 'delta': from the changes; 'full': a full scan (first run, or the link had expired). */
  mode: 'full' | 'delta';
}

/** One line of the snapshot. */
interface Entry { k: DirectoryKind; o: DirectoryObject; w: DirectoryOwner[] }

type Changes = Record<DirectoryKind, Map<string, DirectoryObject | null>>;

export async function scanInventoryDelta(req: DeltaScanRequest, write: RowWriter): Promise<DeltaScanResult> {
  const pacer = req.pacer ?? new ThrottlePacer();
  const reader: PacedReader = { graph: req.graph, pacer };
  const { cacheDir, scope } = req.snapshot;
  let meta: SnapshotMeta | undefined;
  try {
    meta = readSnapshotMeta(cacheDir, scope);
    if (!meta) req.notice?.('No earlier --delta scan of this tenant: a full scan, which keeps what the next --delta needs.');
    else if (meta.select !== DIRECTORY_SELECT || PHASES.some((k) => !meta!.deltaLinks[k])) {
      req.notice?.('The saved inventory snapshot was made by another version: a full scan replaces it.');
      meta = undefined;
    }
  } catch (err) {
    req.notice?.(`${(err as Error).message}: a full scan replaces it.`);
  }
  if (meta) {
    let read: Awaited<ReturnType<typeof readAllChanges>> | undefined;
    try {
      read = await readAllChanges(reader, meta);
    } catch (err) {
      if (!isDeltaExpired(err)) throw err;
      req.notice?.('The saved delta link has expired (Graph: syncStateNotFound): a full scan instead.');
    }
    // Only reading the changes may fall back: once rows are written, a failure is the scan's failure.
    if (read) return { ...(await applyChanges(req, reader, meta, read.changes, read.links, write)), mode: 'delta' };
  }
  return { ...(await fullScan(req, reader, write)), mode: 'full' };
}

/** A full scan that keeps every object for the next --delta, with the links taken before it began. */
async function fullScan(req: DeltaScanRequest, reader: PacedReader, write: RowWriter): Promise<ScanResult> {
  const deltaLinks: Record<string, string> = {};
  for (const kind of PHASES) deltaLinks[kind] = await latestDeltaLink(reader, kind);
  const snapshot = openSnapshotWriter(req.snapshot.cacheDir, req.snapshot.scope);
  try {
    const result = await scanInventory({ ...req, pacer: reader.pacer, keep: (k, o, w) => snapshot.add({ k, o, w } satisfies Entry) }, write);
    snapshot.commit({ select: DIRECTORY_SELECT, deltaLinks });
    return result;
  } catch (err) {
    snapshot.abort();
    throw err;
  }
}

async function readAllChanges(reader: PacedReader, meta: SnapshotMeta): Promise<{ changes: Changes; links: Record<string, string> }> {
  const changes = { applications: new Map(), servicePrincipals: new Map() } as Changes;
  const links: Record<string, string> = {};
  for (const kind of PHASES) {
    links[kind] = await readChanges(reader, meta.deltaLinks[kind]!, (c) => {
      if (c.removed) changes[kind].set(c.id, null);
      else changes[kind].set(c.object.id, c.object);
    });
  }
  return { changes, links };
}

async function applyChanges(req: DeltaScanRequest, reader: PacedReader, meta: SnapshotMeta, changes: Changes, links: Record<string, string>, write: RowWriter): Promise<ScanResult> {
  const { ctx, summary } = await prepareScan(req, reader);
  const owners = new Map<string, DirectoryOwner[]>();
  for (const kind of PHASES) {
    const changed = [...changes[kind]].filter(([, o]) => o).map(([id]) => id);
    for (const [id, o] of await ownersOf(reader, kind, changed, req.concurrency ?? 6)) owners.set(id, o);
  }
  const snapshot = openSnapshotWriter(req.snapshot.cacheDir, req.snapshot.scope);
  let done = 0;
  const emit = async (k: DirectoryKind, o: DirectoryObject, w: DirectoryOwner[]) => {
    snapshot.add({ k, o, w } satisfies Entry);
    await writeObjectRows(req, summary, filteredRows(req, ctx, k, o), w, write);
    if (k === 'applications') summary.apps++;
    else summary.servicePrincipals++;
    if (++done % 1000 === 0) req.onProgress?.({ phase: k, done, total: meta.objects, rows: summary.credentials });
  };
  // Objects Graph reports as new (not in the snapshot) come after the collection's known ones.
  const added = async (k: DirectoryKind) => {
    for (const [id, o] of changes[k]) if (o) await emit(k, o, owners.get(id) ?? []);
    changes[k].clear();
  };
  try {
    let phase = 0;
    for await (const raw of readSnapshotEntries(req.snapshot.cacheDir, meta)) {
      const e = entryOf(raw, req);
      while (PHASES[phase] !== e.k) {
        if (phase >= PHASES.length) throw unknownShape(req);
        await added(PHASES[phase++]!);
      }
      const change = changes[e.k].get(e.o.id);
      if (change === undefined) {
        await emit(e.k, e.o, e.w);
        continue;
      }
      changes[e.k].delete(e.o.id);
      // Graph may send only some properties of a changed object: they are laid over the known ones.
      if (change) await emit(e.k, { ...e.o, ...change }, owners.get(e.o.id) ?? []);
    }
    while (phase < PHASES.length) await added(PHASES[phase++]!);
    snapshot.commit({ select: DIRECTORY_SELECT, deltaLinks: links });
  } catch (err) {
    snapshot.abort();
    throw err;
  }
  req.onProgress?.({ phase: PHASES[PHASES.length - 1]!, done, total: done, rows: summary.credentials });
  return { summary, signInKeys: ctx.signIns?.size ?? 0, pacer: reader.pacer };
}

/** A snapshot line, checked: an unknown shape stops the scan rather than dropping or inventing objects. */
function entryOf(raw: unknown, req: DeltaScanRequest): Entry {
  const e = raw as Entry;
  if (e && PHASES.includes(e.k) && e.o && typeof e.o.id === 'string' && Array.isArray(e.w)) return e;
  throw unknownShape(req);
}

function unknownShape(req: DeltaScanRequest): Error {
  const path = snapshotMetaPath(req.snapshot.cacheDir, req.snapshot.scope);
  return new ActionableError(`The saved inventory snapshot (${path}) is not in the shape it was written in.`, `Remove ${path} and run the scan again: it does a full scan and saves a new one.`);
}
