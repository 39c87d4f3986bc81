// Which app-management-policy restriction an existing credential breaks (docs/inventory.md "Policy"). The
// tenant's default policy is read once per scan; Graph enforces policies on new credentials only, so a row
// here is a credential that would not be allowed today (too long a lifetime, or a kind that is blocked).
// Custom policies assigned to single apps are not read (one request per app): the default decides.
import { secretAllowance, type PasswordRestrictionInput } from '../../core/secret-policy.ts';
import { maxLifetimeDays } from '../../core/secret-naming.ts';

export interface Restrictions {
  passwordCredentials?: PasswordRestrictionInput[];
  keyCredentials?: PasswordRestrictionInput[];
}

/** GET /policies/defaultAppManagementPolicy, as the scan needs it. */
export interface DefaultPolicy {
  id: string;
  isEnabled: boolean;
  applicationRestrictions?: Restrictions | null;
  servicePrincipalRestrictions?: Restrictions | null;
}

export interface PolicyCheckInput {
  objectType: 'application' | 'servicePrincipal';
  createdDateTime: string | null | undefined;
  credentialType: 'password' | 'certificate';
  lifetimeDays: number | null;
}

/** The restriction broken, e.g. 'passwordLifetime: 730 days > 365', or null. */
export function policyViolation(policy: DefaultPolicy | undefined, c: PolicyCheckInput): string | null {
  if (!policy?.isEnabled) return null;
  const set = c.objectType === 'application' ? policy.applicationRestrictions : policy.servicePrincipalRestrictions;
  const created = c.createdDateTime ?? null;
  if (c.credentialType === 'password') {
    const allowance = secretAllowance(policy.id, set?.passwordCredentials ?? [], created);
    if (allowance.blocked) return 'passwordAddition: client secrets are not allowed';
    if (allowance.maxDays !== undefined && c.lifetimeDays !== null && c.lifetimeDays > allowance.maxDays) return `passwordLifetime: ${c.lifetimeDays} days > ${allowance.maxDays}`;
    return null;
  }
  const since = Date.parse(created ?? '2019-01-01T00:00:00Z');
  const rule = (set?.keyCredentials ?? []).find((r) => r.restrictionType === 'asymmetricKeyLifetime' && r.state !== 'disabled' && r.maxLifetime
    && (!r.restrictForAppsCreatedAfterDateTime || since >= Date.parse(r.restrictForAppsCreatedAfterDateTime)));
  const max = rule?.maxLifetime ? maxLifetimeDays(rule.maxLifetime) : undefined;
  if (max !== undefined && c.lifetimeDays !== null && c.lifetimeDays > max) return `asymmetricKeyLifetime: ${c.lifetimeDays} days > ${max}`;
  return null;
}
