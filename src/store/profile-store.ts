// The profiles file: JSON in the OS config dir (no secrets inside), dir 0700, file 0600, written atomically
// under a lock so concurrent runs cannot lose each other's changes. A corrupt or newer-schema file is
// reported with its path and never overwritten. Reading is profiles-file.ts (the one reader, lock-free).
import { withDirLock } from '../shared/dir-lock.ts';
import { writeJsonDocument } from '../shared/json-document.ts';
import { profilesPath, readProfiles, type ProfilesDocument } from './profiles-file.ts';
import type { Profile } from '../core/profile.ts';

export { ConfigFileError, PROFILES_SCHEMA_VERSION, profilesPath, readProfiles, type ProfilesDocument } from './profiles-file.ts';

export class ProfileStore {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = profilesPath(dir);
  }

  read(): ProfilesDocument {
    return readProfiles(this.dir);
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
