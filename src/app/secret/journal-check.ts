// The cheap part of journal recovery, imported by the command table on every run: is there anything in the
// secret-creation journal at all? (One readdir of a directory that is normally missing or empty.) The
// recovery itself (recover.ts: MSAL, Graph) is loaded only when there is.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEntry } from '../../store/journal.ts';

export function journalDir(paths: { data: string }): string {
  return join(paths.data, 'journal');
}

export function hasJournalEntries(paths: { data: string }): boolean {
  try {
    return readdirSync(journalDir(paths)).some((f) => f.endsWith('.json'));
  } catch {
    return false;
  }
}

/**
 * The credential a journal intent stands for, when its keyId is not known (the run ended while Graph was
 * creating it): our displayName and exactly our startDateTime, to the millisecond. Two secrets created for
 * one app in the same second share the name; only the start we chose tells them apart (issue 9, item 3).
 */
export function matchesIntent(cred: { displayName: string | null; startDateTime: string }, e: Pick<JournalEntry, 'displayName' | 'startedAt'>): boolean {
  return cred.displayName === e.displayName && Date.parse(cred.startDateTime) === Date.parse(e.startedAt);
}
