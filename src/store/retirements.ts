// Pending retirements: old client secrets that `secret rotate --remove-old after-overlap` (the default)
// replaced and that `secret prune` removes once their overlap has passed and their replacement is proven
// (app/secret/prune.ts). One small versioned file in the config folder, 0600, written atomically under a
// lock; a file of unknown shape is refused (named in the error) and never rewritten. Entries hold keyIds,
// names and times: never a value.
import { join } from 'node:path';
import { ActionableError } from '../core/actionable-error.ts';
import { withDirLock } from '../shared/dir-lock.ts';
import type { RecordedApp } from './journal.ts';
import { readJsonDocument, writeJsonDocument, type JsonDocumentSpec } from '../shared/json-document.ts';

export interface PendingRetirement extends RecordedApp {
  /** The credential to remove. */
  keyId: string;
  displayName?: string;
  /** The credential that replaced it, and the profile that holds it: the proof prune checks again. */
  replacedBy: string;
  profile: string;
  recordedAt: string;
  /** Not before this time (the end of the overlap). */
  retireAfter: string;
  /** Only once the sign-in activity shows the replacement in use. */
  waitForUse: boolean;
}

interface RetirementsDocument {
  schemaVersion: 1;
  retirements: PendingRetirement[];
}

const TEXT = ['tenant', 'cloud', 'appObjectId', 'appId', 'appDisplayName', 'keyId', 'replacedBy', 'profile', 'recordedAt', 'retireAfter'] as const;

function entryOk(e: unknown): boolean {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return false;
  const o = e as Record<string, unknown>;
  return TEXT.every((k) => typeof o[k] === 'string' && o[k] !== '')
    && (['authorityHost', 'graphUrl', 'displayName'] as const).every((k) => o[k] === undefined || typeof o[k] === 'string')
    && typeof o.waitForUse === 'boolean' && !Number.isNaN(Date.parse(o.retireAfter as string));
}

export class RetirementStore {
  readonly path: string;

  constructor(private readonly configDir: string) {
    this.path = join(configDir, 'retirements.json');
  }

  private spec(): JsonDocumentSpec<RetirementsDocument> {
    return {
      path: this.path, what: 'entra-auth-cli pending-retirements file', schemaVersion: 1,
      empty: () => ({ schemaVersion: 1, retirements: [] }),
      shapeOk: (doc) => Array.isArray(doc.retirements) && doc.retirements.every(entryOk),
      fail: (reason) => new ActionableError(`Cannot use the pending retirements file ${this.path}: ${reason}.`,
        'It lists old client secrets that `secret prune` is to remove; it is left as it is. Look at it, fix or remove it, then run the command again.'),
    };
  }

  list(): PendingRetirement[] {
    return readJsonDocument(this.spec()).retirements;
  }

  /** Records one (replacing an earlier record of the same credential: recovery may record it twice). */
  async add(r: PendingRetirement): Promise<void> {
    await this.update((list) => [...list.filter((x) => !same(x, r)), r]);
  }

  async remove(r: Pick<PendingRetirement, 'appId' | 'keyId'>): Promise<void> {
    await this.update((list) => list.filter((x) => !same(x, r)));
  }

  private async update(change: (list: PendingRetirement[]) => PendingRetirement[]): Promise<void> {
    await withDirLock(this.configDir, 'retirements.lock', () => {
      const doc = readJsonDocument(this.spec());
      writeJsonDocument(this.path, { schemaVersion: 1, retirements: change(doc.retirements) } satisfies RetirementsDocument);
    });
  }
}

function same(a: Pick<PendingRetirement, 'appId' | 'keyId'>, b: Pick<PendingRetirement, 'appId' | 'keyId'>): boolean {
  return a.appId.toLowerCase() === b.appId.toLowerCase() && a.keyId === b.keyId;
}
