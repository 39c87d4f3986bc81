// $expand=owners on applications and service principals (lists and single gets), with the limits Graph
// documents for directory objects: one level, at most 20 expanded objects per item and no nextLink inside,
// no nested query options (`owners($select=…)` is a 400), and list pages cut to 100 items even with $top=999.
import type { Tenant } from '../state/tenant.ts';
import { GE } from './errors.ts';
import { servicePrincipalJson, userJson } from './serialize.ts';
import type { GraphRequest } from './types.ts';

/** Expanded objects per item, at most (Graph: 20). */
export const MAX_EXPANDED = 20;
/** Page size of a list with $expand, at most (Graph: 100). */
export const EXPAND_PAGE_CAP = 100;

/** Navigation properties that exist on these types but that the emulator does not expand. */
const OTHER_NAVIGATION = new Set([
  'createdOnBehalfOf', 'extensionProperties', 'federatedIdentityCredentials', 'tokenIssuancePolicies', 'tokenLifetimePolicies',
  'appManagementPolicies', 'homeRealmDiscoveryPolicies', 'synchronization', 'appRoleAssignments', 'appRoleAssignedTo',
  'claimsMappingPolicies', 'delegatedPermissionClassifications', 'endpoints', 'memberOf', 'oauth2PermissionGrants',
  'ownedObjects', 'transitiveMemberOf', 'createdObjects',
]);

export type Expanders<T> = Record<string, (item: T) => unknown>;

/** The navigation properties `$expand` names (validated), or undefined without $expand. */
export function parseExpand<T>(req: GraphRequest, expanders: Expanders<T>, type: string): string[] | undefined {
  const raw = req.query.get('$expand');
  if (raw === null) return undefined;
  const names = raw.split(',').map((s) => s.trim());
  for (const name of names) {
    if (name.includes('(')) throw GE.unsupportedQuery(`Query options inside $expand are not supported: '${name}'. Expand '${name.slice(0, name.indexOf('('))}' without them, or read it with its own request.`);
    if (expanders[name]) continue;
    if (OTHER_NAVIGATION.has(name)) throw GE.unsupportedQuery(`Expanding '${name}' is not supported on '${type}'.`);
    throw GE.badRequest(`Could not find a property named '${name || raw}' on type '${type}'.`);
  }
  if (new Set(names).size !== names.length) throw GE.badRequest(`The $expand option names '${raw}' more than once.`);
  return names;
}

/** `json` with the expanded properties of `item` added (after any $select projection). */
export function addExpanded<T>(json: Record<string, unknown>, item: T, names: string[] | undefined, expanders: Expanders<T>): Record<string, unknown> {
  if (!names) return json;
  const out = { ...json }; // a copy: toJson may define hidden, read-only navigation properties (applications' owners for $filter)
  for (const name of names) out[name] = expanders[name]!(item);
  return out;
}

/** A directory object (user or service principal) as Graph returns it in owners, with its @odata.type. */
export function directoryObjectJson(tenant: Tenant, id: string): Record<string, unknown> | undefined {
  const user = tenant.userById(id);
  if (user) return { '@odata.type': '#microsoft.graph.user', ...userJson(user) };
  const sp = tenant.servicePrincipalById(id);
  return sp ? { '@odata.type': '#microsoft.graph.servicePrincipal', ...servicePrincipalJson(sp) } : undefined;
}

/** The first 20 owners, expanded: Graph gives no nextLink inside an expansion, so the rest are not reachable this way. */
export function expandOwners(tenant: Tenant, ownerIds: readonly string[] | undefined): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const id of ownerIds ?? []) {
    if (out.length === MAX_EXPANDED) break;
    const json = directoryObjectJson(tenant, id);
    if (json) out.push(json);
  }
  return out;
}
