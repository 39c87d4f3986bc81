// All tenants of one emulator, and their persistence: one JSON document in the state dir, written
// atomically (temp + rename) a moment after each change and once more on stop. A corrupt file is
// reported with its path and never overwritten.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../../shared/files.ts';
import type { TenantRecord } from './model.ts';
import { Tenant } from './tenant.ts';

const SCHEMA_VERSION = 1;
const SAVE_DELAY_MS = 100;
const LOG_SAVE_DELAY_MS = 5_000;

interface StateDocument {
  schemaVersion: number;
  tenants: TenantRecord[];
}

export class StateFileError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`The emulator state file ${path} cannot be read (${reason}). It was left untouched; move it away or pick another --state-dir.`);
  }
}

export class EmulatorStore {
  readonly tenants: Tenant[] = [];
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  /** Told when a background save fails (the emulator logs it); the state stays in memory. */
  onSaveError: ((err: Error) => void) | undefined;

  constructor(private readonly stateDir: string | undefined) {}

  get statePath(): string | undefined {
    return this.stateDir ? join(this.stateDir, 'state.json') : undefined;
  }

  /** Loads persisted tenants; returns false when there is nothing persisted yet. */
  load(): boolean {
    const path = this.statePath;
    if (!path || !existsSync(path)) return false;
    let doc: StateDocument;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8')) as StateDocument;
    } catch (err) {
      throw new StateFileError(path, (err as Error).message);
    }
    if (!doc || typeof doc !== 'object' || !Array.isArray(doc.tenants)) throw new StateFileError(path, 'not an emulator state document');
    if (doc.schemaVersion !== SCHEMA_VERSION) throw new StateFileError(path, `schema version ${String(doc.schemaVersion)}, expected ${SCHEMA_VERSION}`);
    for (const t of doc.tenants) this.tenants.push(new Tenant(t));
    return this.tenants.length > 0;
  }

  add(tenant: Tenant): void {
    this.tenants.push(tenant);
    this.changed();
  }

  /** Finds a tenant by GUID or verified domain, case-insensitively. */
  find(key: string): Tenant | undefined {
    const k = key.toLowerCase();
    return this.tenants.find((t) => t.id === k || t.domain.toLowerCase() === k);
  }

  get defaultTenant(): Tenant {
    const t = this.tenants[0];
    if (!t) throw new Error('The emulator has no tenant');
    return t;
  }

  /**
   * Call after every mutation: schedules an atomic save when persistence is on. Directory changes save
   * within 100 ms; `logOnly` changes (sign-in records, which every token request makes) within 5 s, so
   * token traffic does not re-serialise a large tenant many times a second.
   */
  changed(kind: 'directory' | 'logOnly' = 'directory'): void {
    if (!this.stateDir) return;
    const delay = kind === 'logOnly' ? LOG_SAVE_DELAY_MS : SAVE_DELAY_MS;
    const due = Date.now() + delay;
    if (this.timer && this.dueAt <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch (err) {
        // A failed save (disk full, permissions) must not take the emulator down; the next change retries.
        this.onSaveError?.(err as Error);
      }
    }, delay);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    const path = this.statePath;
    if (!path || !this.stateDir) return;
    ensurePrivateDir(this.stateDir);
    const doc: StateDocument = { schemaVersion: SCHEMA_VERSION, tenants: this.tenants.map((t) => t.record) };
    writeFileAtomic(path, JSON.stringify(doc));
  }
}
