// Deleting one credential of an app (issue 10, item 3; docs/lifecycle.md "secret delete"):
//
//   deleteSecret(deps, target, request) -> DeletedSecret
//     target:  { appId, tenant, cloud, cloudName? }
//     request: { keyId, yes?, force?, readSecret, deviceCode?, browser?, adminClientId? }
//   1. The admin session (as secret list), the app, and the credential: a client secret or certificate of the
//      app, or a client secret of its service principal. Not there → `alreadyDeleted` (a re-run after a
//      kill, or a key deleted by someone else), not an error.
//   2. What it is and what it was used for: name, hint, end, last sign-in (sign-in activity report) and the
//      resources its last sign-ins were for (beta signIns), each only where readable — said through notices.
//   3. Refusals, unless `force`: a local profile uses it (suggests `secret rotate -p`); it is the app's last
//      valid credential (the app could no longer sign in).
//   4. Confirmation: on a terminal the person is asked; without one `yes` must be given (the port fails
//      naming --yes).
//   5. One Graph call: removePassword; for a certificate PATCH keyCredentials with the others (removeKey
//      needs a proof signed by a certificate of the app, which the CLI does not hold), both entries of a
//      certificate listed as Sign and Verify. Progress steps DELETE_STEPS frame it for the kill tests.
// Nothing is journaled: a kill before the call left everything as it was, a kill after it left the credential
// deleted, and a re-run says "already deleted".
import type { Client } from '@microsoft/microsoft-graph-client';
import { ActionableError } from '../../core/actionable-error.ts';
import { formatTime } from '../../core/claims.ts';
import { credentialRows, type CredentialRow } from '../../core/credential-rows.ts';
import { findApplication, removeKeyCredentials, removePassword, type AppRegistration } from '../../entra/graph/applications.ts';
import { GraphApiError } from '../../entra/graph/client.ts';
import { isReportUnavailable, lastSignInByKey, listServicePrincipalSignIns } from '../../entra/graph/reports.ts';
import { findServicePrincipal, removeServicePrincipalPassword, type ServicePrincipal } from '../../entra/graph/service-principals.ts';
import { EXIT_FAILURE } from '../exit-codes.ts';
import type { AdminDeps } from '../admin/deps.ts';
import type { AdminSessionHandle } from '../admin/session.ts';
import { appLabel, InvalidRequestError, notFoundError } from './errors.ts';
import { lifecycleGraphError } from './graph-errors.ts';
import { openLifecycleSession, READ_PERMISSION, REPORT_PERMISSION, type AdminSignInFlags, type SecretsTarget } from './list.ts';
import { profilesUsing, tenantNames, type ProfileSecretReader } from './profiles-using.ts';

/** The steps of a deletion, in order, reported through interaction.progress. */
export const DELETE_STEPS = ['signed-in', 'found', 'confirmed', 'deleting', 'deleted'] as const;
export type DeleteStep = (typeof DELETE_STEPS)[number];

export interface DeleteSecretRequest extends AdminSignInFlags {
  keyId: string;
  /** Delete without asking (required without a terminal). */
  yes?: boolean;
  /** Delete even what a local profile uses, or the app's last valid credential. */
  force?: boolean;
  readSecret: ProfileSecretReader;
}

export interface DeletedSecret {
  application: { id: string; appId: string; displayName: string };
  keyId: string;
  /** true: deleted now; false: it was not there (already deleted). */
  deleted: boolean;
  alreadyDeleted: boolean;
  /** What was deleted (absent when already deleted). */
  credential?: CredentialRow & { keyIds: string[] };
  lastSignInDateTime: string | null;
  /** Resources its most recent sign-ins were for, newest first (empty when unknown). */
  lastUsedFor: string[];
  /** The refusals --force overrode. */
  forced: string[];
}

export const WRITE_PERMISSION = 'Application.ReadWrite.All (or Application.ReadWrite.OwnedBy as an owner of the app)';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How many of the key's newest sign-ins are read to name what it was used for. */
const RECENT_SIGN_INS = 50;

export async function deleteSecret(deps: AdminDeps, target: SecretsTarget, request: DeleteSecretRequest): Promise<DeletedSecret> {
  if (!GUID.test(request.keyId)) throw new InvalidRequestError(`invalid --key-id '${request.keyId}': the credential's key ID, a GUID (see: entra-auth-cli secret list --app ${target.appId}).`);
  const keyId = request.keyId.toLowerCase();
  const step = (s: DeleteStep) => deps.interaction.progress?.(s);
  const session = await openLifecycleSession(deps, target, request, "to delete an app's credential");
  try {
    step('signed-in');
    const graph = await session.graph();
    const failure = (doing: string, needs = READ_PERMISSION) => (err: unknown) => {
      throw lifecycleGraphError(err, { app: { appId: target.appId }, who: session.who, tenant: target.tenant, doing, needs });
    };
    const app = await findApplication(graph, target.appId).catch(failure('reading the application'));
    if (!app) throw notFoundError(target.appId, target.tenant);
    const sp = await findServicePrincipal(graph, target.appId).catch(failure('reading the service principal'));
    const rows = [
      ...credentialRows('application', app.passwordCredentials ?? [], app.keyCredentials ?? [], deps.clock()),
      ...(sp ? credentialRows('servicePrincipal', sp.passwordCredentials ?? [], sp.keyCredentials ?? [], deps.clock()) : []),
    ];
    const row = rows.find((r) => r.keyId.toLowerCase() === keyId || r.pairedKeyId?.toLowerCase() === keyId);
    const application = { id: app.id, appId: app.appId, displayName: app.displayName };
    if (!row) {
      deps.interaction.notice(`No credential with key ID ${keyId} in ${appLabel(app)}${sp ? ' or its service principal' : ''}: already deleted (or never there). Nothing to do.`);
      return { application, keyId, deleted: false, alreadyDeleted: true, lastSignInDateTime: null, lastUsedFor: [], forced: [] };
    }
    const keyIds = [row.keyId, ...(row.pairedKeyId ? [row.pairedKeyId] : [])];
    step('found');
    if (row.origin === 'servicePrincipal' && row.type === 'certificate') {
      throw new ActionableError(`${keyId} is a certificate of the service principal of ${appLabel(app)}: secret delete does not remove service principal certificates.`,
        'Remove it in the Azure portal (Enterprise applications > the app) or with removeKey and a proof of possession.', EXIT_FAILURE);
    }

    const usage = await lastUse(graph, app.appId, keyIds, session, deps);
    describe(deps, app, row, usage);
    const forced = await refusals(deps, target, session, app, row, rows, request);
    await confirm(deps, app, row, request);
    step('confirmed');

    step('deleting');
    const deleted = await remove(graph, app, sp, row, keyIds).catch(failure('deleting the credential', WRITE_PERMISSION));
    step('deleted');
    if (!deleted) deps.interaction.notice(`${keyId} was no longer in ${appLabel(app)} when it was deleted: already deleted.`);
    return {
      application, keyId: row.keyId, deleted, alreadyDeleted: !deleted, credential: { ...row, keyIds },
      lastSignInDateTime: usage.last, lastUsedFor: usage.resources, forced,
    };
  } finally {
    session.close();
  }
}

interface LastUse {
  last: string | null;
  resources: string[];
  /** Why last sign-in / resources are unknown, when they are. */
  unknown?: string;
}

async function lastUse(graph: Client, appId: string, keyIds: string[], session: AdminSessionHandle, deps: AdminDeps): Promise<LastUse> {
  const unreadable = `${session.who} may not read the sign-in reports; it needs ${REPORT_PERMISSION}.`;
  let last: string | null = null;
  try {
    const byKey = await lastSignInByKey(graph, appId);
    if (!byKey) return { last: null, resources: [], unknown: unreadable };
    for (const [k, t] of byKey) if (keyIds.includes(k.toLowerCase()) && t && (!last || Date.parse(t) > Date.parse(last))) last = t;
  } catch {
    return { last: null, resources: [], unknown: 'the sign-in activity report could not be read now.' };
  }
  const resources: string[] = [];
  try {
    for (const keyId of keyIds) {
      let n = 0;
      for await (const s of listServicePrincipalSignIns(graph, { appId, keyId })) {
        const name = s.resourceDisplayName ?? s.resourceId;
        if (s.status.errorCode === 0 && name && !resources.includes(name)) resources.push(name);
        if (++n >= RECENT_SIGN_INS) break;
      }
    }
  } catch (err) {
    deps.interaction.notice(`What it was used for is unknown: ${isReportUnavailable(err) ? unreadable : 'the sign-in log could not be read now.'}`);
  }
  return { last, resources };
}

function describe(deps: AdminDeps, app: AppRegistration, row: CredentialRow, usage: LastUse): void {
  const kind = row.type === 'password' ? 'client secret' : `certificate${row.usage ? ` (${row.usage})` : ''}`;
  const owner = row.origin === 'servicePrincipal' ? `the service principal of ${appLabel(app)}` : appLabel(app);
  deps.interaction.notice([
    `To delete: the ${kind} '${row.name ?? '(no name)'}' of ${owner}`,
    `  key ID      ${row.keyId}${row.pairedKeyId ? ` and ${row.pairedKeyId} (its Sign entry)` : ''}`,
    ...(row.hint ? [`  hint        ${row.hint}…`] : []),
    `  ends        ${row.endDateTime ? `${formatTime(new Date(row.endDateTime))} (${row.status})` : 'never'}`,
    `  last used   ${usage.unknown ? `unknown: ${usage.unknown}` : usage.last ? formatTime(new Date(usage.last)) : 'never (as far as the sign-in report knows)'}`,
    ...(usage.resources.length ? [`  used for    ${usage.resources.join(', ')}`] : []),
  ].join('\n'));
}

/** Throws for what must not be deleted without --force; with it, warns and returns what was overridden. */
async function refusals(deps: AdminDeps, target: SecretsTarget, session: AdminSessionHandle, app: AppRegistration, row: CredentialRow, rows: CredentialRow[], request: DeleteSecretRequest): Promise<string[]> {
  const problems: { text: string; hint: string }[] = [];
  if (row.type === 'password') {
    const passwords = rows.filter((r) => r.type === 'password');
    const using = await profilesUsing(deps.profiles, { appId: app.appId, cloudName: target.cloudName, tenants: tenantNames(target.tenant, session.session) }, passwords, request.readSecret);
    const users = using.byKeyId.get(row.keyId.toLowerCase()) ?? [];
    if (users.length) {
      const names = users.map((u) => `'${u.profile}'${u.match === 'ambiguous' ? ' (maybe: its value has the same hint)' : ''}`).join(', ');
      const first = users[0]!.profile;
      problems.push({
        text: `local profile${users.length > 1 ? 's' : ''} ${names} ${users.length > 1 ? 'use' : 'uses'} this secret: deleting it breaks ${users.length > 1 ? 'them' : 'it'}`,
        hint: `Rotate it instead (a new secret replaces it in the profile, then the old one goes): entra-auth-cli secret rotate -p ${first}`,
      });
    }
  }
  const signsIn = (r: CredentialRow) => r.type === 'password' || r.usage !== 'Sign';
  if (row.status !== 'expired' && signsIn(row) && !rows.some((r) => r !== row && r.status !== 'expired' && signsIn(r))) {
    problems.push({
      text: `it is the last valid credential of ${appLabel(app)}: the app could no longer sign in`,
      hint: `Create its replacement first: entra-auth-cli secret create --app ${app.appId}`,
    });
  }
  if (!problems.length) return [];
  if (!request.force) {
    throw new ActionableError(`Not deleted: ${problems.map((p) => p.text).join('; and ')}.`,
      `${problems.map((p) => p.hint).join('\n  ')}\n  Or delete it anyway with --force.`, EXIT_FAILURE);
  }
  for (const p of problems) deps.interaction.warn(`--force: deleting although ${p.text}.`);
  return problems.map((p) => p.text);
}

async function confirm(deps: AdminDeps, app: AppRegistration, row: CredentialRow, request: DeleteSecretRequest): Promise<void> {
  if (request.yes) return;
  const what = `'${row.name ?? row.keyId}' of ${appLabel(app)}`;
  const ok = await deps.interaction.confirm({ flag: '--yes', message: `Delete ${what}? This cannot be undone`, default: false, why: `deleting ${what} needs a confirmation` });
  if (!ok) throw new ActionableError(`Nothing was deleted: ${what} is kept.`, undefined, EXIT_FAILURE);
}

/** The one Graph call; false when the credential was already gone. */
async function remove(graph: Client, app: AppRegistration, sp: ServicePrincipal | undefined, row: CredentialRow, keyIds: string[]): Promise<boolean> {
  if (row.type === 'certificate') return (await removeKeyCredentials(graph, app.id, keyIds)).length > 0;
  try {
    if (row.origin === 'servicePrincipal') await removeServicePrincipalPassword(graph, sp!.id, row.keyId);
    else await removePassword(graph, app.id, row.keyId);
    return true;
  } catch (err) {
    // Graph's answer for a keyId that is not (or no longer) there: it was deleted meanwhile.
    if (err instanceof GraphApiError && err.status === 400 && /no password credential found/i.test(err.message)) return false;
    throw err;
  }
}
