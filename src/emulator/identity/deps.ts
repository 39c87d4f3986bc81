// What identity handlers share: the store, the signing key, the token minter, the flow state and the clock.
import type { EmulatorStore } from '../state/store.ts';
import type { SigningKey } from './signing-key.ts';
import type { TokenMinter } from './tokens.ts';
import type { FlowStore } from './flows.ts';
import type { Tenant } from '../state/tenant.ts';
import { E } from './errors.ts';
import type { OwnNames } from '../http/own-names.ts';

export interface IdentityDeps {
  store: EmulatorStore;
  key: SigningKey;
  minter: TokenMinter;
  flows: FlowStore;
  now: () => number;
  /** Seconds between device-code polls the emulator asks for (Entra: 5). */
  deviceCodeInterval: number;
  /** The names the emulator answers to (http/own-names.ts). */
  own: OwnNames;
  /** Milliseconds a secret added through Graph is refused for (0: at once). */
  propagationDelayMs?: number;
}

export const MULTI_TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

/**
 * The tenant a request's path names. For common/organizations the emulator uses the tenant that holds
 * `appId` (or the default tenant), which is what Entra's home-realm discovery amounts to for our users.
 */
export function tenantFromPath(deps: IdentityDeps, segment: string, appId?: string): Tenant {
  const key = segment.toLowerCase();
  if (MULTI_TENANT_ALIASES.has(key)) {
    if (appId) {
      const home = deps.store.tenants.find((t) => t.applicationByAppId(appId));
      if (home) return home;
    }
    return deps.store.defaultTenant;
  }
  const tenant = deps.store.find(key);
  if (!tenant) throw E.tenantNotFound(segment);
  return tenant;
}
