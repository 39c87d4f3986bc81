// The secrets operations (docs/protocol-notes.md, "Key Vault: operations, headers and paging") on an
// authenticated, authorized request. Every change is followed by store.changed(), which persists the vault
// with the rest of the state (0600 file in a 0700 dir).
import { randomBytes } from 'node:crypto';
import type { SecretRecord, SecretVersionRecord } from '../state/model.ts';
import { KV } from './errors.ts';
import { readRestoreParameters, readSetParameters, readUpdateParameters, type SecretChanges } from './body.ts';
import { backupBlob, restoreBlob } from './backup.ts';
import { paginate } from './paging.ts';
import { deletedBundle, deletedItem, latest, RECOVERABLE_DAYS, secretBundle, secretItem } from './serialize.ts';
import { deletedOf, findDeleted, findSecret, removeDeleted, removeSecret, secretsOf } from './vault-state.ts';
import type { KeyVaultRequest, KeyVaultResult } from './types.ts';

const DAY_SECONDS = 86_400;

/** A version id: 32 lowercase hex characters. */
export function newVersionId(): string {
  return randomBytes(16).toString('hex');
}

function ok(body: unknown): KeyVaultResult {
  return { status: 200, body };
}

function changed(req: KeyVaultRequest): void {
  req.deps.store.changed();
}

function applyChanges(v: SecretVersionRecord, c: SecretChanges): void {
  if (c.contentType !== undefined) {
    if (c.contentType === null) delete v.contentType; else v.contentType = c.contentType;
  }
  if (c.tags !== undefined) {
    if (c.tags === null) delete v.tags; else v.tags = c.tags;
  }
  if (c.attributes.enabled !== undefined) v.enabled = c.attributes.enabled;
  for (const k of ['nbf', 'exp'] as const) {
    const t = c.attributes[k];
    if (t === null) delete v[k]; else if (t !== undefined) v[k] = t;
  }
}

function activeSecret(req: KeyVaultRequest): SecretRecord {
  const name = req.params.name!;
  const secret = findSecret(req.vault.record, name);
  if (!secret) throw KV.secretNotFound(name);
  return secret;
}

/** The named version, or the latest one when the version segment is absent or empty (GET /secrets/{name}/). */
function versionOf(req: KeyVaultRequest, secret: SecretRecord): SecretVersionRecord {
  const version = req.params.version ?? '';
  if (!version) return latest(secret);
  const v = secret.versions.find((x) => x.version === version.toLowerCase());
  if (!v) throw KV.secretNotFound(`${req.params.name}/${version}`);
  return v;
}

// ---- secrets ---------------------------------------------------------------------------------------
export async function setSecret(req: KeyVaultRequest): Promise<KeyVaultResult> {
  const name = req.params.name!;
  const vault = req.vault.record;
  if (findDeleted(vault, name)) throw KV.deletedButRecoverable(name);
  const input = await readSetParameters(req.ctx);
  let secret = findSecret(vault, name);
  if (!secret) {
    secret = { name, versions: [] };
    secretsOf(vault).push(secret);
  }
  const v: SecretVersionRecord = { version: newVersionId(), value: input.value, enabled: true, created: req.now, updated: req.now };
  applyChanges(v, input);
  secret.versions.push(v);
  changed(req);
  return ok(secretBundle(req.origin, secret, v, true));
}

export function getSecret(req: KeyVaultRequest): KeyVaultResult {
  const secret = activeSecret(req);
  const v = versionOf(req, secret);
  if (!v.enabled) throw KV.secretDisabled();
  return ok(secretBundle(req.origin, secret, v, true));
}

export async function updateSecret(req: KeyVaultRequest): Promise<KeyVaultResult> {
  const secret = activeSecret(req);
  const v = versionOf(req, secret);
  const input = await readUpdateParameters(req.ctx);
  applyChanges(v, input);
  v.updated = req.now;
  changed(req);
  return ok(secretBundle(req.origin, secret, v, false));
}

export function listSecrets(req: KeyVaultRequest): KeyVaultResult {
  const secrets = secretsOf(req.vault.record);
  return ok(paginate(req.ctx, secrets, (s) => s.name.toLowerCase(), (s) => secretItem(req.origin, s, latest(s), false)));
}

export function listSecretVersions(req: KeyVaultRequest): KeyVaultResult {
  // A name with no secret lists no versions, as the service does.
  const secret = findSecret(req.vault.record, req.params.name!);
  const versions = secret?.versions ?? [];
  return ok(paginate(req.ctx, versions, (v) => v.version, (v) => secretItem(req.origin, secret!, v, true)));
}

export function deleteSecret(req: KeyVaultRequest): KeyVaultResult {
  const vault = req.vault.record;
  const secret = activeSecret(req);
  removeSecret(vault, secret);
  const deleted = { ...secret, deletedDate: req.now, scheduledPurgeDate: req.now + RECOVERABLE_DAYS * DAY_SECONDS };
  deletedOf(vault).push(deleted);
  changed(req);
  return ok(deletedBundle(req.origin, deleted));
}

// ---- soft-deleted secrets --------------------------------------------------------------------------
function deletedSecret(req: KeyVaultRequest) {
  const deleted = findDeleted(req.vault.record, req.params.name!);
  if (!deleted) throw KV.deletedSecretNotFound();
  return deleted;
}

export function listDeletedSecrets(req: KeyVaultRequest): KeyVaultResult {
  return ok(paginate(req.ctx, deletedOf(req.vault.record), (d) => d.name.toLowerCase(), (d) => deletedItem(req.origin, d)));
}

export function getDeletedSecret(req: KeyVaultRequest): KeyVaultResult {
  return ok(deletedBundle(req.origin, deletedSecret(req)));
}

export function purgeDeletedSecret(req: KeyVaultRequest): KeyVaultResult {
  removeDeleted(req.vault.record, deletedSecret(req));
  changed(req);
  return { status: 204 };
}

export function recoverDeletedSecret(req: KeyVaultRequest): KeyVaultResult {
  const vault = req.vault.record;
  const deleted = deletedSecret(req);
  removeDeleted(vault, deleted);
  const secret: SecretRecord = { name: deleted.name, versions: deleted.versions };
  secretsOf(vault).push(secret);
  changed(req);
  return ok(secretBundle(req.origin, secret, latest(secret), false));
}

// ---- backup / restore ------------------------------------------------------------------------------
export function backupSecret(req: KeyVaultRequest): KeyVaultResult {
  return ok({ value: backupBlob(activeSecret(req), req.deps.key) });
}

export async function restoreSecret(req: KeyVaultRequest): Promise<KeyVaultResult> {
  const restored = restoreBlob(await readRestoreParameters(req.ctx), req.deps.key);
  const vault = req.vault.record;
  if (findDeleted(vault, restored.name)) throw KV.deletedButRecoverable(restored.name);
  if (findSecret(vault, restored.name)) throw KV.alreadyExists(restored.name);
  secretsOf(vault).push(restored);
  changed(req);
  return ok(secretBundle(req.origin, restored, latest(restored), false));
}
