// The admin sessions `login` leaves behind for secret management: who signed in to Microsoft Graph, for which
// cloud and tenant, with which client. No secrets here (admin-sessions.json, 0600 in the 0700 config dir,
// written atomically under a lock): a service principal's secret or certificate password is in the secret
// store under adminSecretKey.*, and the tokens are in an encrypted MSAL cache per session
// (<cache>/admin/tokens/admin~<id>.cache, its key in the secret store), like a profile's.
// settings.json (same dir) may set {"adminClientId": "..."}: the public client used for admin sign-ins.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDirLock } from '../shared/dir-lock.ts';
import type { CustomCloud } from '../core/profile.ts';
import { readJsonDocument, writeJsonDocument } from '../shared/json-document.ts';
import { ActionableError } from '../core/actionable-error.ts';

export const ADMIN_SESSIONS_SCHEMA_VERSION = 1;

/** Microsoft Graph PowerShell ("Microsoft Graph Command Line Tools"): a public client in every tenant. */
export const DEFAULT_ADMIN_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

export interface AdminSession {
  /** Stable per cloud + tenant as given: `${cloudKey}|${tenant}` hashed. */
  id: string;
  /** public | usgov | china | local | custom:<authority host>: which sign-in service. */
  cloudKey: string;
  /** The authority host and Graph URL at sign-in (for a local emulator they follow the running one). */
  authorityHost: string;
  graphUrl: string;
  /** The tenant as given (GUID, domain, or organizations). */
  tenant: string;
  /** The tenant ID from the token. */
  tenantId?: string;
  /** The tenant's domain when known (the local emulator says it), so a profile naming it finds the session. */
  tenantDomain?: string;
  /** cloudKey custom:...: the endpoints, as a profile of that cloud has them. */
  custom?: CustomCloud;
  kind: 'user' | 'service-principal';
  /** The public client (user) or the service principal's app ID. */
  clientId: string;
  /** user: UPN; service principal: app display name when the token says it. */
  name?: string;
  homeAccountId?: string;
  /**
   * Service principals: how they prove themselves. The secret / password live in the secret store under `key`
   * (a fresh key per sign-in, so a new value never overwrites the one the saved session reads); sessions saved
   * before keys were recorded use adminSecretKey's per-session key.
   */
  credential?: { kind: 'secret'; key?: string } | { kind: 'certificate'; path: string; format: 'pem' | 'pfx'; hasPassword: boolean; key?: string };
  signedInAt: string;
}

export interface AdminSessionsDocument {
  schemaVersion: number;
  /** The session used when a command names no tenant (the last login). */
  current: string | null;
  sessions: Record<string, AdminSession>;
}

export const adminSecretKey = {
  clientSecret: (id: string) => `admin/${id}/client-secret`,
  certificatePassword: (id: string) => `admin/${id}/certificate-password`,
  /** A fresh key for a new sign-in's value (id: a random suffix). */
  fresh: (id: string, what: 'client-secret' | 'certificate-password', suffix: string) => `admin/${id}/${what}/${suffix}`,
};

/** Where a service principal session's secret or certificate password is (undefined: it keeps none). */
export function adminCredentialKey(s: Pick<AdminSession, 'id' | 'credential'>): string | undefined {
  const c = s.credential;
  if (c?.kind === 'secret') return c.key ?? adminSecretKey.clientSecret(s.id);
  if (c?.kind === 'certificate' && c.hasPassword) return c.key ?? adminSecretKey.certificatePassword(s.id);
  return undefined;
}

/** The MSAL cache of a session, as TokenCachePlugin names it: '~' cannot occur in a profile name. */
export function adminCacheName(id: string): string {
  return `admin~${id}`;
}

export function adminCacheDir(cacheDir: string): string {
  return join(cacheDir, 'admin');
}

export function sessionId(cloudKey: string, tenant: string): string {
  return createHash('sha256').update(`${cloudKey.toLowerCase()}|${tenant.toLowerCase()}`).digest('hex').slice(0, 16);
}

export class AdminSessionsFileError extends ActionableError {
  constructor(readonly path: string, reason: string) {
    super(`The admin sessions file ${path} cannot be used: ${reason}. It was left untouched; move it away and sign in again.`);
  }
}

export class AdminSessionStore {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, 'admin-sessions.json');
  }

  read(): AdminSessionsDocument {
    return readJsonDocument<AdminSessionsDocument>({
      path: this.path, what: 'entra-auth-cli admin sessions file', schemaVersion: ADMIN_SESSIONS_SCHEMA_VERSION,
      empty: () => ({ schemaVersion: ADMIN_SESSIONS_SCHEMA_VERSION, current: null, sessions: {} }),
      shapeOk: isSessionsDocument,
      fail: (reason) => new AdminSessionsFileError(this.path, reason),
    });
  }

  /** The saved session `id` as the file holds it now: how `login` checks its session really was written. */
  readBack(id: string): AdminSession | undefined {
    const doc = this.read();
    return Object.hasOwn(doc.sessions, id) ? doc.sessions[id] : undefined;
  }

  /** The session for this cloud and tenant (as given, or its tenant ID), else undefined. */
  find(cloudKey: string, tenant: string): AdminSession | undefined {
    const t = tenant.toLowerCase();
    const doc = this.read();
    return Object.values(doc.sessions)
      .filter((s) => s.cloudKey === cloudKey && (s.tenant.toLowerCase() === t || s.tenantId?.toLowerCase() === t || s.tenantDomain?.toLowerCase() === t))
      // The current session first, then the most recent sign-in.
      .sort((a, b) => Number(b.id === doc.current) - Number(a.id === doc.current) || b.signedInAt.localeCompare(a.signedInAt))[0];
  }

  current(): AdminSession | undefined {
    const doc = this.read();
    return doc.current ? doc.sessions[doc.current] : undefined;
  }

  async update<T>(change: (doc: AdminSessionsDocument) => T): Promise<T> {
    return withDirLock(this.dir, 'admin-sessions.lock', () => {
      const doc = this.read();
      const result = change(doc);
      writeJsonDocument(this.path, doc);
      return result;
    });
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One session as this version writes it (optional fields, when there, of the right type). */
function isSession(id: string, s: unknown): boolean {
  if (!isPlainObject(s)) return false;
  const optional = (k: string) => s[k] === undefined || isString(s[k]);
  return s.id === id && ['cloudKey', 'authorityHost', 'graphUrl', 'tenant', 'clientId', 'signedInAt'].every((k) => isString(s[k]))
    && (s.kind === 'user' || s.kind === 'service-principal')
    && ['tenantId', 'tenantDomain', 'name', 'homeAccountId'].every(optional)
    && (s.custom === undefined || isPlainObject(s.custom))
    && (s.credential === undefined || (isPlainObject(s.credential) && (s.credential.kind === 'secret' || s.credential.kind === 'certificate')));
}

/**
 * The whole document's shape, so a file this version did not write (an empty list, a session under another
 * name, a current session that is not there) is refused rather than read as "no sessions" and overwritten:
 * `sessions` an object of well-formed sessions keyed by their id, `current` null or one of them.
 */
function isSessionsDocument(d: Record<string, unknown>): boolean {
  const sessions = d.sessions;
  if (!isPlainObject(sessions) || Object.getPrototypeOf(sessions) !== Object.prototype) return false;
  if (!Object.entries(sessions).every(([id, s]) => isSession(id, s))) return false;
  return d.current === null || (isString(d.current) && Object.hasOwn(sessions, d.current));
}

/** settings.json in the config dir: { "adminClientId": "<guid>" }. Missing or unreadable: no settings. */
export function readSettings(configDir: string): { adminClientId?: string } {
  try {
    const doc = JSON.parse(readFileSync(join(configDir, 'settings.json'), 'utf8')) as { adminClientId?: unknown };
    return typeof doc.adminClientId === 'string' ? { adminClientId: doc.adminClientId } : {};
  } catch {
    return {};
  }
}

export function settingsPath(configDir: string): string {
  return join(configDir, 'settings.json');
}
