// The flags that shape a secret to create (--days, --to-keyvault, --admin-client-id, ...), checked once,
// the same way for `secret create`, `config create/edit --create-secret` and `discover`.
import { DURATION_HELP, parseDuration } from '../../core/duration.ts';
import { validate } from '../../core/profile.ts';
import { UsageError } from '../errors.ts';

export interface SecretCreationFlags {
  createSecret?: boolean;
  days?: string;
  toKeyvault?: string;
  deviceCode?: boolean;
  adminClientId?: string;
  /** false with --no-display: the one-time panel leaves the value out. */
  display?: boolean;
}

export interface NewSecretRequest {
  days?: number;
  /** --to-keyvault VAULT/NAME: the value goes to Key Vault and the profile holds keyvault://VAULT/NAME. */
  keyVault?: { vault: string; name: string };
  deviceCode: boolean;
  adminClientId?: string;
  display: boolean;
}

/** --days, --to-keyvault and the rest, checked before anything is asked or created. */
export function newSecretRequest(flags: SecretCreationFlags): NewSecretRequest {
  const request: NewSecretRequest = { deviceCode: Boolean(flags.deviceCode), display: flags.display !== false };
  if (flags.days !== undefined) {
    const days = /^\d+$/.test(flags.days.trim()) ? Number(flags.days) : NaN;
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError(`invalid --days '${flags.days}': a whole number of days from 1 to 3650 (default 180).`);
    request.days = days;
  }
  if (flags.toKeyvault !== undefined) {
    const m = /^([^/]+)\/([^/]+)$/.exec(flags.toKeyvault.trim());
    if (!m || validate.secretReference(`keyvault://${m[1]}/${m[2]}`)) {
      throw new UsageError(`invalid --to-keyvault '${flags.toKeyvault}': use VAULT/NAME, e.g. my-vault/orders-api-secret (vault: 3-24 letters, digits or dashes; name: letters, digits or dashes).`);
    }
    request.keyVault = { vault: m[1]!.toLowerCase(), name: m[2]! };
  }
  if (flags.adminClientId !== undefined) {
    const problem = validate.clientId(flags.adminClientId);
    if (problem) throw new UsageError(`invalid --admin-client-id: ${problem}`);
    request.adminClientId = flags.adminClientId.toLowerCase();
  }
  return request;
}

/** A duration flag (--verify-timeout 90s, --overlap 7d): milliseconds, undefined when not given, exit 2 when unreadable. */
export function durationFlag(flagName: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`invalid ${flagName} '${text}': ${DURATION_HELP}.`);
  return ms;
}
