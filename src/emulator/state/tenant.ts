// One emulated tenant: its records plus the indexes that keep lookups O(1) at 100,000 apps.
// All mutations of the directory go through here so the indexes can never drift from the records.
import { randomUUID } from 'node:crypto';
import type {
  ApplicationRecord, ServicePrincipalRecord, UserRecord, TenantRecord, PasswordCredentialRecord,
  SignInEvent, DelegatedGrantRecord, KeyCredentialRecord, DirectoryAuditRecord, DeletedItemRecord,
} from './model.ts';
import { MICROSOFT_APPS, MICROSOFT_TENANT_ID, microsoftAppById, type MicrosoftApp } from './microsoft-apps.ts';
import { generateSecretValue, hashSecret } from './secrets.ts';
import { noteSignInActivity } from './sign-in-activity.ts';
import { ChangeTracker } from './changes.ts';

/** Keep the sign-in log bounded: the oldest events fall off, as a log with retention does. */
const MAX_SIGN_INS = 50_000;
const MAX_AUDITS = 50_000;
const DELETED_ITEM_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface NewApplication {
  displayName: string;
  appId?: string;
  id?: string;
  createdDateTime?: string;
  signInAudience?: string;
  identifierUris?: string[];
  publicClientRedirectUris?: string[];
  webRedirectUris?: string[];
  isFallbackPublicClient?: boolean;
  requestedAccessTokenVersion?: number | null;
  appRoles?: ApplicationRecord['appRoles'];
  owners?: string[];
  /** Seeds and the portal create a service principal with the app; Graph's POST /applications does not. */
  withServicePrincipal?: boolean;
  /** Object id of that service principal (synthetic tenants make it deterministic); random when absent. */
  servicePrincipalId?: string;
}

/** What a token can be issued for: a Microsoft API or one of the tenant's own apps. */
export interface ResolvedResource {
  appId: string;
  displayName: string;
  servicePrincipal: ServicePrincipalRecord;
  appRoles: { id: string; value: string }[];
  scopes: { id: string; value: string }[];
  tokenVersion: 1 | 2;
}

export class Tenant {
  readonly record: TenantRecord;
  /** Sequence numbers and removals for delta queries. */
  readonly changes: ChangeTracker;
  private appsById = new Map<string, ApplicationRecord>();
  private appsByAppId = new Map<string, ApplicationRecord>();
  private appsByUri = new Map<string, ApplicationRecord>();
  private spsById = new Map<string, ServicePrincipalRecord>();
  private spsByAppId = new Map<string, ServicePrincipalRecord>();
  private usersById = new Map<string, UserRecord>();
  private usersByUpn = new Map<string, UserRecord>();

  constructor(record: TenantRecord) {
    this.record = record;
    this.changes = new ChangeTracker(record.changes ??= ChangeTracker.fresh());
    for (const a of record.applications) this.indexApp(a);
    for (const s of record.servicePrincipals) this.indexSp(s);
    for (const u of record.users) this.indexUser(u);
    for (const m of MICROSOFT_APPS) this.ensureMicrosoftSp(m);
  }

  static empty(id: string, domain: string, displayName: string, now: Date): Tenant {
    return new Tenant({
      id, domain, displayName, createdDateTime: now.toISOString(), users: [], applications: [], servicePrincipals: [],
      delegatedGrants: [], vaults: [], signIns: [],
    });
  }

  get id(): string { return this.record.id; }
  get domain(): string { return this.record.domain; }

  // ---- lookups -------------------------------------------------------------------------------
  applicationByAppId(appId: string): ApplicationRecord | undefined { return this.appsByAppId.get(appId.toLowerCase()); }
  applicationById(id: string): ApplicationRecord | undefined { return this.appsById.get(id.toLowerCase()); }
  servicePrincipalByAppId(appId: string): ServicePrincipalRecord | undefined { return this.spsByAppId.get(appId.toLowerCase()); }
  servicePrincipalById(id: string): ServicePrincipalRecord | undefined { return this.spsById.get(id.toLowerCase()); }
  /** uniqueName is rare and set only by upserts: a scan is cheap enough and needs no index to keep. */
  applicationByUniqueName(name: string): ApplicationRecord | undefined {
    return this.record.applications.find((a) => a.uniqueName !== undefined && a.uniqueName.toLowerCase() === name.toLowerCase());
  }
  userById(id: string): UserRecord | undefined { return this.usersById.get(id.toLowerCase()); }
  userByUpn(upn: string): UserRecord | undefined { return this.usersByUpn.get(upn.toLowerCase()); }
  userByIdOrUpn(key: string): UserRecord | undefined { return this.userById(key) ?? this.userByUpn(key); }

  /** Resolves a scope's resource part (identifier URI or appId) to the API it names, if any. */
  resolveResource(identifier: string): ResolvedResource | undefined {
    const key = identifier.toLowerCase();
    const ms = MICROSOFT_APPS.find((m) => m.appId === key || m.identifierUris.some((u) => u.toLowerCase() === key));
    if (ms) {
      return {
        appId: ms.appId, displayName: ms.displayName, servicePrincipal: this.ensureMicrosoftSp(ms),
        appRoles: ms.appRoles, scopes: ms.scopes, tokenVersion: ms.tokenVersion,
      };
    }
    const app = this.appsByAppId.get(key) ?? this.appByIdentifierUri(key);
    if (!app) return undefined;
    const sp = this.spsByAppId.get(app.appId);
    if (!sp) return undefined;
    return {
      appId: app.appId, displayName: app.displayName, servicePrincipal: sp,
      appRoles: app.appRoles, scopes: app.api.oauth2PermissionScopes,
      // Our own APIs get v2 tokens unless the app asks for v1 (the emulator's documented default).
      tokenVersion: app.api.requestedAccessTokenVersion === 1 ? 1 : 2,
    };
  }

  /** Redirect URIs and public-client flag of a client, whether it is the tenant's app or a Microsoft one. */
  clientRegistration(appId: string): { displayName: string; redirectUris: string[]; isPublic: boolean; app?: ApplicationRecord; microsoft?: MicrosoftApp } | undefined {
    const app = this.applicationByAppId(appId);
    if (app) {
      return {
        displayName: app.displayName, app,
        redirectUris: [...app.publicClient.redirectUris, ...app.web.redirectUris, ...app.spa.redirectUris],
        isPublic: app.isFallbackPublicClient || app.publicClient.redirectUris.length > 0,
      };
    }
    const ms = microsoftAppById(appId.toLowerCase());
    if (ms?.publicClient) return { displayName: ms.displayName, redirectUris: ms.publicClient.redirectUris, isPublic: true, microsoft: ms };
    return undefined;
  }

  // ---- mutations -----------------------------------------------------------------------------
  addUser(input: { userPrincipalName: string; displayName?: string; roles?: string[]; id?: string }, now: Date): UserRecord {
    const user: UserRecord = {
      id: input.id ?? randomUUID(),
      userPrincipalName: input.userPrincipalName,
      displayName: input.displayName ?? input.userPrincipalName.split('@')[0]!,
      mail: input.userPrincipalName,
      accountEnabled: true,
      roles: input.roles ?? [],
      createdDateTime: now.toISOString(),
    };
    this.record.users.push(user);
    this.indexUser(user);
    return user;
  }

  addApplication(input: NewApplication & { withServicePrincipal: false }, now: Date): { app: ApplicationRecord; sp: undefined };
  addApplication(input: NewApplication, now: Date): { app: ApplicationRecord; sp: ServicePrincipalRecord };
  addApplication(input: NewApplication, now: Date): { app: ApplicationRecord; sp: ServicePrincipalRecord | undefined } {
    const app: ApplicationRecord = {
      id: input.id ?? randomUUID(),
      appId: input.appId ?? randomUUID(),
      displayName: input.displayName,
      description: null,
      createdDateTime: input.createdDateTime ?? now.toISOString(),
      signInAudience: input.signInAudience ?? 'AzureADMyOrg',
      identifierUris: input.identifierUris ?? [],
      tags: [],
      notes: null,
      isFallbackPublicClient: input.isFallbackPublicClient ?? false,
      api: { requestedAccessTokenVersion: input.requestedAccessTokenVersion ?? null, oauth2PermissionScopes: [] },
      appRoles: input.appRoles ?? [],
      requiredResourceAccess: [],
      web: { redirectUris: input.webRedirectUris ?? [] },
      publicClient: { redirectUris: input.publicClientRedirectUris ?? [] },
      spa: { redirectUris: [] },
      passwordCredentials: [],
      keyCredentials: [],
      owners: input.owners ?? [],
    };
    this.record.applications.push(app);
    this.indexApp(app);
    this.changes.touch(app);
    const sp = input.withServicePrincipal === false ? undefined : this.addServicePrincipal(app.appId, app.displayName, this.id, now, input.servicePrincipalId);
    return { app, sp };
  }

  /** Deletes an application and its service principal (Graph soft-deletes; we drop them). */
  removeApplication(app: ApplicationRecord): void {
    this.record.applications = this.record.applications.filter((a) => a !== app);
    this.appsById.delete(app.id.toLowerCase());
    this.appsByAppId.delete(app.appId.toLowerCase());
    this.changes.removed('application', app.id, 'changed', new Date());
    const sp = this.spsByAppId.get(app.appId.toLowerCase());
    if (sp) this.removeServicePrincipal(sp);
    for (const p of this.record.appManagementPolicies ?? []) p.appliesTo = p.appliesTo.filter((id) => id !== app.id);
  }

  removeServicePrincipal(sp: ServicePrincipalRecord): void {
    this.record.servicePrincipals = this.record.servicePrincipals.filter((s) => s !== sp);
    this.spsById.delete(sp.id.toLowerCase());
    this.spsByAppId.delete(sp.appId.toLowerCase());
    this.record.delegatedGrants = this.record.delegatedGrants.filter((g) => g.clientId !== sp.id && g.resourceId !== sp.id);
    this.changes.removed('servicePrincipal', sp.id, 'changed', new Date());
    for (const a of this.record.applications) if (a.owners.includes(sp.id)) { a.owners = a.owners.filter((o) => o !== sp.id); this.changes.touch(a); }
  }

  addServicePrincipal(appId: string, displayName: string, ownerTenant: string, now: Date, id: string = randomUUID()): ServicePrincipalRecord {
    const sp: ServicePrincipalRecord = {
      id, appId, displayName, accountEnabled: true, servicePrincipalType: 'Application',
      servicePrincipalNames: [appId], appOwnerOrganizationId: ownerTenant, appRoleAssignmentRequired: false, tags: [],
      createdDateTime: now.toISOString(), appRoleAssignments: [], passwordCredentials: [], keyCredentials: [],
    };
    this.record.servicePrincipals.push(sp);
    this.indexSp(sp);
    this.changes.touch(sp);
    return sp;
  }

  /** Adds a generated secret to an app and returns its value: the only time the value exists in clear. */
  addPassword(app: { passwordCredentials: PasswordCredentialRecord[] }, opts: { displayName?: string | null; startDateTime?: Date; endDateTime?: Date; value?: string }, now: Date): { credential: PasswordCredentialRecord; secretText: string } {
    const secretText = opts.value ?? generateSecretValue();
    const { hint, salt, hash } = hashSecret(secretText);
    const start = opts.startDateTime ?? now;
    const end = opts.endDateTime ?? new Date(new Date(start).setUTCFullYear(start.getUTCFullYear() + 2)); // 2 calendar years, as Graph
    const credential: PasswordCredentialRecord = {
      keyId: randomUUID(), displayName: opts.displayName ?? null, customKeyIdentifier: null,
      startDateTime: start.toISOString(), endDateTime: end.toISOString(), hint, secretHash: hash, secretSalt: salt,
    };
    app.passwordCredentials.push(credential);
    return { credential, secretText };
  }

  removePassword(app: { passwordCredentials: PasswordCredentialRecord[] }, keyId: string): boolean {
    // In place: callers may hold a view of the same array (graph/credentials.ts).
    const i = app.passwordCredentials.findIndex((c) => c.keyId === keyId);
    if (i < 0) return false;
    app.passwordCredentials.splice(i, 1);
    return true;
  }

  addKeyCredential(app: { keyCredentials: KeyCredentialRecord[] }, cred: KeyCredentialRecord): void {
    app.keyCredentials.push(cred);
  }

  /** Grants an application permission (app role) of `resourceAppId` to the client's service principal. */
  grantAppRole(client: ServicePrincipalRecord, resourceAppId: string, roleValue: string, now: Date): void {
    const resource = this.resolveResource(resourceAppId);
    const role = resource?.appRoles.find((r) => r.value === roleValue);
    if (!resource || !role) throw new Error(`Unknown app role '${roleValue}' on resource ${resourceAppId}`);
    if (client.appRoleAssignments.some((a) => a.resourceId === resource.servicePrincipal.id && a.appRoleId === role.id)) return;
    client.appRoleAssignments.push({ id: randomUUID(), resourceId: resource.servicePrincipal.id, appRoleId: role.id, createdDateTime: now.toISOString() });
  }

  /** The app-role values granted to `client` on `resource` (the `roles` claim). */
  grantedRoles(client: ServicePrincipalRecord, resource: ResolvedResource): string[] {
    const ids = new Set(client.appRoleAssignments.filter((a) => a.resourceId === resource.servicePrincipal.id).map((a) => a.appRoleId));
    return resource.appRoles.filter((r) => ids.has(r.id)).map((r) => r.value);
  }

  /** Delegated scopes consented for (client, resource), for everyone or for this user. */
  consentedScopes(clientSpId: string, resourceSpId: string, userId: string): Set<string> {
    const out = new Set<string>();
    for (const g of this.record.delegatedGrants) {
      if (g.clientId !== clientSpId || g.resourceId !== resourceSpId) continue;
      if (g.consentType === 'Principal' && g.principalId !== userId) continue;
      for (const s of g.scope.split(' ')) if (s) out.add(s);
    }
    return out;
  }

  /** Records a user's consent to `scopes` (merging into their existing grant). */
  consent(clientSpId: string, resourceSpId: string, userId: string | null, scopes: string[]): void {
    const consentType = userId ? 'Principal' : 'AllPrincipals';
    let grant = this.record.delegatedGrants.find((g) => g.clientId === clientSpId && g.resourceId === resourceSpId && g.principalId === userId);
    if (!grant) {
      grant = { id: randomUUID(), clientId: clientSpId, resourceId: resourceSpId, consentType, principalId: userId, scope: '' } satisfies DelegatedGrantRecord;
      this.record.delegatedGrants.push(grant);
    }
    const merged = new Set([...grant.scope.split(' ').filter(Boolean), ...scopes]);
    grant.scope = [...merged].join(' ');
  }

  recordSignIn(event: Omit<SignInEvent, 'id'>): void {
    const recorded: SignInEvent = { id: randomUUID(), ...event };
    this.record.signIns.push(recorded);
    noteSignInActivity(this.record, recorded, {
      application: (appId) => this.applicationByAppId(appId), servicePrincipal: (appId) => this.servicePrincipalByAppId(appId),
      servicePrincipalById: (id) => this.servicePrincipalById(id),
    });
    // Trim in batches: one splice per 5,000 requests, not one per request once the log is full.
    if (this.record.signIns.length > MAX_SIGN_INS + 5_000) this.record.signIns.splice(0, this.record.signIns.length - MAX_SIGN_INS);
  }

  // ---- deleted items: Graph keeps a deleted application or service principal for 30 days ----------
  /** Deletes an application and its service principal into deletedItems, from where they can be restored. */
  softDeleteApplication(app: ApplicationRecord, now: Date): void {
    const sp = this.spsByAppId.get(app.appId.toLowerCase());
    this.removeApplication(app);
    const items = (this.record.deletedItems ??= []);
    items.push({ kind: 'application', deletedDateTime: now.toISOString(), application: app });
    if (sp) items.push({ kind: 'servicePrincipal', deletedDateTime: now.toISOString(), servicePrincipal: sp });
  }

  softDeleteServicePrincipal(sp: ServicePrincipalRecord, now: Date): void {
    this.removeServicePrincipal(sp);
    (this.record.deletedItems ??= []).push({ kind: 'servicePrincipal', deletedDateTime: now.toISOString(), servicePrincipal: sp });
  }

  /** The deleted items still within their 30 days; older ones are purged here, as Entra purges them. */
  deletedItems(now: Date): DeletedItemRecord[] {
    const cutoff = now.getTime() - DELETED_ITEM_RETENTION_MS;
    const items = this.record.deletedItems ?? [];
    if (items.some((d) => Date.parse(d.deletedDateTime) < cutoff)) this.record.deletedItems = items.filter((d) => Date.parse(d.deletedDateTime) >= cutoff);
    return this.record.deletedItems ?? [];
  }

  /** Brings a deleted object back, with its credentials, owners and (for a service principal) its app role assignments. */
  restoreDeleted(item: DeletedItemRecord): void {
    this.purgeDeleted(item);
    if (item.kind === 'application') {
      this.record.applications.push(item.application);
      this.indexApp(item.application);
    } else {
      this.record.servicePrincipals.push(item.servicePrincipal);
      this.indexSp(item.servicePrincipal);
    }
  }

  purgeDeleted(item: DeletedItemRecord): void {
    this.record.deletedItems = (this.record.deletedItems ?? []).filter((d) => d !== item);
  }

  recordAudit(entry: DirectoryAuditRecord): void {
    const audits = (this.record.directoryAudits ??= []);
    audits.push(entry);
    if (audits.length > MAX_AUDITS + 5_000) audits.splice(0, audits.length - MAX_AUDITS);
  }

  // ---- internals -----------------------------------------------------------------------------
  private ensureMicrosoftSp(m: MicrosoftApp): ServicePrincipalRecord {
    const existing = this.spsByAppId.get(m.appId);
    if (existing) return existing;
    const sp = this.addServicePrincipal(m.appId, m.displayName, MICROSOFT_TENANT_ID, new Date(this.record.createdDateTime));
    sp.servicePrincipalNames = [m.appId, ...m.identifierUris.filter((u) => !u.endsWith('/'))];
    return sp;
  }

  private indexApp(a: ApplicationRecord): void {
    this.appsById.set(a.id.toLowerCase(), a);
    this.appsByAppId.set(a.appId.toLowerCase(), a);
    for (const u of a.identifierUris) this.appsByUri.set(normalizeUri(u), a);
  }

  /**
   * identifierUris can change through PATCH without passing here, so an index hit is checked against the
   * app's current URIs, and a miss falls back to one scan that re-indexes what it finds.
   */
  private appByIdentifierUri(uri: string): ApplicationRecord | undefined {
    const key = normalizeUri(uri);
    const owns = (a: ApplicationRecord) => this.appsById.get(a.id.toLowerCase()) === a && a.identifierUris.some((u) => normalizeUri(u) === key);
    const hit = this.appsByUri.get(key);
    if (hit && owns(hit)) return hit;
    const found = this.record.applications.find(owns);
    if (found) this.appsByUri.set(key, found);
    else this.appsByUri.delete(key);
    return found;
  }
  private indexSp(s: ServicePrincipalRecord): void {
    this.spsById.set(s.id.toLowerCase(), s);
    this.spsByAppId.set(s.appId.toLowerCase(), s);
  }
  private indexUser(u: UserRecord): void {
    this.usersById.set(u.id.toLowerCase(), u);
    this.usersByUpn.set(u.userPrincipalName.toLowerCase(), u);
  }
}

function normalizeUri(u: string): string {
  return u.toLowerCase().replace(/\/$/, '');
}
