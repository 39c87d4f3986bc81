import type { ChangeState } from './changes.ts';

// The emulated directory's data, shaped after Microsoft Graph's resources so Graph handlers can serve it
// with little mapping. App credentials are never held in clear: passwordCredentials keep salt + hash + hint
// only. Key Vault secret values are the exception by nature (the vault must return them): they live in the
// state like the real service's storage, in a 0600 file when persisted.

export interface PasswordCredentialRecord {
  keyId: string;
  displayName: string | null;
  customKeyIdentifier: string | null;
  startDateTime: string;
  endDateTime: string;
  hint: string;
  /** HMAC-SHA-256 of the value with `salt` (see secrets.ts). */
  secretHash: string;
  secretSalt: string;
  /** When Graph's addPassword created it (not serialised): the start of the propagation delay. Absent for seeded secrets. */
  addedDateTime?: string;
}

export interface KeyCredentialRecord {
  keyId: string;
  displayName: string | null;
  /** Base64 of the SHA-1 thumbprint, as Graph returns it. */
  customKeyIdentifier: string | null;
  type: 'AsymmetricX509Cert' | 'X509CertAndPassword' | 'Symmetric';
  usage: 'Verify' | 'Sign';
  startDateTime: string;
  endDateTime: string;
  /** Base64 DER of the certificate. */
  key: string;
}

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
}

export interface PermissionScope {
  id: string;
  value: string;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  type: 'User' | 'Admin';
  isEnabled: boolean;
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: { id: string; type: 'Scope' | 'Role' }[];
}

export interface ApplicationRecord {
  id: string;
  appId: string;
  displayName: string;
  description: string | null;
  createdDateTime: string;
  signInAudience: string;
  identifierUris: string[];
  tags: string[];
  notes: string | null;
  isFallbackPublicClient: boolean;
  api: { requestedAccessTokenVersion: number | null; oauth2PermissionScopes: PermissionScope[] };
  appRoles: AppRole[];
  requiredResourceAccess: RequiredResourceAccess[];
  web: { redirectUris: string[] };
  publicClient: { redirectUris: string[] };
  spa: { redirectUris: string[] };
  passwordCredentials: PasswordCredentialRecord[];
  keyCredentials: KeyCredentialRecord[];
  /** Object ids of owners (users or service principals). */
  owners: string[];
  /** Graph's client-chosen alternate key (set by an upsert), unique in the tenant; absent for most apps. */
  uniqueName?: string;
  /** Sequence number of its last change, for delta queries (state/changes.ts); absent on older state files. */
  changeSeq?: number;
}

export interface AppRoleAssignmentRecord {
  id: string;
  /** The service principal object id of the resource (e.g. Microsoft Graph's SP in this tenant). */
  resourceId: string;
  appRoleId: string;
  createdDateTime: string;
}

export interface ServicePrincipalRecord {
  id: string;
  appId: string;
  displayName: string;
  accountEnabled: boolean;
  servicePrincipalType: 'Application' | 'ManagedIdentity' | 'Legacy';
  servicePrincipalNames: string[];
  appOwnerOrganizationId: string;
  appRoleAssignmentRequired: boolean;
  tags: string[];
  createdDateTime: string;
  /** Application permissions granted to this SP (appRoleAssignments). */
  appRoleAssignments: AppRoleAssignmentRecord[];
  passwordCredentials: PasswordCredentialRecord[];
  keyCredentials: KeyCredentialRecord[];
  /** Object ids of its owners (users or service principals); absent means none. Distinct from its application's. */
  owners?: string[];
  /** Sequence number of its last change, for delta queries (state/changes.ts). */
  changeSeq?: number;
}

/** A delegated permission grant (Graph's oauth2PermissionGrant). principalId null = admin consent for all users. */
export interface DelegatedGrantRecord {
  id: string;
  clientId: string; // client SP object id
  resourceId: string; // resource SP object id
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  scope: string; // space-separated
}

export interface UserRecord {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail: string | null;
  accountEnabled: boolean;
  /** Directory role names, e.g. "Application Administrator". */
  roles: string[];
  createdDateTime: string;
}

export interface VaultRecord {
  name: string;
  /** Data-plane RBAC: principal object id -> role names ("Key Vault Secrets Officer", "Key Vault Secrets User"). */
  roleAssignments: { principalId: string; role: string }[];
  /** Key Vault secrets (optional so state files from before the data plane still load). */
  secrets?: SecretRecord[];
  /** Soft-deleted secrets, kept until purged or their scheduledPurgeDate. */
  deletedSecrets?: DeletedSecretRecord[];
}

/** One version of a Key Vault secret. Times are unix seconds, as Key Vault's attributes are. */
export interface SecretVersionRecord {
  /** 32 lowercase hex characters. */
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled: boolean;
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
}

/** A secret: its name as first set, and its versions oldest first (the last one is "latest"). */
export interface SecretRecord {
  name: string;
  versions: SecretVersionRecord[];
}

export interface DeletedSecretRecord extends SecretRecord {
  deletedDate: number;
  scheduledPurgeDate: number;
}

export type ClientCredentialType = 'none' | 'clientSecret' | 'clientAssertion' | 'certificate' | 'federatedIdentityCredential';

/** One token request outcome, as the sign-in log (auditLogs/signIns) will show it. */
export interface SignInEvent {
  id: string;
  createdDateTime: string;
  appId: string;
  appDisplayName: string | null;
  servicePrincipalId: string | null;
  servicePrincipalName: string | null;
  userId: string | null;
  userPrincipalName: string | null;
  signInEventType: 'servicePrincipal' | 'interactiveUser' | 'nonInteractiveUser';
  clientCredentialType: ClientCredentialType;
  servicePrincipalCredentialKeyId: string | null;
  servicePrincipalCredentialThumbprint: string | null;
  resourceId: string | null;
  resourceDisplayName: string | null;
  /** Whether the credential used belongs to the application or to its service principal (absent: none, or not known). */
  credentialOrigin?: 'application' | 'servicePrincipal';
  ipAddress: string;
  correlationId: string;
  grantType: string;
  status: { errorCode: number; failureReason: string | null };
}

/** Graph's signInActivity: the last sign-in and the sign-in log id of its request. */
export interface SignInActivityRecord {
  lastSignInDateTime: string;
  lastSignInRequestId: string;
}

/** One row of reports/appCredentialSignInActivities: the last successful sign-in with one credential. */
export interface CredentialSignInActivityRecord {
  keyId: string;
  keyType: 'clientSecret' | 'certificate';
  keyUsage: 'sign' | 'verify';
  credentialOrigin: 'application' | 'servicePrincipal';
  appId: string;
  appObjectId: string | null;
  servicePrincipalObjectId: string | null;
  /** appId of the resource the token was for. */
  resourceId: string | null;
  createdDateTime: string;
  expirationDateTime: string;
  signInActivity: SignInActivityRecord;
}

/** One row of reports/servicePrincipalSignInActivities, per appId. */
export interface ServicePrincipalSignInActivityRecord {
  appId: string;
  lastSignInActivity: SignInActivityRecord | null;
  delegatedClientSignInActivity: SignInActivityRecord | null;
  delegatedResourceSignInActivity: SignInActivityRecord | null;
  applicationAuthenticationClientSignInActivity: SignInActivityRecord | null;
  applicationAuthenticationResourceSignInActivity: SignInActivityRecord | null;
}

/** A soft-deleted directory object (Graph's /directory/deletedItems), restorable until purged. */
export type DeletedItemRecord =
  | { kind: 'application'; deletedDateTime: string; application: ApplicationRecord }
  | { kind: 'servicePrincipal'; deletedDateTime: string; servicePrincipal: ServicePrincipalRecord };

/** One entry of auditLogs/directoryAudits, kept in Graph's shape (graph/audits.ts builds it). */
export interface DirectoryAuditRecord {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  category: string;
  correlationId: string;
  loggedByService: string;
  operationType: string;
  result: 'success' | 'failure';
  resultReason: string;
  initiatedBy: {
    user: { id: string; displayName: string | null; userPrincipalName: string; ipAddress: string | null } | null;
    app: { appId: string; displayName: string | null; servicePrincipalId: string; servicePrincipalName: string | null } | null;
  };
  targetResources: {
    id: string; displayName: string | null; type: string; userPrincipalName: string | null;
    modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  }[];
  additionalDetails: { key: string; value: string }[];
}

export interface CredentialRestriction {
  restrictionType: string;
  state?: 'enabled' | 'disabled' | null;
  /** ISO 8601 duration, e.g. P90D; null for the *Addition types. */
  maxLifetime: string | null;
  restrictForAppsCreatedAfterDateTime: string | null;
}

export interface AppManagementRestrictions {
  passwordCredentials: CredentialRestriction[];
  keyCredentials: CredentialRestriction[];
}

export interface AppManagementPolicyRecord {
  id: string;
  displayName: string;
  description: string | null;
  isEnabled: boolean;
  restrictions: AppManagementRestrictions;
  /** Object ids of the applications / service principals it is assigned to. */
  appliesTo: string[];
}

export interface TenantAppManagementPolicyRecord {
  isEnabled: boolean;
  applicationRestrictions: AppManagementRestrictions;
  servicePrincipalRestrictions: AppManagementRestrictions;
}

export interface TenantRecord {
  id: string;
  domain: string;
  displayName: string;
  createdDateTime: string;
  users: UserRecord[];
  applications: ApplicationRecord[];
  servicePrincipals: ServicePrincipalRecord[];
  delegatedGrants: DelegatedGrantRecord[];
  vaults: VaultRecord[];
  signIns: SignInEvent[];
  /** Sign-in activity reports, keyed by `keyId|origin` and by appId; kept when the log's oldest events fall off. */
  credentialSignInActivities?: Record<string, CredentialSignInActivityRecord>;
  servicePrincipalSignInActivities?: Record<string, ServicePrincipalSignInActivityRecord>;
  /** Deleted applications and service principals, oldest first (optional so older state files still load). */
  deletedItems?: DeletedItemRecord[];
  /** auditLogs/directoryAudits, oldest first (optional so older state files still load). */
  directoryAudits?: DirectoryAuditRecord[];
  defaultAppManagementPolicy?: TenantAppManagementPolicyRecord;
  appManagementPolicies?: AppManagementPolicyRecord[];
  /** Change tracking for delta queries (state/changes.ts); created when absent. */
  changes?: ChangeState;
}
