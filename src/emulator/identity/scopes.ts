// Reading the `scope` parameter the way Entra does: one resource per request, `/.default` meaning "what was
// granted", bare names (User.Read) meaning Microsoft Graph, and the OIDC scopes handled on the side.
import { E } from './errors.ts';
import type { Tenant, ResolvedResource } from '../state/tenant.ts';
import { GRAPH_APP_ID, OIDC_SCOPES } from '../state/microsoft-apps.ts';
import type { OwnNames } from '../http/own-names.ts';

export interface ScopeRequest {
  resource: ResolvedResource;
  /** The resource identifier as the client wrote it (v1 tokens use it as `aud`). */
  audience: string;
  /** Permission names asked for; empty when `.default` was used. */
  permissions: string[];
  isDefault: boolean;
  oidc: Set<string>;
}

/**
 * A scope on one of the emulator's own origins (`own`, from its certificate's names, never the Host header)
 * names Microsoft Graph, so tools that take "the Graph endpoint" and derive the token resource from it
 * (Azure CLI's cloud config) work; no app of the tenant can take such an identifier.
 */
export function parseScope(raw: string | null, tenant: Tenant, mode: 'app' | 'delegated', own?: OwnNames): ScopeRequest {
  const items = (raw ?? '').split(/\s+/).filter(Boolean);
  if (items.length === 0) throw E.missingParameter('scope');
  const oidc = new Set(items.filter((s) => OIDC_SCOPES.has(s)));
  const rest = items.filter((s) => !OIDC_SCOPES.has(s));

  let audience: string | undefined;
  const permissions: string[] = [];
  let isDefault = false;
  for (const s of rest) {
    const cut = s.lastIndexOf('/');
    const [res, perm] = cut > 0 && !s.endsWith('//') ? [s.slice(0, cut), s.slice(cut + 1)] : ['https://graph.microsoft.com', s];
    if (audience !== undefined && audience.replace(/\/$/, '').toLowerCase() !== res.replace(/\/$/, '').toLowerCase()) {
      throw E.invalidScope(`${raw}`);
    }
    audience = res;
    if (perm === '.default') isDefault = true;
    else if (mode === 'app') throw E.scopeNeedsDefault(s);
    else permissions.push(perm);
  }
  if (audience === undefined) {
    if (mode === 'app') throw E.scopeNeedsDefault(items.join(' '));
    // Only OIDC scopes: Entra issues a Microsoft Graph token for the user's basic profile.
    audience = 'https://graph.microsoft.com';
    permissions.push('User.Read');
  }
  const isSelf = own?.isOwnOrigin(audience) ?? false;
  const resource = isSelf ? tenant.resolveResource(GRAPH_APP_ID) : tenant.resolveResource(audience);
  if (!resource) throw E.resourceNotFound(audience, tenant.domain);
  if (mode === 'delegated') {
    for (const p of permissions) {
      if (!resource.scopes.some((s) => s.value.toLowerCase() === p.toLowerCase())) throw E.invalidScope(`${audience}/${p}`);
    }
  }
  const canonicalGraph = resource.appId === GRAPH_APP_ID && !isSelf;
  return { resource, audience: canonicalGraph ? 'https://graph.microsoft.com' : audience, permissions, isDefault, oidc };
}
