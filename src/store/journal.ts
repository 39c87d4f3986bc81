// The journal of secret creations in flight, so a secret created in Graph is never silently lost or left
// as an unexplained orphan. An entry is written BEFORE addPassword (intent), updated with the keyId right
// after (created), given the secret-store key the value is about to be written under (storeKey, a profile
// destination), marked once the value is where it was going (stored), and removed when the run is done. Any
// later run that finds an entry left behind by a killed process finishes the story (app/secret/recover.ts):
// a value that reached its holder is kept; otherwise the credential is removed again (rolled back), since
// nobody holds its value. Entries never hold the secret value.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ensurePrivateDir, writeFileAtomic } from '../shared/files.ts';
import { processAlive } from '../shared/process-alive.ts';

export interface JournalEntry {
  id: string;
  pid: number;
  startedAt: string;
  state: 'intent' | 'created' | 'stored';
  tenant: string;
  /** public | usgov | china | local | custom:<host> (ResolvedCloud.key, see core/cloud.ts). */
  cloud: string;
  /** Endpoints at creation, to undo it later (a local emulator's are looked up again: its port may change). */
  authorityHost?: string;
  graphUrl?: string;
  appObjectId: string;
  appId: string;
  appDisplayName: string;
  displayName: string;
  /** Where the value was going: a profile's secret store, or a Key Vault secret. */
  destination: string;
  keyId?: string;
  /** Profile destinations: the fresh secret-store key the value goes under; the profile records it once switched. */
  storeKey?: string;
}

export class SecretJournal {
  constructor(private readonly dir: string) {}

  begin(entry: Omit<JournalEntry, 'id' | 'pid' | 'startedAt' | 'state'>, now: Date): JournalEntry {
    const full: JournalEntry = { ...entry, id: randomUUID(), pid: process.pid, startedAt: now.toISOString(), state: 'intent' };
    this.write(full);
    return full;
  }

  created(entry: JournalEntry, keyId: string): JournalEntry {
    const next: JournalEntry = { ...entry, state: 'created', keyId };
    this.write(next);
    return next;
  }

  /** The value is about to be written under `storeKey` (a key no profile reads until the switch). */
  storing(entry: JournalEntry, storeKey: string): JournalEntry {
    const next: JournalEntry = { ...entry, storeKey };
    this.write(next);
    return next;
  }

  /** The value is safe where it was going; only the bookkeeping is left. */
  stored(entry: JournalEntry): JournalEntry {
    const next: JournalEntry = { ...entry, state: 'stored' };
    this.write(next);
    return next;
  }

  /** Where an entry is kept (named in messages, so a person can dismiss one by hand). */
  fileOf(entry: Pick<JournalEntry, 'id'>): string {
    return this.path(entry.id);
  }

  finish(entry: JournalEntry): void {
    rmSync(this.path(entry.id), { force: true });
  }

  /**
   * Entries abandoned by their process: it is gone, or the entry is older than an hour (a reused pid).
   * This process's own entries are in flight, never abandoned.
   */
  unfinished(now: Date): JournalEntry[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((f) => f.endsWith('.json')).flatMap((f) => {
      let e: JournalEntry;
      try {
        e = JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as JournalEntry;
      } catch {
        return [];
      }
      if (e.pid === process.pid) return [];
      const stale = now.getTime() - Date.parse(e.startedAt) > 60 * 60 * 1000;
      return !processAlive(e.pid) || stale ? [e] : [];
    });
  }

  private write(e: JournalEntry): void {
    ensurePrivateDir(this.dir);
    writeFileAtomic(this.path(e.id), `${JSON.stringify(e, null, 2)}\n`);
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}
