// What an app management policy allows for a new client secret: blocked outright, or a maximum lifetime.
// Mirrors how Graph enforces it (restrictions apply to apps created after restrictForAppsCreatedAfterDateTime;
// state 'disabled' switches one off) so the CLI can say so before calling addPassword. Pure.
import { maxLifetimeDays } from './secret-naming.ts';

export interface PasswordRestrictionInput {
  restrictionType: string;
  state?: string | null;
  maxLifetime: string | null;
  restrictForAppsCreatedAfterDateTime: string | null;
}

export interface SecretAllowance {
  policyId: string;
  blocked: boolean;
  /** Longest lifetime allowed, in whole days, when a passwordLifetime restriction applies. */
  maxDays?: number;
}

export function secretAllowance(policyId: string, restrictions: PasswordRestrictionInput[], appCreatedDateTime: string | null): SecretAllowance {
  const created = Date.parse(appCreatedDateTime ?? '2019-01-01T00:00:00Z');
  const active = restrictions.filter((r) => r.state !== 'disabled'
    && (!r.restrictForAppsCreatedAfterDateTime || created >= Date.parse(r.restrictForAppsCreatedAfterDateTime)));
  const blocked = active.some((r) => r.restrictionType === 'passwordAddition');
  const lifetime = active.find((r) => r.restrictionType === 'passwordLifetime' && r.maxLifetime);
  const maxDays = lifetime?.maxLifetime ? maxLifetimeDays(lifetime.maxLifetime) : undefined;
  return maxDays === undefined ? { policyId, blocked } : { policyId, blocked, maxDays };
}
