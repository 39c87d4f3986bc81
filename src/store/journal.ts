// The journal of secret creations in flight, so a secret created in Graph is never silently lost or left
// as an unexplained orphan. An entry is written BEFORE addPassword (intent), updated with the keyId right
// after (created), given the secret-store key the value is about to be written under (storeKey, a profile
// destination), marked once the value is where it was going (stored), and removed when the run is done. Any
// later run that finds an entry left behind by a killed process finishes the story (app/secret/recover.ts):
// a value that reached its holder is kept; otherwise the credential is removed again (rolled back), since
// nobody holds its value. Entries never hold the secret value.
// A rotation's entry also says what to do with the credential it replaces once the new value is stored
// (`rotation`: the profile, the old keyId, --remove-old): recovery finishes that part too.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ensurePrivateDir, writeFileAtomic } from '../shared/files.ts';
import { processAlive } from '../shared/process-alive.ts';

/** Which app of which tenant a recorded change is about, with the endpoints to reach it again later. */
export interface RecordedApp {
  tenant: string;
  /** public | usgov | china | local | custom:<host> (ResolvedCloud.key, see core/cloud.ts). */
  cloud: string;
  /** Endpoints at the time, to act on it later (a local emulator's are looked up again: its port may change). */
  authorityHost?: string;
  graphUrl?: string;
  appObjectId: string;
  appId: string;
  appDisplayName: string;
}

export interface JournalEntry extends RecordedApp {
  id: string;
  pid: number;
  startedAt: string;
  state: 'intent' | 'created' | 'stored';
  displayName: string;
  /** Where the value was going: a profile's secret store, or a Key Vault secret. */
  destination: string;
  keyId?: string;
  /** Profile destinations: the fresh secret-store key the value goes under; the profile records it once switched. */
  storeKey?: string;
  /** Set by `secret rotate`: what happens to the replaced credential once the new value is stored. */
  rotation?: RotationIntent;
}

export const REMOVE_OLD = ['now', 'after-overlap', 'never'] as const;
export type RemoveOld = (typeof REMOVE_OLD)[number];

export interface RotationIntent {
  /** The profile whose secret is replaced. */
  profile: string;
  /** The credential the profile used, when known for sure (recorded, or the one hint match): only it may be retired. */
  oldKeyId?: string;
  oldDisplayName?: string;
  removeOld: RemoveOld;
  /** after-overlap: when the old credential may go (ISO time). */
  retireAfter?: string;
  /** Remove the old credential only once the sign-in activity shows the new one in use. */
  waitForUse?: boolean;
  /** The new credential's end, so recovery can record it in the profile (a Key Vault profile killed before its save). */
  newEndDateTime?: string;
}

export interface UnreadableJournalFile {
  file: string;
  /** What is wrong with it ("not valid JSON", "no keyId of the right type", ...). */
  reason: string;
}

export interface JournalScan {
  abandoned: JournalEntry[];
  unreadable: UnreadableJournalFile[];
}

const STATES: ReadonlySet<string> = new Set(['intent', 'created', 'stored']);
const REQUIRED_TEXT = ['id', 'startedAt', 'tenant', 'cloud', 'appObjectId', 'appId', 'appDisplayName', 'displayName', 'destination'] as const;
const OPTIONAL_TEXT = ['authorityHost', 'graphUrl', 'keyId', 'storeKey'] as const;

/** The entry in `file`, or why it is not one this version wrote (its id must be its file name: finish() removes by id). */
function readEntry(file: string, name: string): JournalEntry | string {
  let e: unknown;
  try {
    e = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code ? `it cannot be read (${code})` : 'it is not valid JSON';
  }
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'it is not a journal entry';
  const o = e as Record<string, unknown>;
  const missing = REQUIRED_TEXT.find((k) => typeof o[k] !== 'string' || o[k] === '');
  if (missing) return `its ${missing} is missing or not text`;
  const wrong = OPTIONAL_TEXT.find((k) => o[k] !== undefined && typeof o[k] !== 'string');
  if (wrong) return `its ${wrong} is not text`;
  if (!Number.isSafeInteger(o.pid) || (o.pid as number) <= 0) return 'its pid is not a process id';
  if (!STATES.has(o.state as string)) return `its state '${String(o.state)}' is not one this version writes (a newer entra-auth-cli?)`;
  if (Number.isNaN(Date.parse(o.startedAt as string))) return 'its startedAt is not a date';
  if (o.id !== name) return `its id '${String(o.id)}' is not its file name`;
  if (o.rotation !== undefined) {
    const problem = rotationProblem(o.rotation);
    if (problem) return `its rotation ${problem}`;
  }
  return o as unknown as JournalEntry;
}

function rotationProblem(r: unknown): string | undefined {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return 'is not an object';
  const o = r as Record<string, unknown>;
  if (typeof o.profile !== 'string' || !o.profile) return 'names no profile';
  if (!(REMOVE_OLD as readonly unknown[]).includes(o.removeOld)) return `removeOld '${String(o.removeOld)}' is not one this version writes`;
  const wrong = (['oldKeyId', 'oldDisplayName', 'retireAfter', 'newEndDateTime'] as const).find((k) => o[k] !== undefined && typeof o[k] !== 'string');
  if (wrong) return `${wrong} is not text`;
  if (o.retireAfter !== undefined && Number.isNaN(Date.parse(o.retireAfter as string))) return 'retireAfter is not a date';
  if (o.waitForUse !== undefined && typeof o.waitForUse !== 'boolean') return 'waitForUse is not true or false';
  return undefined;
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
   * Entries abandoned by their process (it is gone, or the entry is older than an hour: a reused pid), and
   * files in the journal that cannot be read as an entry. This process's own entries are in flight, never
   * abandoned. An unreadable file is never removed or rewritten here: it may be the only trace of a
   * credential whose value nobody holds, so the caller reports it on every run until a person deals with it.
   */
  scan(now: Date): JournalScan {
    const scan: JournalScan = { abandoned: [], unreadable: [] };
    if (!existsSync(this.dir)) return scan;
    for (const f of readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort()) {
      const file = join(this.dir, f);
      const read = readEntry(file, f.slice(0, -'.json'.length));
      if (typeof read === 'string') {
        scan.unreadable.push({ file, reason: read });
        continue;
      }
      if (read.pid === process.pid) continue;
      const stale = now.getTime() - Date.parse(read.startedAt) > 60 * 60 * 1000;
      if (!processAlive(read.pid) || stale) scan.abandoned.push(read);
    }
    return scan;
  }

  private write(e: JournalEntry): void {
    ensurePrivateDir(this.dir);
    writeFileAtomic(this.path(e.id), `${JSON.stringify(e, null, 2)}\n`);
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}
