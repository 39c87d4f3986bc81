// Secret records -> Key Vault's wire models (docs/protocol-notes.md, "Key Vault: wire models"): SecretBundle, SecretItem and their deleted
// forms. Times are unix seconds. Only SecretBundle from set / get carries the value; update, recover,
// delete and list answers never do (as the service's examples show).
//
// Identifiers (id, recoveryId) are `${origin}/secrets/{name}[/{version}]` and `${origin}/deletedsecrets/{name}`
// WITHOUT the /vaults/{vault} prefix the vault is served under: every SDK parses an identifier as exactly
// /{collection}/{name}[/{version}] (@azure/keyvault-common parseKeyVaultIdentifier throws "Bad number of
// segments" otherwise), so a prefixed id would make every getSecret of an unmodified client fail.
// nextLink is not parsed, only followed, so it keeps the prefix.
import type { DeletedSecretRecord, SecretRecord, SecretVersionRecord } from '../state/model.ts';

export const RECOVERY_LEVEL = 'Recoverable+Purgeable';
export const RECOVERABLE_DAYS = 90;

export function attributesOf(v: SecretVersionRecord): Record<string, unknown> {
  return {
    enabled: v.enabled,
    ...(v.nbf !== undefined ? { nbf: v.nbf } : {}),
    ...(v.exp !== undefined ? { exp: v.exp } : {}),
    created: v.created,
    updated: v.updated,
    recoverableDays: RECOVERABLE_DAYS,
    recoveryLevel: RECOVERY_LEVEL,
  };
}

function common(v: SecretVersionRecord): Record<string, unknown> {
  return {
    ...(v.contentType !== undefined ? { contentType: v.contentType } : {}),
    attributes: attributesOf(v),
    ...(v.tags !== undefined ? { tags: v.tags } : {}),
  };
}

export function latest(s: SecretRecord): SecretVersionRecord {
  const v = s.versions.at(-1);
  if (!v) throw new Error('a secret without versions');
  return v;
}

export function secretId(origin: string, name: string, version?: string): string {
  return version ? `${origin}/secrets/${name}/${version}` : `${origin}/secrets/${name}`;
}

/** SecretBundle: the value only when the operation returns it (set, get). */
export function secretBundle(origin: string, s: SecretRecord, v: SecretVersionRecord, withValue: boolean): Record<string, unknown> {
  return { ...(withValue ? { value: v.value } : {}), id: secretId(origin, s.name, v.version), ...common(v) };
}

/** SecretItem: list answers have ids without a version, version lists with one. */
export function secretItem(origin: string, s: SecretRecord, v: SecretVersionRecord, withVersion: boolean): Record<string, unknown> {
  return { id: secretId(origin, s.name, withVersion ? v.version : undefined), ...common(v) };
}

function deletedPart(origin: string, d: DeletedSecretRecord): Record<string, unknown> {
  return { recoveryId: `${origin}/deletedsecrets/${d.name}`, deletedDate: d.deletedDate, scheduledPurgeDate: d.scheduledPurgeDate };
}

/** DeletedSecretBundle (delete, get deleted): the latest version's id and attributes, no value. */
export function deletedBundle(origin: string, d: DeletedSecretRecord): Record<string, unknown> {
  return { ...deletedPart(origin, d), ...secretItem(origin, d, latest(d), true) };
}

/** DeletedSecretItem (list deleted): id without a version. */
export function deletedItem(origin: string, d: DeletedSecretRecord): Record<string, unknown> {
  return { ...deletedPart(origin, d), ...secretItem(origin, d, latest(d), false) };
}
