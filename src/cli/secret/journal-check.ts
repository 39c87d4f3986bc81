// The cheap part of journal recovery, imported by the command table on every run: is there anything in the
// secret-creation journal at all? (One readdir of a directory that is normally missing or empty.) The
// recovery itself (recover.ts: MSAL, Graph) is loaded only when there is.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { appPaths } from '../../store/paths.ts';
import type { JournalEntry } from '../../store/journal.ts';

export function journalDir(env: NodeJS.ProcessEnv): string {
  return join(appPaths(env).data, 'journal');
}

export function hasJournalEntries(env: NodeJS.ProcessEnv): boolean {
  try {
    return readdirSync(journalDir(env)).some((f) => f.endsWith('.json'));
  } catch {
    return false;
  }
}

/** The credential a journal intent stands for: our displayName and exactly our startDateTime. */
export function matchesIntent(cred: { displayName: string | null; startDateTime: string }, e: Pick<JournalEntry, 'displayName' | 'startedAt'>): boolean {
  return cred.displayName === e.displayName && Math.abs(Date.parse(cred.startDateTime) - Date.parse(e.startedAt)) < 1000;
}
