// Tenant content from a seed document (--seed FILE) or the built-in default, and the bootstrap app that
// administers the tenant. A secret given in a seed is hashed on load; the seed file itself is the user's.
import { readFileSync } from 'node:fs';
import { randomUUID, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { Tenant } from './tenant.ts';
import { GRAPH_APP_ID } from './microsoft-apps.ts';
import type { ApplicationRecord, KeyCredentialRecord } from './model.ts';
import { thumbprints } from '../tls/certificates.ts';

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date-time');

const SeedApp = z.object({
  displayName: z.string().min(1),
  appId: guid.optional(),
  id: guid.optional(),
  createdDateTime: isoDate.optional(),
  identifierUris: z.array(z.string()).optional(),
  signInAudience: z.string().optional(),
  requestedAccessTokenVersion: z.union([z.literal(1), z.literal(2)]).optional(),
  isFallbackPublicClient: z.boolean().optional(),
  publicClient: z.object({ redirectUris: z.array(z.string()) }).optional(),
  web: z.object({ redirectUris: z.array(z.string()) }).optional(),
  appRoles: z.array(z.object({ value: z.string().min(1), displayName: z.string().optional(), id: guid.optional() })).optional(),
  owners: z.array(z.string()).optional().describe('user principal names or object ids'),
  passwordCredentials: z.array(z.object({
    displayName: z.string().optional(),
    startDateTime: isoDate.optional(),
    endDateTime: isoDate.optional(),
    secretText: z.string().min(16).max(256).optional(),
  })).optional(),
  keyCredentials: z.array(z.object({
    certificate: z.string().includes('BEGIN CERTIFICATE', { message: 'expected a PEM certificate' }),
    displayName: z.string().optional(),
    endDateTime: isoDate.optional(),
  })).optional(),
  permissions: z.array(z.object({ resource: z.string(), roles: z.array(z.string()) })).optional(),
  servicePrincipal: z.object({ accountEnabled: z.boolean().optional() }).optional(),
  vaultRoles: z.array(z.object({ vault: z.string(), role: z.enum(['Key Vault Secrets Officer', 'Key Vault Secrets User']) })).optional(),
}).strict();

const SeedTenant = z.object({
  id: guid.optional(),
  domain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'expected a domain like contoso.onmicrosoft.com'),
  displayName: z.string().optional(),
  users: z.array(z.object({
    userPrincipalName: z.string().includes('@'),
    displayName: z.string().optional(),
    id: guid.optional(),
    roles: z.array(z.string()).optional(),
  }).strict()).optional(),
  applications: z.array(SeedApp).optional(),
  vaults: z.array(z.string().regex(/^[a-z0-9-]{3,24}$/i, 'vault names are 3-24 letters, digits or dashes')).optional(),
}).strict();

export const SeedDocument = z.union([z.object({ tenants: z.array(SeedTenant).min(1) }).strict(), SeedTenant]);
export type SeedDocument = z.infer<typeof SeedDocument>;
type SeedTenant = z.infer<typeof SeedTenant>;

export class SeedError extends Error {}

/** Reads and validates a seed file; errors name the file and the offending field. */
export function readSeedFile(path: string): SeedDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SeedError(`Cannot read seed file ${path}: ${(err as Error).message}`);
  }
  return parseSeed(raw, path);
}

export function parseSeed(raw: unknown, source = 'seed'): SeedDocument {
  const result = SeedDocument.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new SeedError(`Invalid ${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

export const DEFAULT_SEED: SeedDocument = {
  domain: 'contoso.onmicrosoft.com',
  displayName: 'Contoso (emulated)',
  users: [
    { userPrincipalName: 'admin@contoso.onmicrosoft.com', displayName: 'Ada Admin', roles: ['Application Administrator'] },
    { userPrincipalName: 'dev@contoso.onmicrosoft.com', displayName: 'Dev Developer', roles: [] },
  ],
  vaults: ['default'],
  applications: [
    {
      displayName: 'Contoso Orders API', identifierUris: ['api://contoso-orders'], requestedAccessTokenVersion: 2,
      appRoles: [{ value: 'Orders.Read.All', displayName: 'Read all orders' }], owners: ['dev@contoso.onmicrosoft.com'],
    },
    {
      displayName: 'Contoso Dev Tool', isFallbackPublicClient: true, publicClient: { redirectUris: ['http://localhost'] },
      owners: ['dev@contoso.onmicrosoft.com'],
    },
    {
      // A daemon that calls the Orders API: no secret yet (the demo creates one).
      displayName: 'Contoso Orders Worker', owners: ['dev@contoso.onmicrosoft.com'],
      permissions: [{ resource: 'api://contoso-orders', roles: ['Orders.Read.All'] }],
    },
  ],
};

/** Builds tenants from a seed document. */
export function tenantsFromSeed(doc: SeedDocument, now: Date): Tenant[] {
  const list = 'tenants' in doc ? doc.tenants : [doc];
  return list.map((t) => buildTenant(t, now));
}

function buildTenant(seed: SeedTenant, now: Date): Tenant {
  const tenant = Tenant.empty(seed.id?.toLowerCase() ?? randomUUID(), seed.domain.toLowerCase(), seed.displayName ?? seed.domain, now);
  for (const u of seed.users ?? []) tenant.addUser(u, now);
  for (const name of seed.vaults ?? ['default']) tenant.record.vaults.push({ name: name.toLowerCase(), roleAssignments: [] });
  for (const a of seed.applications ?? []) addSeedApp(tenant, a, now);
  return tenant;
}

function addSeedApp(tenant: Tenant, a: z.infer<typeof SeedApp>, now: Date): void {
  const owners = (a.owners ?? []).map((o) => {
    const user = tenant.userByIdOrUpn(o);
    if (!user) throw new SeedError(`Invalid seed: application '${a.displayName}' names owner '${o}', who is not a user of ${tenant.domain}`);
    return user.id;
  });
  const { app, sp } = tenant.addApplication({
    displayName: a.displayName, appId: a.appId?.toLowerCase(), id: a.id?.toLowerCase(), createdDateTime: a.createdDateTime,
    identifierUris: a.identifierUris, signInAudience: a.signInAudience, isFallbackPublicClient: a.isFallbackPublicClient,
    requestedAccessTokenVersion: a.requestedAccessTokenVersion ?? null,
    publicClientRedirectUris: a.publicClient?.redirectUris, webRedirectUris: a.web?.redirectUris,
    appRoles: (a.appRoles ?? []).map((r) => ({
      id: r.id ?? randomUUID(), value: r.value, displayName: r.displayName ?? r.value, description: r.displayName ?? r.value,
      allowedMemberTypes: ['Application'], isEnabled: true,
    })),
    owners,
  }, now);
  for (const p of a.passwordCredentials ?? []) {
    tenant.addPassword(app, {
      displayName: p.displayName ?? null, value: p.secretText,
      startDateTime: p.startDateTime ? new Date(p.startDateTime) : undefined,
      endDateTime: p.endDateTime ? new Date(p.endDateTime) : undefined,
    }, now);
  }
  for (const k of a.keyCredentials ?? []) tenant.addKeyCredential(app, keyCredentialFromPem(k.certificate, k.displayName ?? null, k.endDateTime));
  for (const p of a.permissions ?? []) {
    for (const r of p.roles) {
      try {
        tenant.grantAppRole(sp, p.resource, r, now);
      } catch (err) {
        throw new SeedError(`Invalid seed: application '${a.displayName}': ${(err as Error).message}`);
      }
    }
  }
  if (a.servicePrincipal?.accountEnabled === false) sp.accountEnabled = false;
  for (const vr of a.vaultRoles ?? []) grantVaultRole(tenant, vr.vault, sp.id, vr.role);
}

export function keyCredentialFromPem(certPem: string, displayName: string | null, endDateTime?: string): KeyCredentialRecord {
  const x = new X509Certificate(certPem);
  const { der, sha1 } = thumbprints(certPem);
  return {
    keyId: randomUUID(), displayName: displayName ?? x.subject.replace(/\n/g, ', '), customKeyIdentifier: sha1.toString('base64'),
    type: 'AsymmetricX509Cert', usage: 'Verify',
    startDateTime: new Date(x.validFrom).toISOString(), endDateTime: endDateTime ?? new Date(x.validTo).toISOString(),
    key: der.toString('base64'),
  };
}

export function grantVaultRole(tenant: Tenant, vaultName: string, principalId: string, role: string): void {
  let vault = tenant.record.vaults.find((v) => v.name === vaultName.toLowerCase());
  if (!vault) {
    vault = { name: vaultName.toLowerCase(), roleAssignments: [] };
    tenant.record.vaults.push(vault);
  }
  if (!vault.roleAssignments.some((r) => r.principalId === principalId && r.role === role)) vault.roleAssignments.push({ principalId, role });
}

// ---- the bootstrap app ---------------------------------------------------------------------------
export const BOOTSTRAP_TAG = 'entra-auth-cli:emulator-bootstrap';
export const BOOTSTRAP_ROLES = ['Application.ReadWrite.All', 'Policy.ReadWrite.ApplicationConfiguration', 'AuditLog.Read.All', 'Directory.Read.All'];

/**
 * Makes sure the tenant has the bootstrap app (Graph admin permissions + Key Vault Secrets Officer on the
 * default vault) and gives it a fresh secret, replacing the previous start's: the value is shown once, at start.
 */
export function rotateBootstrapSecret(tenant: Tenant, now: Date): { app: ApplicationRecord; clientSecret: string } {
  let app = tenant.record.applications.find((a) => a.tags.includes(BOOTSTRAP_TAG));
  if (!app) {
    const created = tenant.addApplication({ displayName: 'entra-auth-cli emulator bootstrap' }, now);
    app = created.app;
    app.tags.push(BOOTSTRAP_TAG);
    for (const r of BOOTSTRAP_ROLES) tenant.grantAppRole(created.sp, GRAPH_APP_ID, r, now);
    grantVaultRole(tenant, tenant.record.vaults[0]?.name ?? 'default', created.sp.id, 'Key Vault Secrets Officer');
  }
  for (const c of [...app.passwordCredentials]) if (c.displayName === 'emulator bootstrap') tenant.removePassword(app, c.keyId);
  const { secretText } = tenant.addPassword(app, { displayName: 'emulator bootstrap' }, now);
  return { app, clientSecret: secretText };
}
