// Finding vaults and secrets in the emulator state. Vault names are global, as Key Vault's DNS names are,
// so a vault is looked up across every tenant. Secret names are case-insensitive (the casing of the first
// set is kept). Soft-deleted secrets whose scheduledPurgeDate has passed are purged on access.
import type { EmulatorStore } from '../state/store.ts';
import type { DeletedSecretRecord, SecretRecord, VaultRecord } from '../state/model.ts';
import type { VaultRef } from './auth.ts';

export function findVault(store: EmulatorStore, name: string): VaultRef | undefined {
  const key = name.toLowerCase();
  for (const tenant of store.tenants) {
    const record = tenant.record.vaults.find((v) => v.name.toLowerCase() === key);
    if (record) return { tenant, record };
  }
  return undefined;
}

export function secretsOf(vault: VaultRecord): SecretRecord[] {
  return (vault.secrets ??= []);
}

export function deletedOf(vault: VaultRecord): DeletedSecretRecord[] {
  return (vault.deletedSecrets ??= []);
}

export function findSecret(vault: VaultRecord, name: string): SecretRecord | undefined {
  const key = name.toLowerCase();
  return vault.secrets?.find((s) => s.name.toLowerCase() === key);
}

export function findDeleted(vault: VaultRecord, name: string): DeletedSecretRecord | undefined {
  const key = name.toLowerCase();
  return vault.deletedSecrets?.find((s) => s.name.toLowerCase() === key);
}

export function removeSecret(vault: VaultRecord, secret: SecretRecord): void {
  vault.secrets = secretsOf(vault).filter((s) => s !== secret);
}

export function removeDeleted(vault: VaultRecord, deleted: DeletedSecretRecord): void {
  vault.deletedSecrets = deletedOf(vault).filter((s) => s !== deleted);
}

/** Purges soft-deleted secrets past their scheduledPurgeDate; true when something was purged. */
export function purgeDue(vault: VaultRecord, nowSeconds: number): boolean {
  const before = vault.deletedSecrets?.length ?? 0;
  if (!before) return false;
  vault.deletedSecrets = vault.deletedSecrets!.filter((d) => d.scheduledPurgeDate > nowSeconds);
  return vault.deletedSecrets.length !== before;
}
