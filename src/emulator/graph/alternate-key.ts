// Graph's alternate-key syntax, shared by direct requests (index.ts) and $batch sub-requests (batch.ts).

/** Rewrites Graph's alternate-key syntax, /applications(appId='…'), into a path segment the router can match. */
export function normalizePath(path: string): string {
  let p = path;
  try { p = decodeURIComponent(path); } catch { /* keep as sent */ }
  return p.replace(/^\/(applications|servicePrincipals)\(appId=['"]([^'"]*)['"]\)/i, (_m, coll: string, id: string) => `/${coll}/appId=${id.toLowerCase()}`);
}
