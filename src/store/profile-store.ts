// The profiles file: JSON in the OS config dir (no secrets inside), dir 0700, file 0600, written atomically
// under a lock so concurrent runs cannot lose each other's changes. A corrupt or newer-schema file is
// reported with its path and never overwritten.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDirLock } from '../shared/dir-lock.ts';
import type { Profile } from '../core/profile.ts';
import { writeFileAtomic } from '../shared/files.ts';
import { ActionableError } from '../core/actionable-error.ts';

export const PROFILES_SCHEMA_VERSION = 1;

export interface ProfilesDocument {
  schemaVersion: number;
  defaultProfile: string | null;
  profiles: Record<string, Profile>;
}

export class ConfigFileError extends ActionableError {
  constructor(readonly path: string, reason: string) {
    super(`The profiles file ${path} cannot be used: ${reason}. It was left untouched; repair or move it and try again.`);
  }
}

export class ProfileStore {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, 'profiles.json');
  }

  read(): ProfilesDocument {
    if (!existsSync(this.path)) return { schemaVersion: PROFILES_SCHEMA_VERSION, defaultProfile: null, profiles: {} };
    let doc: ProfilesDocument;
    try {
      doc = JSON.parse(readFileSync(this.path, 'utf8')) as ProfilesDocument;
    } catch (err) {
      throw new ConfigFileError(this.path, `it is not valid JSON (${(err as Error).message})`);
    }
    if (!doc || typeof doc !== 'object' || typeof doc.profiles !== 'object' || doc.profiles === null || Array.isArray(doc.profiles)) {
      throw new ConfigFileError(this.path, 'it is not an entra-auth-cli profiles file');
    }
    if (doc.schemaVersion > PROFILES_SCHEMA_VERSION) throw new ConfigFileError(this.path, `it was written by a newer entra-auth-cli (schema ${doc.schemaVersion}); upgrade to use it`);
    if (doc.schemaVersion !== PROFILES_SCHEMA_VERSION) throw new ConfigFileError(this.path, `unknown schema version ${String(doc.schemaVersion)}`);
    return doc;
  }

  get(name: string): Profile | undefined {
    return this.read().profiles[name];
  }

  /** Reads, changes and writes the document under an exclusive lock; `change` may throw to abort. */
  async update<T>(change: (doc: ProfilesDocument) => T): Promise<T> {
    return withDirLock(this.dir, 'profiles.lock', () => {
      const doc = this.read();
      const result = change(doc);
      writeFileAtomic(this.path, `${JSON.stringify(doc, null, 2)}
`);
      return result;
    });
  }
}
