// Microsoft's own applications that exist in every tenant: the resource APIs we issue tokens for
// (Microsoft Graph, Azure Key Vault, Azure Resource Manager) and the well-known public clients people
// sign in with (Microsoft Graph Command Line Tools, Azure CLI). IDs are the real, public ones, so a
// script written for Entra works against the emulator unchanged.
import type { AppRole, PermissionScope } from './model.ts';

export const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

export interface MicrosoftApp {
  appId: string;
  displayName: string;
  identifierUris: string[];
  appRoles: AppRole[];
  scopes: PermissionScope[];
  /** Token version this resource accepts (Graph and Key Vault: v1). */
  tokenVersion: 1 | 2;
  publicClient?: { redirectUris: string[] };
}

const role = (id: string, value: string, displayName: string): AppRole => ({
  id, value, displayName, description: displayName, allowedMemberTypes: ['Application'], isEnabled: true,
});
const scope = (id: string, value: string, type: 'User' | 'Admin' = 'Admin'): PermissionScope => ({
  id, value, adminConsentDisplayName: value, adminConsentDescription: value, type, isEnabled: true,
});

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const KEY_VAULT_APP_ID = 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093';
export const ARM_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
export const GRAPH_POWERSHELL_APP_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
export const AZURE_CLI_APP_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/** OpenID Connect scopes: consented implicitly, never turned into scp on an access token. */
export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export const MICROSOFT_APPS: MicrosoftApp[] = [
  {
    appId: GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    identifierUris: ['https://graph.microsoft.com', 'https://graph.microsoft.com/', 'https://canary.graph.microsoft.com'],
    tokenVersion: 1,
    appRoles: [
      role('9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Application.Read.All', 'Read all applications'),
      role('1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Application.ReadWrite.All', 'Read and write all applications'),
      role('18a4783c-866b-4cc7-a460-3d5e5662c884', 'Application.ReadWrite.OwnedBy', 'Manage apps that this app creates or owns'),
      role('7ab1d382-f21e-4acd-a863-ba3e13f7da61', 'Directory.Read.All', 'Read directory data'),
      role('246dd0d5-5bd0-4def-940b-0421030a5b68', 'Policy.Read.All', "Read your organization's policies"),
      role('be74164b-cff1-491c-8741-e671cb536e13', 'Policy.ReadWrite.ApplicationConfiguration', "Read and write your organization's application configuration policies"),
      role('b0afded3-3588-46d8-8b3d-9842eff778da', 'AuditLog.Read.All', 'Read all audit log data'),
      role('df021288-bdef-4463-88db-98f22de89214', 'User.Read.All', "Read all users' full profiles"),
    ],
    scopes: [
      scope('e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'User.Read', 'User'),
      scope('c79f8feb-a9db-4090-85f9-90d820caa0eb', 'Application.Read.All'),
      scope('bdfbf15f-ee85-4955-8675-146e8e5296b5', 'Application.ReadWrite.All'),
      scope('06da0dbc-49e2-44d2-8312-53f166ab848a', 'Directory.Read.All'),
      scope('572fea84-0151-49b2-9301-11cb16974376', 'Policy.Read.All'),
      scope('b27add92-efb2-4f16-84f5-8108ba77985c', 'Policy.ReadWrite.ApplicationConfiguration'),
      scope('e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20', 'AuditLog.Read.All'),
      scope('a154be20-db9c-4678-8ab7-66f6cc099a59', 'User.Read.All'),
      scope('7427e0e9-2fba-42fe-b0c0-848c9e6a8182', 'offline_access', 'User'),
      scope('37f7f235-527c-4136-accd-4a02d197296e', 'openid', 'User'),
      scope('14dad69e-099b-42c9-810b-d002981feec1', 'profile', 'User'),
      scope('64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', 'email', 'User'),
    ],
  },
  {
    appId: KEY_VAULT_APP_ID,
    displayName: 'Azure Key Vault',
    identifierUris: ['https://vault.azure.net', 'https://vault.azure.net/'],
    tokenVersion: 1,
    appRoles: [],
    scopes: [scope('f53da476-18e3-4152-8e01-aec403e6edc0', 'user_impersonation', 'User')],
  },
  {
    appId: ARM_APP_ID,
    displayName: 'Windows Azure Service Management API',
    identifierUris: ['https://management.core.windows.net/', 'https://management.core.windows.net', 'https://management.azure.com/', 'https://management.azure.com'],
    tokenVersion: 1,
    appRoles: [],
    scopes: [scope('41094075-9dad-400e-a0bd-54e686782033', 'user_impersonation', 'User')],
  },
  {
    appId: GRAPH_POWERSHELL_APP_ID,
    displayName: 'Microsoft Graph Command Line Tools',
    identifierUris: [],
    tokenVersion: 1,
    appRoles: [],
    scopes: [],
    publicClient: { redirectUris: ['http://localhost', 'https://login.microsoftonline.com/common/oauth2/nativeclient'] },
  },
  {
    appId: AZURE_CLI_APP_ID,
    displayName: 'Microsoft Azure CLI',
    identifierUris: [],
    tokenVersion: 1,
    appRoles: [],
    scopes: [],
    publicClient: { redirectUris: ['http://localhost', 'https://login.microsoftonline.com/common/oauth2/nativeclient'] },
  },
];

export function microsoftAppById(appId: string): MicrosoftApp | undefined {
  return MICROSOFT_APPS.find((a) => a.appId === appId);
}

/** Directory role template ids, as they appear in a user token's `wids` claim. */
export const DIRECTORY_ROLE_TEMPLATES: Record<string, string> = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Application Administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'Cloud Application Administrator': '158c047a-c907-4556-b7ef-446551a6b5f7',
  'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  'Security Reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
  'Reports Reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
};

/** The `wids` value Entra puts on every app-only token (not a role assignment). */
export const APP_ONLY_WIDS = ['0997a1d0-0d1d-4acb-b408-d5ca73121e90'];
