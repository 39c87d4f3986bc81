// /applications: list (OData), $count, get, create, PATCH, DELETE, and the credential actions.
import type { ApplicationRecord, KeyCredentialRecord, RequiredResourceAccess } from '../state/model.ts';
import { GE } from './errors.ts';
import { canCreateApps, canReadApps, canWriteApp, ensure, isOwner, seesOnlyOwned } from './auth.ts';
import { readJson, stringArray } from './body.ts';
import { findApplication } from './lookup.ts';
import { contextUrl, isEventual, listCollection, parseSelect, project } from './odata-query.ts';
import { APPLICATION_PROPERTIES, applicationJson } from './serialize.ts';
import { credentialAction, keyCredentialFromBody, type CredentialTarget } from './credentials.ts';
import { enforceCredentialPolicy } from './policies-enforce.ts';
import { addExpanded, parseExpand } from './expand.ts';
import { applicationExpanders } from './expand-owners.ts';
import type { GraphRequest, GraphResponse } from './types.ts';
import { keyDescriptions, recordAudit, recordCredentialChange } from './audits.ts';

const TYPE = 'microsoft.graph.application';
const FILTERABLE = new Set(['id', 'appId', 'displayName', 'identifierUris', 'signInAudience', 'createdDateTime', 'passwordCredentials', 'keyCredentials', 'tags', 'publisherDomain', 'web', 'spa', 'publicClient', 'owners', 'description', 'notes', 'uniqueName']);

function withOwners(app: ApplicationRecord, json: Record<string, unknown>): Record<string, unknown> {
  // `owners` is a navigation property: filterable with $count (owners/$count eq 0), never returned inline.
  Object.defineProperty(json, 'owners', { value: app.owners.map((id) => ({ id })), enumerable: false });
  return json;
}

export function listApplications(req: GraphRequest): GraphResponse {
  const { caller } = req;
  ensure(canReadApps(caller));
  const onlyOwned = seesOnlyOwned(caller);
  return listCollection(req, {
    resource: 'applications', type: TYPE, items: caller.tenant.record.applications,
    toJson: (a, { selected }) => withOwners(a, applicationJson(a, caller.tenant.domain, { selected })),
    filterable: FILTERABLE, searchable: ['displayName', 'description'], sortable: ['displayName', 'createdDateTime'],
    visible: onlyOwned ? (a) => isOwner(caller, a) : undefined,
    lookup: { appId: (v) => caller.tenant.applicationByAppId(v), id: (v) => caller.tenant.applicationById(v) },
    expand: applicationExpanders(caller.tenant),
  }, APPLICATION_PROPERTIES);
}

export function countApplications(req: GraphRequest): GraphResponse {
  ensure(canReadApps(req.caller));
  if (!isEventual(req)) throw GE.unsupportedQuery("$count is only supported with the 'ConsistencyLevel: eventual' header.");
  const onlyOwned = seesOnlyOwned(req.caller);
  const n = onlyOwned ? req.caller.tenant.record.applications.filter((a) => isOwner(req.caller, a)).length : req.caller.tenant.record.applications.length;
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(n) };
}

export function getApplication(req: GraphRequest, key: string): GraphResponse {
  const { caller } = req;
  ensure(canReadApps(caller));
  const app = findApplication(caller.tenant, key);
  if (seesOnlyOwned(caller) && !isOwner(caller, app)) throw GE.notFound(key);
  const selected = parseSelect(req, APPLICATION_PROPERTIES, TYPE);
  const expand = parseExpand(req, applicationExpanders(caller.tenant), TYPE);
  return { status: 200, body: { '@odata.context': contextUrl(req, 'applications', selected, true), ...addExpanded(project(applicationJson(app, caller.tenant.domain, { selected }), selected), app, expand, applicationExpanders(caller.tenant)) } };
}

export function createApplication(req: GraphRequest, now: Date): GraphResponse {
  const { caller } = req;
  ensure(canCreateApps(caller));
  const body = readJson(req)!;
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '') throw GE.badRequest("Property 'displayName' is required and must be a non-empty string.");
  const patch = validatePatch(body, caller.tenant.domain, now, true);
  // New apps get no custom policy yet, so the tenant default governs their first certificates.
  for (const k of patch.keyCredentials ?? []) enforceCredentialPolicy(caller.tenant, { id: '', kind: 'application', createdDateTime: now.toISOString() }, { kind: k.type === 'Symmetric' ? 'symmetricKey' : 'asymmetricKey', start: new Date(k.startDateTime), end: new Date(k.endDateTime) });
  const { app } = caller.tenant.addApplication({ displayName: body.displayName, owners: [caller.user?.id ?? caller.spId].filter(Boolean), withServicePrincipal: false }, now);
  applyPatch(app, patch);
  recordAudit(req, now, 'Add application', 'Add', auditTarget(app));
  return { status: 201, headers: { location: `${req.baseUrl}/${req.version}/applications/${app.id}` }, body: { '@odata.context': contextUrl(req, 'applications', undefined, true), ...applicationJson(app, caller.tenant.domain) } };
}

export function updateApplication(req: GraphRequest, key: string, now: Date): GraphResponse {
  const { caller } = req;
  // Upsert: PATCH /applications(uniqueName='…') with `Prefer: create-if-missing` creates the app when there is none.
  const uniqueName = key.startsWith('uniqueName=') ? key.slice('uniqueName='.length) : undefined;
  if (uniqueName !== undefined && !caller.tenant.applicationByUniqueName(uniqueName) && /create-if-missing/i.test(req.headers.prefer ?? '')) {
    const created = createApplication(req, now);
    caller.tenant.applicationById((created.body as { id: string }).id)!.uniqueName = uniqueName;
    return { ...created, body: { ...(created.body as object), uniqueName } };
  }
  const app = findApplication(caller.tenant, key);
  ensure(canWriteApp(caller, app));
  const body = readJson(req)!;
  const patch = validatePatch(body, caller.tenant.domain, now, false);
  if (patch.keyCredentials) {
    const existing = new Set(app.keyCredentials.map((k) => k.keyId));
    for (const k of patch.keyCredentials) {
      if (!existing.has(k.keyId)) enforceCredentialPolicy(caller.tenant, { id: app.id, kind: 'application', createdDateTime: app.createdDateTime }, { kind: k.type === 'Symmetric' ? 'symmetricKey' : 'asymmetricKey', start: new Date(k.startDateTime), end: new Date(k.endDateTime) });
    }
  }
  const before = keyDescriptions(app);
  applyPatch(app, patch);
  recordCredentialChange(req, now, auditTarget(app), before, keyDescriptions(app));
  return { status: 204 };
}

const auditTarget = (app: ApplicationRecord) => ({ id: app.id, displayName: app.displayName, type: 'Application' as const });

export function deleteApplication(req: GraphRequest, key: string, now: Date): GraphResponse {
  const app = findApplication(req.caller.tenant, key);
  ensure(canWriteApp(req.caller, app));
  req.caller.tenant.softDeleteApplication(app, now);
  recordAudit(req, now, 'Delete application', 'Delete', auditTarget(app));
  return { status: 204 };
}

export async function applicationAction(req: GraphRequest, key: string, action: string, now: Date): Promise<GraphResponse> {
  const { caller } = req;
  const app = findApplication(caller.tenant, key);
  ensure(canWriteApp(caller, app));
  const target: CredentialTarget = { id: app.id, kind: 'application', createdDateTime: app.createdDateTime, passwordCredentials: app.passwordCredentials, keyCredentials: app.keyCredentials };
  const before = keyDescriptions(app);
  const res = await credentialAction(req, target, action, now);
  recordCredentialChange(req, now, auditTarget(app), before, keyDescriptions(app));
  return res;
}

// ---- PATCH validation: everything is checked before anything changes ---------------------------
type Patch = Partial<Pick<ApplicationRecord, 'displayName' | 'description' | 'notes' | 'tags' | 'identifierUris' | 'signInAudience' | 'isFallbackPublicClient' | 'appRoles' | 'requiredResourceAccess'>> & {
  web?: { redirectUris: string[] }; spa?: { redirectUris: string[] }; publicClient?: { redirectUris: string[] };
  requestedAccessTokenVersion?: number | null; keyCredentials?: KeyCredentialRecord[];
};

const READ_ONLY = new Set(['id', 'appId', 'createdDateTime', 'deletedDateTime', 'publisherDomain']);
const AUDIENCES = new Set(['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount']);

function validatePatch(body: Record<string, unknown>, _domain: string, now: Date, creating: boolean): Patch {
  const p: Patch = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('@odata.')) continue;
    if (READ_ONLY.has(k)) { if (creating && k === 'id') continue; throw GE.badRequest(`Property '${k}' is read-only and cannot be set.`); }
    switch (k) {
      case 'displayName':
        if (typeof v !== 'string' || !v.trim()) throw GE.badRequest("Invalid value specified for property 'displayName' of resource 'Application'.");
        p.displayName = v; break;
      case 'description': case 'notes':
        if (v !== null && typeof v !== 'string') throw GE.badRequest(`Invalid value specified for property '${k}' of resource 'Application'.`);
        p[k] = v; break;
      case 'tags': case 'identifierUris': p[k] = stringArray(v, k); break;
      case 'signInAudience':
        if (typeof v !== 'string' || !AUDIENCES.has(v)) throw GE.badRequest("Invalid value specified for property 'signInAudience' of resource 'Application'.");
        p.signInAudience = v; break;
      case 'isFallbackPublicClient':
        if (typeof v !== 'boolean' && v !== null) throw GE.badRequest("Invalid value specified for property 'isFallbackPublicClient' of resource 'Application'.");
        p.isFallbackPublicClient = Boolean(v); break;
      case 'web': case 'spa': case 'publicClient': {
        const uris = (v as { redirectUris?: unknown } | null)?.redirectUris;
        p[k] = { redirectUris: uris === undefined ? [] : stringArray(uris, `${k}.redirectUris`) }; break;
      }
      case 'api': {
        const ver = (v as { requestedAccessTokenVersion?: unknown } | null)?.requestedAccessTokenVersion;
        if (ver !== undefined && ver !== null && ver !== 1 && ver !== 2) throw GE.badRequest("Invalid value specified for property 'api.requestedAccessTokenVersion'.");
        p.requestedAccessTokenVersion = (ver ?? null) as number | null; break;
      }
      case 'appRoles':
        p.appRoles = objects(v, k, ['id', 'value']) as unknown as ApplicationRecord['appRoles']; break;
      case 'requiredResourceAccess':
        p.requiredResourceAccess = objects(v, k, ['resourceAppId']) as unknown as RequiredResourceAccess[];
        for (const r of p.requiredResourceAccess) objects(r.resourceAccess, 'requiredResourceAccess.resourceAccess', ['id', 'type']);
        break;
      case 'keyCredentials':
        p.keyCredentials = objects(v, k, []).map((kc) => keyCredentialFromBody(kc, now)); break;
      case 'passwordCredentials':
        throw GE.badRequest("Property 'passwordCredentials' cannot be updated with PATCH; use the addPassword and removePassword actions.");
      default:
        if (!APPLICATION_PROPERTIES.has(k)) throw GE.badRequest(`Property '${k}' does not exist on type '${TYPE}'. Make sure to only use property names that are defined by the type.`);
      // Known Graph properties we do not model are accepted and ignored, as a read-only view of them is all we serve.
    }
  }
  return p;
}

/** An array of objects each carrying the named string fields: anything else would be stored and break later reads. */
function objects(v: unknown, key: string, requiredStrings: string[]): Record<string, unknown>[] {
  if (!Array.isArray(v)) throw GE.badRequest(`Invalid value specified for property '${key}': expected an array.`);
  return v.map((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw GE.badRequest(`Invalid value specified for property '${key}' at index ${i}: expected an object.`);
    for (const f of requiredStrings) {
      if (typeof (item as Record<string, unknown>)[f] !== 'string') throw GE.badRequest(`Invalid value specified for property '${key}' at index ${i}: '${f}' must be a string.`);
    }
    return item as Record<string, unknown>;
  });
}

function applyPatch(app: ApplicationRecord, p: Patch): void {
  const { requestedAccessTokenVersion, keyCredentials, ...simple } = p;
  Object.assign(app, simple);
  if (requestedAccessTokenVersion !== undefined) app.api.requestedAccessTokenVersion = requestedAccessTokenVersion;
  if (keyCredentials) app.keyCredentials = keyCredentials;
}
