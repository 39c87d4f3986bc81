// Where an interrupted `inventory scan` stands, so --resume continues it (docs/inventory.md "Resume"): the
// next page's link, the rows and bytes written so far, the summary so far, and what was asked (tenant,
// filters, format), saved 0600 under the cache dir after every completed page and removed when the scan
// ends. A file of another shape or version is refused, never guessed at.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ActionableError } from '../core/actionable-error.ts';
import { ensurePrivateDir, writeFileAtomic } from '../shared/files.ts';
import { readJsonDocument } from '../shared/json-document.ts';

export const CHECKPOINT_SCHEMA = 1;

export interface InventoryCheckpoint {
  schemaVersion: number;
  kind: 'inventory-scan';
  /** cloud key + tenant: a checkpoint belongs to one tenant. */
  scope: string;
  /** The filters and format asked for; --resume must ask the same. */
  query: string;
  /** The scan's position (app/inventory/scan.ts ScanPosition), as JSON. */
  position: { phase: string; nextUrl: string | null; summary: Record<string, unknown> };
  rowsWritten: number;
  /** Bytes written to stdout up to the end of the last completed page. */
  bytesWritten: number;
  savedAt: string;
}

export function checkpointPath(cacheDir: string, scope: string): string {
  const id = createHash('sha256').update(scope.toLowerCase()).digest('hex').slice(0, 16);
  return join(cacheDir, 'inventory', `scan-${id}.json`);
}

/** The checkpoint of this scope, or undefined when there is none. Unknown shapes throw naming the file. */
export function readCheckpoint(cacheDir: string, scope: string): InventoryCheckpoint | undefined {
  const path = checkpointPath(cacheDir, scope);
  const doc = readJsonDocument<InventoryCheckpoint | undefined>({
    path, what: 'entra-auth-cli inventory checkpoint', schemaVersion: CHECKPOINT_SCHEMA,
    empty: () => undefined,
    shapeOk: (d) => d.kind === 'inventory-scan' && typeof d.scope === 'string' && typeof d.query === 'string'
      && Number.isInteger(d.rowsWritten) && Number.isInteger(d.bytesWritten) && positionOk(d.position),
    fail: (reason) => new ActionableError(`The inventory checkpoint ${path} cannot be used: ${reason}.`,
      'Run the scan again without --resume (it starts over and replaces the checkpoint).'),
  });
  return doc;
}

function positionOk(p: unknown): boolean {
  const o = p as InventoryCheckpoint['position'];
  return typeof o === 'object' && o !== null && typeof o.phase === 'string' && (o.nextUrl === null || typeof o.nextUrl === 'string')
    && typeof o.summary === 'object' && o.summary !== null;
}

export function saveCheckpoint(cacheDir: string, cp: Omit<InventoryCheckpoint, 'schemaVersion' | 'kind'>): void {
  const path = checkpointPath(cacheDir, cp.scope);
  ensurePrivateDir(join(cacheDir, 'inventory'));
  writeFileAtomic(path, `${JSON.stringify({ schemaVersion: CHECKPOINT_SCHEMA, kind: 'inventory-scan', ...cp })}\n`, 0o600);
}

export function removeCheckpoint(cacheDir: string, scope: string): void {
  rmSync(checkpointPath(cacheDir, scope), { force: true });
}
