// Listing an app's credentials (issue 10, item 1; docs/lifecycle.md "secret list"):
//
//   listSecrets(deps, target, request) -> SecretListing
//     target:  { appId, tenant, cloud, cloudName? }  (app/admin/target.ts resolveTarget: -p, --app with
//              --tenant/--cloud or the current admin session)
//     request: { servicePrincipal?, readSecret, deviceCode?, browser?, adminClientId? }
//   Opens the admin session as secret create does (the cached one; a sign-in only with a person at a
//   terminal or --device-code; else the error naming `entra-auth-cli login`), reads the app's password and
//   key credentials (and its service principal's with `servicePrincipal`), which local profiles use each
//   (profiles-using.ts), and when each key last signed in (Graph's beta sign-in activity report; when it
//   cannot be read, `signInActivity` says why and the column stays empty). No value is ever returned.
import type { Client } from '@microsoft/microsoft-graph-client';
import { credentialRows, sortByEnd, type CredentialRow } from '../../core/credential-rows.ts';
import { findApplication } from '../../entra/graph/applications.ts';
import { lastSignInByKey } from '../../entra/graph/reports.ts';
import { findServicePrincipal } from '../../entra/graph/service-principals.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { notSignedInError, openAdminSession, type AdminSessionHandle, type AdminTarget } from '../admin/session.ts';
import { notFoundError } from './errors.ts';
import { lifecycleGraphError } from './graph-errors.ts';
import { profilesUsing, tenantNames, type ProfileSecretReader, type ProfileUse } from './profiles-using.ts';

export interface SecretsTarget extends AdminTarget {
  appId: string;
}

export interface AdminSignInFlags {
  deviceCode?: boolean;
  browser?: boolean;
  adminClientId?: string;
}

export interface ListSecretsRequest extends AdminSignInFlags {
  /** Also the credentials of the app's service principal in this tenant. */
  servicePrincipal?: boolean;
  /** Reads a profile's value to match it by hint (profiles-using.ts profileSecretReader). */
  readSecret: ProfileSecretReader;
}

export interface ListedCredential extends CredentialRow {
  /** The local profiles that use it. */
  profiles: ProfileUse[];
  /** When it last signed in; null when it never did, or when the report cannot be read (signInActivity says). */
  lastSignInDateTime: string | null;
}

export interface SecretListing {
  application: { id: string; appId: string; displayName: string };
  /** The service principal's object id, when asked for and there is one. */
  servicePrincipalId: string | null;
  credentials: ListedCredential[];
  signInActivity: { readable: true } | { readable: false; why: string };
  /** Profiles whose recorded credential is no longer in the app. */
  profilesOnGoneCredentials: { profile: string; keyId: string }[];
}

export const READ_PERMISSION = 'Application.Read.All (or Application.ReadWrite.All, Directory.Read.All)';
export const REPORT_PERMISSION = 'AuditLog.Read.All (and, in a real tenant, a Microsoft Entra ID P1 or P2 licence)';

export async function listSecrets(deps: AdminDeps, target: SecretsTarget, request: ListSecretsRequest): Promise<SecretListing> {
  const session = await openLifecycleSession(deps, target, request, "to list an app's secrets");
  try {
    const graph = await session.graph();
    const now = deps.clock();
    const fail = (doing: string) => (err: unknown) => { throw lifecycleGraphError(err, { app: { appId: target.appId }, who: session.who, tenant: target.tenant, doing, needs: READ_PERMISSION }); };
    const app = await findApplication(graph, target.appId).catch(fail('reading the application'));
    if (!app) throw notFoundError(target.appId, target.tenant);
    const rows = credentialRows('application', app.passwordCredentials ?? [], app.keyCredentials ?? [], now);
    let servicePrincipalId: string | null = null;
    if (request.servicePrincipal) {
      const sp = await findServicePrincipal(graph, target.appId).catch(fail('reading the service principal'));
      if (sp) {
        servicePrincipalId = sp.id;
        rows.push(...credentialRows('servicePrincipal', sp.passwordCredentials ?? [], sp.keyCredentials ?? [], now));
      } else {
        deps.interaction.notice(`${app.displayName} has no service principal in tenant '${target.tenant}': only the app's credentials are listed.`);
      }
    }
    const passwords = rows.filter((r) => r.type === 'password');
    const using = await profilesUsing(deps.profiles, { appId: app.appId, cloudName: target.cloudName, tenants: tenantNames(target.tenant, session.session) }, passwords, request.readSecret);
    const activity = await readLastSignIns(graph, app.appId, session);
    const credentials = sortByEnd(rows.map((r): ListedCredential => ({
      ...r,
      profiles: using.byKeyId.get(r.keyId.toLowerCase()) ?? [],
      lastSignInDateTime: activity.byKey ? latest(activity.byKey, [r.keyId, r.pairedKeyId]) : null,
    })));
    return {
      application: { id: app.id, appId: app.appId, displayName: app.displayName }, servicePrincipalId, credentials,
      signInActivity: activity.byKey ? { readable: true } : { readable: false, why: activity.why! }, profilesOnGoneCredentials: using.gone,
    };
  } finally {
    session.close();
  }
}

/** The admin session for a lifecycle command: cached, or a sign-in when a person is there (or --device-code). */
export async function openLifecycleSession(deps: AdminDeps, target: AdminTarget, flags: AdminSignInFlags, purpose: string): Promise<AdminSessionHandle> {
  const allowSignIn = deps.interaction.interactive || Boolean(flags.deviceCode);
  const session = await openAdminSession(deps, target, allowSignIn
    ? { deviceCode: flags.deviceCode, browser: flags.browser, adminClientId: flags.adminClientId, notice: true }
    : undefined);
  if (!session) throw notSignedInError(target, purpose);
  try {
    // The token first: a sign-in problem is reported as such, not as whatever Graph's client makes of it.
    await session.graphToken();
  } catch (err) {
    session.close();
    throw err;
  }
  return session;
}

async function readLastSignIns(graph: Client, appId: string, session: AdminSessionHandle): Promise<{ byKey?: Map<string, string | null>; why?: string }> {
  try {
    const byKey = await lastSignInByKey(graph, appId);
    if (byKey) return { byKey: new Map([...byKey].map(([k, v]) => [k.toLowerCase(), v])) };
  } catch {
    // Any other failure of the report (throttled, a server error) leaves the column empty, as "not readable".
    return { why: `the sign-in activity report could not be read now; the last sign-in column is empty.` };
  }
  return { why: `${session.who} may not read the sign-in activity report; the last sign-in column is empty. It needs ${REPORT_PERMISSION}.` };
}

function latest(byKey: Map<string, string | null>, keyIds: (string | null)[]): string | null {
  let best: string | null = null;
  for (const k of keyIds) {
    const t = k ? byKey.get(k.toLowerCase()) : null;
    if (t && (!best || Date.parse(t) > Date.parse(best))) best = t;
  }
  return best;
}
