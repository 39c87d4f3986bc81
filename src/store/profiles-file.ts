// Reading the profiles file: JSON in the OS config dir (no secrets inside), a schema version, a corrupt or
// newer-schema file reported with its path (see shared/json-document.ts). The one reader: ProfileStore
// (profile-store.ts) reads through it and adds the locked writes. Apart from the store so the get-token
// fast path can read profiles without loading the lock machinery (proper-lockfile patches fs on load).
import { join } from 'node:path';
import type { Profile } from '../core/profile.ts';
import { readJsonDocument } from '../shared/json-document.ts';
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

export function profilesPath(dir: string): string {
  return join(dir, 'profiles.json');
}

/**
 * The profiles document in `dir`; the empty document when there is no file, ConfigFileError when it is
 * unusable. `profiles` has no prototype: a profile named "constructor" or "toString" is only ever its own
 * entry, never something inherited (every command looks profiles up by name with doc.profiles[name]).
 */
export function readProfiles(dir: string): ProfilesDocument {
  const path = profilesPath(dir);
  const doc = readJsonDocument<ProfilesDocument>({
    path, what: 'entra-auth-cli profiles file', schemaVersion: PROFILES_SCHEMA_VERSION,
    empty: () => ({ schemaVersion: PROFILES_SCHEMA_VERSION, defaultProfile: null, profiles: {} }),
    shapeOk: shapeOk,
    fail: (reason) => new ConfigFileError(path, reason),
  });
  return { ...doc, profiles: Object.assign(Object.create(null) as Record<string, Profile>, doc.profiles) };
}

/** A map of profile objects, each under its own name, and a default that is a name or null. */
function shapeOk(d: Record<string, unknown>): boolean {
  const { profiles, defaultProfile } = d;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) return false;
  if (defaultProfile !== undefined && defaultProfile !== null && typeof defaultProfile !== 'string') return false;
  return Object.entries(profiles).every(([name, p]) => typeof p === 'object' && p !== null && !Array.isArray(p) && (p as { name?: unknown }).name === name);
}
