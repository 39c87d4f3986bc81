// Profiles: what a developer keeps per app registration (cloud, tenant, client ID, auth method, scopes),
// and the rules a value must follow. Pure: validation returns messages that say what is wrong and how
// it should look; nothing here reads files, the clock or the network.

export const AUTH_METHODS = ['ClientSecret', 'Certificate', 'InteractiveBrowser', 'DeviceCode'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export const CLOUDS = ['public', 'usgov', 'china', 'custom', 'local'] as const;
export type CloudName = (typeof CLOUDS)[number];

export const FLOWS = ['client-credentials', 'interactive', 'device-code'] as const;
export type Flow = (typeof FLOWS)[number];

/**
 * Which credential of the app a profile's secret is, when entra-auth-cli created it (secret create, rotate):
 * its keyId and end. Secrets entered by hand have none; views then match the value's hint instead
 * (app/secret/profile-credential.ts). Never the value.
 */
export interface CredentialRef {
  keyId: string;
  endDateTime?: string;
}

/** Where a profile's secret lives: in our secret store, or read at token time from a reference. */
export type SecretSource =
  /**
   * `key`: where the value is in the secret store (set by app/profile/save-profile.ts; absent in profiles
   * saved before keys were recorded, whose value is under the per-name key, see store/secret-keys.ts).
   * `store`: the backend holding it (absent in profiles saved before backends were recorded).
   */
  | { kind: 'stored'; key?: string; store?: 'file' | 'keychain'; credential?: CredentialRef }
  | { kind: 'reference'; ref: string; credential?: CredentialRef };

export interface CustomCloud {
  authorityHost: string;
  graphUrl: string;
  keyVaultSuffix: string;
}

export interface Profile {
  name: string;
  cloud: CloudName;
  custom?: CustomCloud;
  tenant: string;
  clientId: string;
  authMethod: AuthMethod;
  scopes: string[];
  defaultFlow: Flow;
  /** ClientSecret profiles. */
  secret?: SecretSource;
  /** Certificate profiles: a PEM (cert + key) or PFX file; its password, if any, is a stored secret. */
  certificate?: { path: string; format: 'pem' | 'pfx'; hasPassword: boolean; /** As SecretSource's key and store. */ passwordKey?: string; passwordStore?: 'file' | 'keychain' };
  createdAt: string;
  updatedAt: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isGuid(v: string): boolean {
  return GUID.test(v);
}

/** Each validator returns undefined when the value is fine, or a message saying how it should look. */
export const validate = {
  profileName: (v: string) => (NAME.test(v) ? undefined : `Profile names are 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (got '${v}').`),
  tenant: (v: string) => (GUID.test(v) || DOMAIN.test(v) || v === 'organizations' ? undefined
    : `The tenant must be a tenant ID (a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47) or a domain like contoso.onmicrosoft.com (got '${v}').`),
  clientId: (v: string) => (GUID.test(v) ? undefined : `The client ID must be the application (client) ID GUID from the app registration, like 1b730954-1685-4b74-9bfd-dac224a7b894 (got '${v}').`),
  scope: (v: string) => {
    if (!v || /\s/.test(v)) return `A scope is one value without spaces, like https://graph.microsoft.com/.default (got '${v}').`;
    if (/^(openid|profile|email|offline_access)$/.test(v)) return undefined;
    if (/^[A-Za-z][\w-]*(\.[\w-]+)+$/.test(v)) return undefined; // bare Graph permission, e.g. User.Read
    // RESOURCE/PERMISSION: a resource URL alone (https://graph.microsoft.com) is the v1 'resource', not a scope.
    if (/^(https?:\/\/[^/\s]+|api:\/\/[^/\s]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[^\s]*[^/\s]$/i.test(v)) return undefined;
    return `'${v}' is not a scope: use RESOURCE/.default (e.g. https://graph.microsoft.com/.default) or RESOURCE/PERMISSION (e.g. api://my-api/Orders.Read).`;
  },
  httpsUrl: (v: string) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' ? undefined : `'${v}' must be an https:// URL.`;
    } catch {
      return `'${v}' is not a URL; expected something like https://login.example.com.`;
    }
  },
  keyVaultSuffix: (v: string) => (/^\.?[a-z0-9.-]+\.[a-z]{2,}$/i.test(v) ? undefined : `'${v}' is not a Key Vault DNS suffix like .vault.azure.net.`),
  secretReference: (v: string) => {
    if (/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return undefined;
    if (/^file:.+/.test(v)) return undefined;
    if (/^keyvault:\/\/[a-z0-9-]{3,24}\/[0-9A-Za-z-]{1,127}$/i.test(v)) return undefined;
    return `'${v}' is not a secret reference: use env:VARIABLE, file:PATH or keyvault://VAULT/SECRET-NAME.`;
  },
};

/** The flow a profile uses unless told otherwise. */
export function defaultFlowFor(method: AuthMethod): Flow {
  return method === 'InteractiveBrowser' ? 'interactive' : method === 'DeviceCode' ? 'device-code' : 'client-credentials';
}

/** Scopes as typed (comma or space separated) into a clean list. */
export function parseScopes(input: string | string[]): string[] {
  const list = (Array.isArray(input) ? input : [input]).flatMap((s) => s.split(/[\s,]+/)).filter(Boolean);
  return [...new Set(list)];
}
