// The profiles file: JSON in the OS config dir (no secrets inside), dir 0700, file 0600, written atomically
// under a lock so concurrent runs cannot lose each other's changes. A corrupt or newer-schema file is
// reported with its path and never overwritten.
import { join } from 'node:path';
import { withDirLock } from '../shared/dir-lock.ts';
import type { Profile } from '../core/profile.ts';
import { readJsonDocument, writeJsonDocument } from '../shared/json-document.ts';
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
    return readJsonDocument<ProfilesDocument>({
      path: this.path, what: 'entra-auth-cli profiles file', schemaVersion: PROFILES_SCHEMA_VERSION,
      empty: () => ({ schemaVersion: PROFILES_SCHEMA_VERSION, defaultProfile: null, profiles: {} }),
      shapeOk: (d) => typeof d.profiles === 'object' && d.profiles !== null && !Array.isArray(d.profiles),
      fail: (reason) => new ConfigFileError(this.path, reason),
    });
  }

  get(name: string): Profile | undefined {
    return this.read().profiles[name];
  }

  /** Reads, changes and writes the document under an exclusive lock; `change` may throw to abort. */
  async update<T>(change: (doc: ProfilesDocument) => T): Promise<T> {
    return withDirLock(this.dir, 'profiles.lock', () => {
      const doc = this.read();
      const result = change(doc);
      writeJsonDocument(this.path, doc);
      return result;
    });
  }
}
