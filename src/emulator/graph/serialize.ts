// Records -> Graph JSON. Property names and the null/empty defaults follow Graph's v1.0 responses, so
// clients that read fields we do not model still find them. Secrets never leave as anything but hints.
import type { ApplicationRecord, KeyCredentialRecord, PasswordCredentialRecord, ServicePrincipalRecord, UserRecord } from '../state/model.ts';

export function passwordCredentialJson(c: PasswordCredentialRecord): Record<string, unknown> {
  return {
    customKeyIdentifier: c.customKeyIdentifier, displayName: c.displayName, endDateTime: c.endDateTime, hint: c.hint,
    keyId: c.keyId, secretText: null, startDateTime: c.startDateTime,
  };
}

export function keyCredentialJson(c: KeyCredentialRecord, includeKey: boolean): Record<string, unknown> {
  return {
    customKeyIdentifier: c.customKeyIdentifier, displayName: c.displayName, endDateTime: c.endDateTime,
    key: includeKey ? c.key : null, keyId: c.keyId, startDateTime: c.startDateTime, type: c.type, usage: c.usage,
  };
}

export const APPLICATION_PROPERTIES = new Set([
  'id', 'deletedDateTime', 'appId', 'applicationTemplateId', 'disabledByMicrosoftStatus', 'createdDateTime', 'displayName',
  'description', 'groupMembershipClaims', 'identifierUris', 'isDeviceOnlyAuthSupported', 'isFallbackPublicClient',
  'nativeAuthenticationApisEnabled', 'notes', 'publisherDomain', 'serviceManagementReference', 'signInAudience', 'tags',
  'tokenEncryptionKeyId', 'uniqueName', 'samlMetadataUrl', 'defaultRedirectUri', 'certification', 'optionalClaims',
  'servicePrincipalLockConfiguration', 'requestSignatureVerification', 'addIns', 'api', 'appRoles', 'info', 'keyCredentials',
  'parentalControlSettings', 'passwordCredentials', 'publicClient', 'requiredResourceAccess', 'verifiedPublisher', 'web',
  'spa', 'windows',
]);

export function applicationJson(app: ApplicationRecord, tenantDomain: string, opts: { selected?: Set<string> } = {}): Record<string, unknown> {
  const includeKeys = Boolean(opts.selected?.has('keyCredentials'));
  return {
    id: app.id, deletedDateTime: null, appId: app.appId, applicationTemplateId: null, disabledByMicrosoftStatus: null,
    createdDateTime: app.createdDateTime, displayName: app.displayName, description: app.description,
    groupMembershipClaims: null, identifierUris: app.identifierUris, isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: app.isFallbackPublicClient, nativeAuthenticationApisEnabled: null, notes: app.notes,
    publisherDomain: tenantDomain, serviceManagementReference: null, signInAudience: app.signInAudience, tags: app.tags,
    tokenEncryptionKeyId: null, uniqueName: app.uniqueName ?? null, samlMetadataUrl: null, defaultRedirectUri: null, certification: null,
    optionalClaims: null, servicePrincipalLockConfiguration: null, requestSignatureVerification: null, addIns: [],
    api: {
      acceptMappedClaims: null, knownClientApplications: [], requestedAccessTokenVersion: app.api.requestedAccessTokenVersion,
      oauth2PermissionScopes: app.api.oauth2PermissionScopes, preAuthorizedApplications: [],
    },
    appRoles: app.appRoles,
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: app.keyCredentials.map((k) => keyCredentialJson(k, includeKeys)),
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    passwordCredentials: app.passwordCredentials.map(passwordCredentialJson),
    publicClient: { redirectUris: app.publicClient.redirectUris },
    requiredResourceAccess: app.requiredResourceAccess,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    web: {
      homePageUrl: null, logoutUrl: null, redirectUris: app.web.redirectUris,
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false }, redirectUriSettings: app.web.redirectUris.map((uri) => ({ uri, index: null })),
    },
    spa: { redirectUris: app.spa.redirectUris },
    windows: null,
  };
}

export const SERVICE_PRINCIPAL_PROPERTIES = new Set([
  'id', 'deletedDateTime', 'accountEnabled', 'alternativeNames', 'appDisplayName', 'appDescription', 'appId',
  'applicationTemplateId', 'appOwnerOrganizationId', 'appRoleAssignmentRequired', 'createdDateTime', 'description',
  'disabledByMicrosoftStatus', 'displayName', 'homepage', 'loginUrl', 'logoutUrl', 'notes', 'notificationEmailAddresses',
  'preferredSingleSignOnMode', 'preferredTokenSigningKeyThumbprint', 'replyUrls', 'servicePrincipalNames',
  'servicePrincipalType', 'signInAudience', 'tags', 'tokenEncryptionKeyId', 'info', 'samlSingleSignOnSettings',
  'addIns', 'appRoles', 'keyCredentials', 'oauth2PermissionScopes', 'passwordCredentials', 'resourceSpecificApplicationPermissions',
  'verifiedPublisher',
]);

export function servicePrincipalJson(sp: ServicePrincipalRecord, appRoles: unknown[] = [], scopes: unknown[] = [], opts: { selected?: Set<string> } = {}): Record<string, unknown> {
  const includeKeys = Boolean(opts.selected?.has('keyCredentials'));
  return {
    id: sp.id, deletedDateTime: null, accountEnabled: sp.accountEnabled, alternativeNames: [], appDisplayName: sp.displayName,
    appDescription: null, appId: sp.appId, applicationTemplateId: null, appOwnerOrganizationId: sp.appOwnerOrganizationId,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired, createdDateTime: sp.createdDateTime, description: null,
    disabledByMicrosoftStatus: null, displayName: sp.displayName, homepage: null, loginUrl: null, logoutUrl: null, notes: null,
    notificationEmailAddresses: [], preferredSingleSignOnMode: null, preferredTokenSigningKeyThumbprint: null, replyUrls: [],
    servicePrincipalNames: sp.servicePrincipalNames, servicePrincipalType: sp.servicePrincipalType, signInAudience: 'AzureADMyOrg',
    tags: sp.tags, tokenEncryptionKeyId: null,
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    samlSingleSignOnSettings: null, addIns: [], appRoles, keyCredentials: sp.keyCredentials.map((k) => keyCredentialJson(k, includeKeys)),
    oauth2PermissionScopes: scopes, passwordCredentials: sp.passwordCredentials.map(passwordCredentialJson),
    resourceSpecificApplicationPermissions: [], verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

export const USER_PROPERTIES = new Set(['id', 'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'accountEnabled', 'createdDateTime']);

export function userJson(u: UserRecord): Record<string, unknown> {
  const [given, ...rest] = u.displayName.split(' ');
  return {
    businessPhones: [], displayName: u.displayName, givenName: given ?? null, jobTitle: null, mail: u.mail, mobilePhone: null,
    officeLocation: null, preferredLanguage: null, surname: rest.join(' ') || null, userPrincipalName: u.userPrincipalName, id: u.id,
    accountEnabled: u.accountEnabled, createdDateTime: u.createdDateTime,
  };
}
