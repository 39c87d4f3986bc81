// Length limits on what a Graph body may carry, checked once for every body (body.ts) so no handler can
// forget them: the lengths Graph documents for the fields we serve, and generous caps for every other
// string, list and nesting level, so a 4 MB body of one field cannot grow the tenant without bound.
// Graph's answer is 400 Request_BadRequest "Invalid value specified for property 'X' of resource 'Y'."
// (docs/protocol-notes.md, "Limits").
import { GE } from './errors.ts';

/** Documented: application displayName 256, description and notes 1,024, keyCredential displayName 90. */
const FIELD_LIMITS: Record<string, number> = { displayName: 256, description: 1024, notes: 1024 };
const CREDENTIAL_DISPLAY_NAME: Record<string, number> = { keyCredential: 90, keyCredentials: 90 };
/** [?] caps for everything else: a certificate's base64 DER (`key`) is the longest real value. */
const KEY_LIMIT = 64 * 1024;
const STRING_LIMIT = 16 * 1024;
const LIST_LIMIT = 1000;
const DEPTH_LIMIT = 32;

/** The resource name Graph's message uses, from the request path (or the credential object being set). */
function resourceName(path: string, parentKey: string | undefined): string {
  if (parentKey && /credentials?$/i.test(parentKey)) return parentKey.replace(/s$/, '').replace(/^./, (c) => c.toUpperCase());
  if (/^\/servicePrincipals/i.test(path)) return 'ServicePrincipal';
  if (/^\/policies/i.test(path)) return 'AppManagementPolicy';
  return 'Application';
}

export function checkFieldLimits(body: unknown, path: string): void {
  const fail = (key: string, parent: string | undefined) => GE.badRequest(`Invalid value specified for property '${key}' of resource '${resourceName(path, parent)}'.`);
  const walk = (value: unknown, key: string, parent: string | undefined, depth: number): void => {
    if (depth > DEPTH_LIMIT) throw fail(key, parent);
    if (typeof value === 'string') {
      const limit = key === 'displayName' && parent && CREDENTIAL_DISPLAY_NAME[parent] ? CREDENTIAL_DISPLAY_NAME[parent]
        : FIELD_LIMITS[key] ?? (key === 'key' ? KEY_LIMIT : STRING_LIMIT);
      if (value.length > limit) throw fail(key, parent);
    } else if (Array.isArray(value)) {
      if (value.length > LIST_LIMIT) throw fail(key, parent);
      for (const item of value) walk(item, key, parent === undefined ? key : parent, depth + 1);
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length > LIST_LIMIT) throw fail(key, parent);
      for (const [k, v] of entries) walk(v, k, key || parent, depth + 1);
    }
  };
  walk(body, '', undefined, 0);
}
