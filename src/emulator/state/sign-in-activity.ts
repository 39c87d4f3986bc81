// The sign-in activity reports (Graph beta reports/appCredentialSignInActivities and
// servicePrincipalSignInActivities), kept up to date as the token endpoint records each sign-in. They are
// aggregates, not views of the log: the log drops its oldest events, the last use of a key must not go with them.
import type {
  CredentialSignInActivityRecord, KeyCredentialRecord, PasswordCredentialRecord, ServicePrincipalSignInActivityRecord,
  SignInActivityRecord, SignInEvent, TenantRecord,
} from './model.ts';

/** What the aggregation needs of the tenant: the app and service principal of an appId, and a service principal by object id. */
export interface ActivityLookup {
  application(appId: string): { id: string; passwordCredentials: PasswordCredentialRecord[]; keyCredentials: KeyCredentialRecord[] } | undefined;
  servicePrincipal(appId: string): { id: string; passwordCredentials: PasswordCredentialRecord[]; keyCredentials: KeyCredentialRecord[] } | undefined;
  servicePrincipalById(id: string): { appId: string } | undefined;
}

type SpActivityField = Exclude<keyof ServicePrincipalSignInActivityRecord, 'appId'>;

/** Updates both reports with one recorded sign-in. Only successful sign-ins count as activity. */
export function noteSignInActivity(record: TenantRecord, event: SignInEvent, lookup: ActivityLookup): void {
  if (event.status.errorCode !== 0) return;
  const activity: SignInActivityRecord = { lastSignInDateTime: event.createdDateTime, lastSignInRequestId: event.id };
  const appOnly = event.signInEventType === 'servicePrincipal';
  if (event.appId) touchSp(record, event.appId, appOnly ? 'applicationAuthenticationClientSignInActivity' : 'delegatedClientSignInActivity', activity);
  const resourceAppId = event.resourceId ? lookup.servicePrincipalById(event.resourceId)?.appId : undefined;
  if (resourceAppId) touchSp(record, resourceAppId, appOnly ? 'applicationAuthenticationResourceSignInActivity' : 'delegatedResourceSignInActivity', activity);

  const keyId = event.servicePrincipalCredentialKeyId;
  if (!keyId) return;
  const origin = event.credentialOrigin ?? 'application';
  const app = lookup.application(event.appId);
  const sp = lookup.servicePrincipal(event.appId);
  const owner = origin === 'application' ? app : sp;
  const password = owner?.passwordCredentials.find((c) => c.keyId === keyId);
  const key = password ? undefined : owner?.keyCredentials.find((c) => c.keyId === keyId);
  if (!password && !key) return;
  const row: CredentialSignInActivityRecord = {
    keyId, keyType: password ? 'clientSecret' : 'certificate',
    // Graph's examples show secrets as "sign"; a certificate is reported with its own usage.
    keyUsage: key?.usage === 'Verify' ? 'verify' : 'sign',
    credentialOrigin: origin, appId: event.appId, appObjectId: app?.id ?? null, servicePrincipalObjectId: sp?.id ?? null,
    resourceId: resourceAppId ?? null,
    createdDateTime: (password ?? key)!.startDateTime, expirationDateTime: (password ?? key)!.endDateTime,
    signInActivity: activity,
  };
  (record.credentialSignInActivities ??= {})[`${keyId}|${origin}`] = row;
}

function touchSp(record: TenantRecord, appId: string, field: SpActivityField, activity: SignInActivityRecord): void {
  const all = (record.servicePrincipalSignInActivities ??= {});
  const row = (all[appId] ??= {
    appId, lastSignInActivity: null, delegatedClientSignInActivity: null, delegatedResourceSignInActivity: null,
    applicationAuthenticationClientSignInActivity: null, applicationAuthenticationResourceSignInActivity: null,
  });
  row[field] = activity;
  row.lastSignInActivity = activity;
}
