// Which backend a config dir keeps its secrets in, decided once and written down (secret-store.json beside
// profiles.json), so a keychain that answers one call and not the next can never send one command's values
// to the keychain and the next command's to the file (issue 9, item 1). Read like every versioned file: a
// foreign shape or newer schema is refused with its path (shared/json-document.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ActionableError } from '../core/actionable-error.ts';
import { readJsonDocument, writeJsonDocument } from '../shared/json-document.ts';
import type { SecretStoreKind } from './secret-keys.ts';

export const CHOICE_SCHEMA_VERSION = 1;

export interface SecretStoreChoice {
  schemaVersion: number;
  backend: SecretStoreKind;
  chosenAt: string;
  /** Why, in words (shown when the keychain cannot be reached later). */
  reason: string;
}

export class SecretStoreChoiceError extends ActionableError {
  constructor(readonly path: string, reason: string) {
    super(`The secret store setting ${path} cannot be used: ${reason}. It was left untouched; repair or move it and try again.`);
  }
}

export function choicePath(configDir: string): string {
  return join(configDir, 'secret-store.json');
}

/** The recorded choice, or undefined when none was made yet. */
export function readChoice(configDir: string): SecretStoreChoice | undefined {
  const path = choicePath(configDir);
  if (!existsSync(path)) return undefined;
  return readJsonDocument<SecretStoreChoice>({
    path, what: 'entra-auth-cli secret store setting', schemaVersion: CHOICE_SCHEMA_VERSION,
    empty: () => { throw new Error('unreachable: the file exists'); },
    shapeOk: (d) => (d.backend === 'file' || d.backend === 'keychain') && typeof d.chosenAt === 'string',
    fail: (reason) => new SecretStoreChoiceError(path, reason),
  });
}

export function writeChoice(configDir: string, backend: SecretStoreKind, reason: string, now: Date): SecretStoreChoice {
  const choice: SecretStoreChoice = { schemaVersion: CHOICE_SCHEMA_VERSION, backend, chosenAt: now.toISOString(), reason };
  writeJsonDocument(choicePath(configDir), choice);
  return choice;
}
