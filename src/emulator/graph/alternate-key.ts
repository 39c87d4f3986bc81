// Graph's URL forms, shared by direct requests (index.ts) and $batch sub-requests (batch.ts): alternate keys
// (docs/protocol-notes.md, "Graph: URL forms") and the tenant prefixes Azure AD Graph left behind.
import type { Tenant } from '../state/tenant.ts';

/** Rewrites Graph's alternate-key syntax, /applications(appId='…'), into a path segment the router can match. */
export function normalizePath(path: string): string {
  let p = path;
  try { p = decodeURIComponent(path); } catch { /* keep as sent */ }
  return rewriteAlternateKeys(p);
}

/**
 * `/applications(appId='…')`, `/servicePrincipals(appId='…')` and `/applications(uniqueName='…')` become
 * `/applications/appId=…` (lookup.ts reads these); an appId is case-insensitive, a uniqueName is kept as sent.
 */
function rewriteAlternateKeys(p: string): string {
  return p.replace(/^\/(applications|servicePrincipals)\((appId|uniqueName)=['"]([^'"]*)['"]\)/i, (_m, coll: string, key: string, id: string) =>
    (/^appId$/i.test(key) ? `/${coll}/appId=${id.toLowerCase()}` : `/${coll}/uniqueName=${id}`));
}

/**
 * `/myorganization/…` and `/{tenant id or domain}/…` name the caller's own tenant: the rest of the path is
 * the request. Runs after authentication (the tenant is the token's), on an already decoded path.
 */
export function stripTenantPrefix(path: string, tenant: Tenant): string {
  const m = /^\/([^/]+)(\/.*)?$/.exec(path);
  const first = m?.[1]?.toLowerCase();
  if (!first || !(first === 'myorganization' || first === tenant.id || first === tenant.domain.toLowerCase())) return path;
  return rewriteAlternateKeys(m?.[2] ?? '/');
}
