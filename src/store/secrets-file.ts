// The file secret backend's layout, read without any lock or keychain machinery (so the get-token fast path
// can read the token-cache key): secrets.json = { schemaVersion: 1, secrets: { key: value } } in the 0700
// config dir, mode 0600. A file of another shape or a newer schema is refused with its path and never
// rewritten (issue 9, item 4): a write starts from what was read, so reading it as empty would lose values.
// The map has no prototype: a key such as "constructor" or "__proto__" is only ever an own entry.
import { join } from 'node:path';
import { ActionableError } from '../core/actionable-error.ts';
import { readJsonDocument } from '../shared/json-document.ts';

export const SECRETS_SCHEMA_VERSION = 1;

export interface SecretsDocument {
  schemaVersion: number;
  secrets: Record<string, string>;
}

export class SecretsFileError extends ActionableError {
  constructor(readonly path: string, reason: string) {
    super(`The secret store ${path} cannot be used: ${reason}. It was left untouched; repair or move it and try again.`);
  }
}

export function secretsFilePath(configDir: string): string {
  return join(configDir, 'secrets.json');
}

/** The secrets in `configDir` (an empty map when there is no file); SecretsFileError when the file is unusable. */
export function readSecretsFile(configDir: string): Record<string, string> {
  const path = secretsFilePath(configDir);
  const doc = readJsonDocument<SecretsDocument>({
    path, what: 'entra-auth-cli secret store', schemaVersion: SECRETS_SCHEMA_VERSION,
    empty: () => ({ schemaVersion: SECRETS_SCHEMA_VERSION, secrets: {} }),
    shapeOk: (d) => isPlainObject(d.secrets) && Object.values(d.secrets).every((v) => typeof v === 'string'),
    fail: (reason) => new SecretsFileError(path, reason),
  });
  return Object.assign(Object.create(null) as Record<string, string>, doc.secrets);
}

export function secretsFileText(secrets: Record<string, string>): string {
  return `${JSON.stringify({ schemaVersion: SECRETS_SCHEMA_VERSION, secrets }, null, 2)}\n`;
}

/** One value from the file backend, or undefined when the file or the value is missing or the file unusable. */
export function readFileSecretSync(configDir: string, key: string): string | undefined {
  try {
    const secrets = readSecretsFile(configDir);
    return Object.hasOwn(secrets, key) ? secrets[key] : undefined;
  } catch {
    return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
