// App management policies: the tenant default (policies/defaultAppManagementPolicy), custom policies
// (policies/appManagementPolicies) and their assignment to applications and service principals.
// Enforcement lives in policies-enforce.ts.
import { randomUUID } from 'node:crypto';
import type { AppManagementPolicyRecord, AppManagementRestrictions, CredentialRestriction, TenantAppManagementPolicyRecord } from '../state/model.ts';
import type { Tenant } from '../state/tenant.ts';
import { GE } from './errors.ts';
import { canReadApps, canReadPolicies, canWriteApp, canWritePolicies, ensure } from './auth.ts';
import { readJson } from './body.ts';
import { findApplication, findServicePrincipal } from './lookup.ts';
import { DEFAULT_POLICY_ID, durationMs } from './policies-enforce.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

const PASSWORD_TYPES = new Set(['passwordAddition', 'passwordLifetime', 'symmetricKeyAddition', 'symmetricKeyLifetime', 'customPasswordAddition']);
const KEY_TYPES = new Set(['asymmetricKeyLifetime', 'trustedCertificateAuthority']);
const EMPTY = (): AppManagementRestrictions => ({ passwordCredentials: [], keyCredentials: [] });

function defaultPolicy(tenant: Tenant): TenantAppManagementPolicyRecord {
  tenant.record.defaultAppManagementPolicy ??= { isEnabled: false, applicationRestrictions: EMPTY(), servicePrincipalRestrictions: EMPTY() };
  return tenant.record.defaultAppManagementPolicy;
}

function policies(tenant: Tenant): AppManagementPolicyRecord[] {
  tenant.record.appManagementPolicies ??= [];
  return tenant.record.appManagementPolicies;
}

function findPolicy(tenant: Tenant, id: string): AppManagementPolicyRecord {
  const p = policies(tenant).find((x) => x.id === id.toLowerCase());
  if (!p) throw GE.notFound(id);
  return p;
}

const policyJson = (p: AppManagementPolicyRecord) => ({ id: p.id, displayName: p.displayName, description: p.description, isEnabled: p.isEnabled, restrictions: p.restrictions });

export function getDefaultPolicy(req: GraphRequest): GraphResponse {
  ensure(canReadPolicies(req.caller));
  const d = defaultPolicy(req.caller.tenant);
  return {
    status: 200,
    body: {
      '@odata.context': `${req.baseUrl}/${req.version}/$metadata#policies/defaultAppManagementPolicy/$entity`,
      id: DEFAULT_POLICY_ID, displayName: 'Default app management tenant policy',
      description: 'Default tenant policy that enforces app management restrictions on applications and service principals. To apply policy to targeted resources, create a new policy under appManagementPolicies collection.',
      isEnabled: d.isEnabled, applicationRestrictions: d.applicationRestrictions, servicePrincipalRestrictions: d.servicePrincipalRestrictions,
    },
  };
}

export function updateDefaultPolicy(req: GraphRequest): GraphResponse {
  ensure(canWritePolicies(req.caller));
  const body = readJson(req)!;
  const next = { ...defaultPolicy(req.caller.tenant) };
  if (body.isEnabled !== undefined) { if (typeof body.isEnabled !== 'boolean') throw GE.badRequest("Invalid value for 'isEnabled'."); next.isEnabled = body.isEnabled; }
  if (body.applicationRestrictions !== undefined) next.applicationRestrictions = validateRestrictions(body.applicationRestrictions, 'applicationRestrictions');
  if (body.servicePrincipalRestrictions !== undefined) next.servicePrincipalRestrictions = validateRestrictions(body.servicePrincipalRestrictions, 'servicePrincipalRestrictions');
  req.caller.tenant.record.defaultAppManagementPolicy = next;
  return { status: 204 };
}

export function listPolicies(req: GraphRequest): GraphResponse {
  ensure(canReadPolicies(req.caller));
  return { status: 200, body: { '@odata.context': `${req.baseUrl}/${req.version}/$metadata#policies/appManagementPolicies`, value: policies(req.caller.tenant).map(policyJson) } };
}

export function getPolicy(req: GraphRequest, id: string): GraphResponse {
  ensure(canReadPolicies(req.caller));
  return { status: 200, body: { '@odata.context': `${req.baseUrl}/${req.version}/$metadata#policies/appManagementPolicies/$entity`, ...policyJson(findPolicy(req.caller.tenant, id)) } };
}

export function createPolicy(req: GraphRequest): GraphResponse {
  ensure(canWritePolicies(req.caller));
  const body = readJson(req)!;
  if (typeof body.displayName !== 'string' || !body.displayName.trim()) throw GE.badRequest("Property 'displayName' is required.");
  const p: AppManagementPolicyRecord = {
    id: randomUUID(), displayName: body.displayName, description: typeof body.description === 'string' ? body.description : null,
    isEnabled: body.isEnabled === undefined ? true : Boolean(body.isEnabled),
    restrictions: body.restrictions === undefined ? EMPTY() : validateRestrictions(body.restrictions, 'restrictions'), appliesTo: [],
  };
  policies(req.caller.tenant).push(p);
  return { status: 201, body: { '@odata.context': `${req.baseUrl}/${req.version}/$metadata#policies/appManagementPolicies/$entity`, ...policyJson(p) } };
}

export function updatePolicy(req: GraphRequest, id: string): GraphResponse {
  ensure(canWritePolicies(req.caller));
  const p = findPolicy(req.caller.tenant, id);
  const body = readJson(req)!;
  const restrictions = body.restrictions === undefined ? p.restrictions : validateRestrictions(body.restrictions, 'restrictions');
  if (body.displayName !== undefined && (typeof body.displayName !== 'string' || !body.displayName.trim())) throw GE.badRequest("Invalid value for 'displayName'.");
  Object.assign(p, {
    restrictions,
    ...(typeof body.displayName === 'string' ? { displayName: body.displayName } : {}),
    ...(body.description !== undefined ? { description: body.description === null ? null : String(body.description) } : {}),
    ...(typeof body.isEnabled === 'boolean' ? { isEnabled: body.isEnabled } : {}),
  });
  return { status: 204 };
}

export function deletePolicy(req: GraphRequest, id: string): GraphResponse {
  ensure(canWritePolicies(req.caller));
  const p = findPolicy(req.caller.tenant, id);
  req.caller.tenant.record.appManagementPolicies = policies(req.caller.tenant).filter((x) => x !== p);
  return { status: 204 };
}

export function policyAppliesTo(req: GraphRequest, id: string): GraphResponse {
  ensure(canReadPolicies(req.caller));
  const p = findPolicy(req.caller.tenant, id);
  const t = req.caller.tenant;
  const value = p.appliesTo.map((oid) => {
    const app = t.applicationById(oid);
    if (app) return { '@odata.type': '#microsoft.graph.application', id: app.id, appId: app.appId, displayName: app.displayName };
    const sp = t.servicePrincipalById(oid);
    return { '@odata.type': '#microsoft.graph.servicePrincipal', id: oid, appId: sp?.appId ?? null, displayName: sp?.displayName ?? null };
  });
  return { status: 200, body: { '@odata.context': `${req.baseUrl}/${req.version}/$metadata#directoryObjects`, value } };
}

/** /applications/{id}/appManagementPolicies[/$ref] and the same on servicePrincipals. */
export function assignedPolicies(req: GraphRequest, kind: 'applications' | 'servicePrincipals', key: string): GraphResponse {
  ensure(canReadApps(req.caller));
  const id = objectId(req, kind, key);
  const value = policies(req.caller.tenant).filter((p) => p.appliesTo.includes(id)).map(policyJson);
  return { status: 200, body: { '@odata.context': `${req.baseUrl}/${req.version}/$metadata#policies/appManagementPolicies`, value } };
}

export function assignPolicy(req: GraphRequest, kind: 'applications' | 'servicePrincipals', key: string): GraphResponse {
  const id = objectId(req, kind, key, true);
  ensure(canWritePolicies(req.caller));
  const ref = readJson(req)!['@odata.id'];
  const pid = typeof ref === 'string' ? /appManagementPolicies\/([0-9a-f-]{36})$/i.exec(ref)?.[1] : undefined;
  if (!pid) throw GE.badRequest("The request body must contain '@odata.id' referencing policies/appManagementPolicies/{id}.");
  const p = findPolicy(req.caller.tenant, pid);
  const current = policies(req.caller.tenant).find((x) => x.appliesTo.includes(id));
  if (current && current !== p) throw GE.badRequest('The object already has a custom app management policy assigned; remove it before assigning another.');
  if (!p.appliesTo.includes(id)) p.appliesTo.push(id);
  return { status: 204 };
}

export function unassignPolicy(req: GraphRequest, kind: 'applications' | 'servicePrincipals', key: string, policyId: string): GraphResponse {
  const id = objectId(req, kind, key, true);
  ensure(canWritePolicies(req.caller));
  const p = findPolicy(req.caller.tenant, policyId);
  if (!p.appliesTo.includes(id)) throw GE.notFound(policyId);
  p.appliesTo = p.appliesTo.filter((x) => x !== id);
  return { status: 204 };
}

function objectId(req: GraphRequest, kind: 'applications' | 'servicePrincipals', key: string, write = false): string {
  const t = req.caller.tenant;
  if (kind === 'applications') {
    const app = findApplication(t, key);
    if (write) ensure(canWriteApp(req.caller, app) || canWritePolicies(req.caller));
    return app.id;
  }
  return findServicePrincipal(t, key).id;
}

function validateRestrictions(raw: unknown, name: string): AppManagementRestrictions {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw GE.badRequest(`Invalid value for '${name}'.`);
  const r = raw as Record<string, unknown>;
  return {
    passwordCredentials: validateList(r.passwordCredentials, PASSWORD_TYPES, `${name}.passwordCredentials`),
    keyCredentials: validateList(r.keyCredentials, KEY_TYPES, `${name}.keyCredentials`),
  };
}

function validateList(raw: unknown, types: Set<string>, name: string): CredentialRestriction[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw GE.badRequest(`Invalid value for '${name}': expected an array.`);
  const seen = new Set<string>();
  return raw.map((item, i) => {
    const r = (item ?? {}) as Record<string, unknown>;
    const type = r.restrictionType;
    if (typeof type !== 'string' || !types.has(type)) throw GE.badRequest(`Invalid restrictionType '${String(type)}' in ${name}[${i}].`);
    if (seen.has(type)) throw GE.badRequest(`Restriction type '${type}' appears more than once in ${name}.`);
    seen.add(type);
    const isLifetime = type.endsWith('Lifetime');
    const max = r.maxLifetime ?? null;
    if (isLifetime && (typeof max !== 'string' || Number.isNaN(durationMs(max)))) throw GE.badRequest(`${name}[${i}]: '${type}' needs maxLifetime as an ISO 8601 duration such as P90D.`);
    if (!isLifetime && max !== null) throw GE.badRequest(`${name}[${i}]: maxLifetime must be null for '${type}'.`);
    const after = r.restrictForAppsCreatedAfterDateTime ?? null;
    if (after !== null && (typeof after !== 'string' || Number.isNaN(Date.parse(after)))) throw GE.badRequest(`${name}[${i}]: restrictForAppsCreatedAfterDateTime must be a date-time.`);
    const state = r.state ?? null;
    if (state !== null && state !== 'enabled' && state !== 'disabled') throw GE.badRequest(`${name}[${i}]: state must be 'enabled' or 'disabled'.`);
    return { restrictionType: type, state: state as CredentialRestriction['state'], maxLifetime: max as string | null, restrictForAppsCreatedAfterDateTime: after as string | null };
  });
}
