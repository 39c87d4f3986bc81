// Who may call a vault, decided as Key Vault decides it (docs/protocol-notes.md, "Key Vault: the challenge
// and who may call"):
// 1. no bearer token -> 401 with the challenge clients use to discover the authority and the resource;
// 2. the token must be ours (signature, lifetime), for https://vault.azure.net, from our issuer of the vault's tenant;
// 3. Azure RBAC on the vault: the caller's object id (oid) needs a role whose data actions cover the operation.
import type { RequestContext } from '../http/context.ts';
import { checkAccessToken, type AccessCheckDeps } from '../identity/access-check.ts';
import { readBearer, v1Issuer, v2Issuer } from '../identity/tokens.ts';
import { KEY_VAULT_APP_ID } from '../state/microsoft-apps.ts';
import type { Tenant } from '../state/tenant.ts';
import type { VaultRecord } from '../state/model.ts';
import { KeyVaultError } from './errors.ts';

export const KEY_VAULT_RESOURCE = 'https://vault.azure.net';

export interface VaultRef {
  tenant: Tenant;
  record: VaultRecord;
}

export interface KeyVaultCaller {
  oid: string;
  appId: string;
  iss: string;
  /** Set for delegated (user) tokens. */
  upn?: string;
}

/**
 * The challenge of a 401. @azure/keyvault-common's parser splits the header on /,? +/ and each pair on "=",
 * so neither value may contain a space or "=" (ctx.baseUrl is a sanitized scheme://host:port, which cannot).
 * The client takes the tenant from the authorization URL's path and asks for `${resource}/.default`.
 */
export function challengeHeader(ctx: RequestContext, tenantId: string): string {
  return `Bearer authorization="${ctx.baseUrl}/${tenantId}", resource="${KEY_VAULT_RESOURCE}"`;
}

function unauthorized(ctx: RequestContext, vault: VaultRef, message: string): KeyVaultError {
  return new KeyVaultError(401, 'Unauthorized', message, undefined, { 'www-authenticate': challengeHeader(ctx, vault.tenant.id) });
}

/** Key Vault's audiences: its resource URI and app id (what the SDK's `https://vault.azure.net/.default` gets, v1 and v2 forms). */
const KEY_VAULT_AUDIENCES = { ids: [KEY_VAULT_RESOURCE, KEY_VAULT_APP_ID] };

/** Reads the Authorization header only: the body is never touched before the caller is known. */
export async function authenticate(ctx: RequestContext, vault: VaultRef, deps: AccessCheckDeps, nowMs: number): Promise<KeyVaultCaller> {
  const token = readBearer(ctx.header('authorization'));
  // [obs] the first, unauthenticated request of every challenge-based client
  if (!token) throw unauthorized(ctx, vault, 'AKV10000: Request is missing a Bearer or PoP token.');
  const check = await checkAccessToken(token, KEY_VAULT_AUDIENCES, deps, nowMs);
  const expectedIssuers = () => `${v1Issuer(ctx.baseUrl, vault.tenant.id)}, ${v2Issuer(ctx.baseUrl, vault.tenant.id)}`;
  if (!check.ok) {
    switch (check.reason) {
      // [obs]
      case 'expired': throw unauthorized(ctx, vault, "[TokenExpired] Error validating token: 'S2S12086'.");
      // [obs]
      case 'audience': throw unauthorized(ctx, vault, `AKV10022: Invalid audience. Expected ${KEY_VAULT_RESOURCE}, found: ${check.detail}.`);
      // [obs] Key Vault's answer for a token whose signing key it cannot find (a wrong key, or none)
      case 'signature': case 'unsigned': throw unauthorized(ctx, vault, 'AKV10046: Unable to resolve the key used for signature validation.');
      case 'issuer': throw unauthorized(ctx, vault, `AKV10032: Invalid issuer. Expected one of ${expectedIssuers()}, found ${check.detail}.`);
      default: throw unauthorized(ctx, vault, "[BearerReadAccessTokenFailed] Error validating token: 'S2S12005'.");
    }
  }
  const c = check.claims;
  const iss = String(c.iss ?? '');
  if (check.tenant.id !== vault.tenant.id) {
    // [obs] real vaults list several accepted issuers; a vault here trusts its own tenant's only
    throw unauthorized(ctx, vault, `AKV10032: Invalid issuer. Expected one of ${expectedIssuers()}, found ${iss}.`);
  }
  return {
    oid: String(c.oid ?? ''),
    appId: String(c.appid ?? c.azp ?? ''),
    iss,
    ...(typeof c.upn === 'string' ? { upn: c.upn } : typeof c.preferred_username === 'string' ? { upn: c.preferred_username } : {}),
  };
}

/** Data actions of Microsoft.KeyVault/vaults/secrets, as Azure RBAC names them. */
export type SecretAction =
  | 'getSecret/action' | 'setSecret/action' | 'readMetadata/action' | 'update/action' | 'delete'
  | 'recover/action' | 'purge/action' | 'backup/action' | 'restore/action';

/** The built-in roles' data actions on secrets (Key Vault Secrets Officer: Microsoft.KeyVault/vaults/secrets/*). */
const ROLE_ACTIONS: Record<string, (a: SecretAction) => boolean> = {
  'Key Vault Administrator': () => true,
  'Key Vault Secrets Officer': () => true,
  'Key Vault Secrets User': (a) => a === 'getSecret/action' || a === 'readMetadata/action',
  'Key Vault Reader': (a) => a === 'readMetadata/action',
};

/** The ARM id Key Vault prints in RBAC denials; the emulator has no subscriptions, so a fixed one stands in. */
export function vaultResourceId(vault: VaultRef, secretName?: string): string {
  const base = `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/emulator/providers/microsoft.keyvault/vaults/${vault.record.name}`;
  return secretName ? `${base}/secrets/${secretName}` : base;
}

export function authorize(caller: KeyVaultCaller, vault: VaultRef, action: SecretAction, secretName?: string): void {
  const allowed = vault.record.roleAssignments.some((r) => r.principalId.toLowerCase() === caller.oid.toLowerCase() && ROLE_ACTIONS[r.role]?.(action));
  if (allowed) return;
  // [obs] the message layout of a ForbiddenByRbac denial, CRLF line ends and the space before the last one included
  const who = `${caller.upn ? `name=${caller.upn};` : ''}appid=${caller.appId};oid=${caller.oid};iss=${caller.iss}`;
  const message = 'Caller is not authorized to perform action on resource.\r\n'
    + 'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n'
    + `Caller: ${who}\r\n`
    + `Action: 'Microsoft.KeyVault/vaults/secrets/${action}'\r\n`
    + `Resource: '${vaultResourceId(vault, secretName)}'\r\n`
    + 'Assignment: (not found)\r\n'
    + "DecisionReason: 'DeniedWithNoValidRBAC' \r\n"
    + `Vault: ${vault.record.name};location=eastus\r\n`;
  throw new KeyVaultError(403, 'Forbidden', message, 'ForbiddenByRbac');
}
