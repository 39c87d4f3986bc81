// auditLogs/directoryAudits: what changed in the directory, who did it, and to what. The emulator records
// the changes the credential lifecycle cares about: credentials added or removed (the entry Entra writes as
// "Update application – Certificates and secrets management", key ids and names, never values), and
// applications added, deleted, restored and deleted for good.
import { randomUUID } from 'node:crypto';
import type { DirectoryAuditRecord, KeyCredentialRecord, PasswordCredentialRecord } from '../state/model.ts';
import { canReadAuditLogs, ensure } from './auth.ts';
import { GE } from './errors.ts';
import { contextUrl, listCollection, parseSelect, project } from './odata-query.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

export const CREDENTIALS_ACTIVITY = 'Update application – Certificates and secrets management';

type Modified = DirectoryAuditRecord['targetResources'][number]['modifiedProperties'];
export interface AuditTarget { id: string; displayName: string | null; type: 'Application' | 'ServicePrincipal' }

const PROPERTIES = new Set([
  'id', 'activityDateTime', 'activityDisplayName', 'category', 'correlationId', 'loggedByService', 'operationType', 'result',
  'resultReason', 'initiatedBy', 'targetResources', 'additionalDetails',
]);

/** Writes one audit entry for a change `req` made. */
export function recordAudit(req: GraphRequest, now: Date, activity: string, operationType: string, target: AuditTarget, modified: Modified = []): void {
  const { caller } = req;
  const sp = caller.tenant.servicePrincipalById(caller.spId);
  caller.tenant.recordAudit({
    id: `Directory_${randomUUID()}`, activityDateTime: now.toISOString(), activityDisplayName: activity, category: 'ApplicationManagement',
    correlationId: req.clientRequestId, loggedByService: 'Core Directory', operationType, result: 'success', resultReason: '',
    initiatedBy: caller.user
      ? { user: { id: caller.user.id, displayName: caller.user.displayName, userPrincipalName: caller.user.userPrincipalName, ipAddress: null }, app: null }
      : { user: null, app: { appId: caller.appId, displayName: sp?.displayName ?? null, servicePrincipalId: caller.spId, servicePrincipalName: sp?.displayName ?? null } },
    targetResources: [{ id: target.id, displayName: target.displayName, type: target.type, userPrincipalName: null, modifiedProperties: modified }],
    additionalDetails: [{ key: 'AppId', value: caller.appId }],
  });
}

/** The credentials of an object as Entra's audit shows them: "[KeyIdentifier=…,KeyType=…,KeyUsage=…,DisplayName=…]" each. */
export function keyDescriptions(o: { passwordCredentials: PasswordCredentialRecord[]; keyCredentials: KeyCredentialRecord[] }): string {
  const describe = (keyId: string, type: string, usage: string, name: string | null) => `[KeyIdentifier=${keyId},KeyType=${type},KeyUsage=${usage},DisplayName=${name ?? ''}]`;
  return JSON.stringify([
    ...o.keyCredentials.map((k) => describe(k.keyId, k.type, k.usage, k.displayName)),
    ...o.passwordCredentials.map((p) => describe(p.keyId, 'Password', 'Verify', p.displayName)),
  ]);
}

/** Records a credential change (before → after) on an application or a service principal, if anything changed. */
export function recordCredentialChange(req: GraphRequest, now: Date, target: AuditTarget, before: string, after: string): void {
  if (before === after) return;
  const activity = target.type === 'Application' ? CREDENTIALS_ACTIVITY
    : JSON.parse(after).length >= JSON.parse(before).length ? 'Add service principal credentials' : 'Remove service principal credentials';
  recordAudit(req, now, activity, 'Update', target, [
    { displayName: 'KeyDescription', oldValue: before, newValue: after },
    { displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' },
  ]);
}

export function listDirectoryAudits(req: GraphRequest): GraphResponse {
  ensure(canReadAuditLogs(req.caller));
  const items = [...(req.caller.tenant.record.directoryAudits ?? [])].reverse(); // newest first, as Graph lists them
  return listCollection(req, {
    resource: 'auditLogs/directoryAudits', type: 'microsoft.graph.directoryAudit', items, toJson: (a) => ({ ...a }),
    filterable: new Set(['id', 'activityDateTime', 'activityDisplayName', 'category', 'correlationId', 'loggedByService', 'operationType', 'result', 'initiatedBy', 'targetResources']),
    searchable: [], sortable: ['activityDateTime'], defaultTop: 1000, maxTop: 1000,
  }, PROPERTIES);
}

export function getDirectoryAudit(req: GraphRequest, id: string): GraphResponse {
  ensure(canReadAuditLogs(req.caller));
  const entry = (req.caller.tenant.record.directoryAudits ?? []).find((a) => a.id === id);
  if (!entry) throw GE.notFound(id);
  const selected = parseSelect(req, PROPERTIES, 'microsoft.graph.directoryAudit');
  return { status: 200, body: { '@odata.context': contextUrl(req, 'auditLogs/directoryAudits', selected, true), ...project({ ...entry }, selected) } };
}
