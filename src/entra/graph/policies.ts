// The app management policy that governs an app's password credentials: its own policy if one is assigned,
// else the tenant default when enabled.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AppRegistration } from './applications.ts';
import { call } from './client.ts';

export interface PasswordRestriction {
  restrictionType: string;
  state?: string | null;
  maxLifetime: string | null;
  restrictForAppsCreatedAfterDateTime: string | null;
}

/**
 * The password restrictions that apply to `app`. Undefined when the caller may not read policies: then
 * addPassword's own policy error is what tells the user.
 */
export async function passwordRestrictions(graph: Client, app: Pick<AppRegistration, 'id'>): Promise<{ policyId: string; restrictions: PasswordRestriction[] } | undefined> {
  try {
    const assigned = await call(() => graph.api(`/applications/${app.id}/appManagementPolicies`).get()) as { value: { id: string; isEnabled: boolean; restrictions?: { passwordCredentials?: PasswordRestriction[] } }[] };
    const custom = assigned.value[0];
    if (custom) return custom.isEnabled ? { policyId: custom.id, restrictions: custom.restrictions?.passwordCredentials ?? [] } : { policyId: custom.id, restrictions: [] };
    const def = await call(() => graph.api('/policies/defaultAppManagementPolicy').get()) as { id: string; isEnabled: boolean; applicationRestrictions?: { passwordCredentials?: PasswordRestriction[] } };
    return { policyId: def.id, restrictions: def.isEnabled ? def.applicationRestrictions?.passwordCredentials ?? [] : [] };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 403 || status === 404) return undefined;
    throw err;
  }
}
