// Test helpers for the emulated Microsoft Graph: app-only tokens for an app with chosen Graph roles (made
// in-process, token fetched over HTTPS), user tokens via authorize (login_hint) -> code + PKCE -> token, and a
// small Graph request helper, plus an assertion for Graph's error body shape.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { postForm, request, tokenUrl, type RawResponse } from './emulator.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import type { ApplicationRecord, ServicePrincipalRecord } from '../../src/emulator/state/model.ts';
import { GRAPH_APP_ID } from '../../src/emulator/state/microsoft-apps.ts';

export const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';
export const ADMIN = 'admin@contoso.onmicrosoft.com';
export const DEV = 'dev@contoso.onmicrosoft.com';

export interface TestApp { app: ApplicationRecord; sp: ServicePrincipalRecord; clientId: string; secret: string }

/** A confidential client in the default tenant holding exactly `roles` on Microsoft Graph, with one secret. */
export function makeApp(emu: RunningEmulator, displayName: string, roles: string[]): TestApp {
  const tenant = emu.store.defaultTenant;
  const now = new Date();
  const { app, sp } = tenant.addApplication({ displayName }, now);
  for (const r of roles) tenant.grantAppRole(sp, GRAPH_APP_ID, r, now);
  const { secretText } = tenant.addPassword(app, { displayName: 'test' }, now);
  return { app, sp, clientId: app.appId, secret: secretText };
}

export async function clientCredentialsToken(emu: RunningEmulator, clientId: string, secret: string, scope = GRAPH_DEFAULT): Promise<string> {
  const res = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope });
  assert.equal(res.status, 200, `token request failed: ${res.json?.error}`);
  return res.json.access_token as string;
}

export async function appToken(emu: RunningEmulator, roles: string[], displayName = `Daemon ${roles.join('+') || 'no roles'}`): Promise<{ token: string } & TestApp> {
  const a = makeApp(emu, displayName, roles);
  return { ...a, token: await clientCredentialsToken(emu, a.clientId, a.secret) };
}

/** The bootstrap app's token (Application.ReadWrite.All, Policy.ReadWrite.ApplicationConfiguration, AuditLog.Read.All, Directory.Read.All). */
export function bootstrapToken(emu: RunningEmulator): Promise<string> {
  return clientCredentialsToken(emu, emu.info.bootstrap.clientId, emu.info.bootstrap.clientSecret);
}

/** A delegated Graph token for `upn` through the Contoso Dev Tool public client: authorize with login_hint, then code + PKCE. */
export async function userToken(emu: RunningEmulator, upn: string, scopes: string[]): Promise<string> {
  const clientId = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Dev Tool')!.appId;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://localhost:50123/cb';
  const scope = scopes.map((s) => `https://graph.microsoft.com/${s}`).join(' ');
  const authorize = `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/authorize?${new URLSearchParams({
    client_id: clientId, response_type: 'code', redirect_uri: redirectUri, scope, login_hint: upn, code_challenge: challenge, code_challenge_method: 'S256',
  })}`;
  const res = await request(authorize);
  assert.equal(res.status, 302, res.text);
  const code = new URL(res.headers.get('location')!).searchParams.get('code');
  assert.ok(code, `authorize redirected without a code: ${res.headers.get('location')}`);
  const tok = await postForm(tokenUrl(emu), { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: redirectUri, code_verifier: verifier, scope });
  assert.equal(tok.status, 200, tok.text);
  return tok.json.access_token as string;
}

export interface GraphCall { token?: string; body?: unknown; headers?: Record<string, string>; version?: 'v1.0' | 'beta' }

/** One Graph request; `path` is after the version, e.g. "/applications?$top=5". A string body is sent as-is. */
export function graph(emu: RunningEmulator, method: string, path: string, o: GraphCall = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) };
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    headers['content-type'] = 'application/json';
  }
  return request(`${emu.info.graphBaseUrl}/${o.version ?? 'v1.0'}${path}`, { method, headers: { ...headers, ...o.headers }, body });
}

/** Graph's error body: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}. */
export function assertGraphError(res: RawResponse, status: number, code: string, message?: RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json?.error?.code, code, res.text);
  assert.equal(typeof res.json.error.message, 'string');
  if (message) assert.match(res.json.error.message, message);
  const inner = res.json.error.innerError;
  assert.match(inner?.date ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, 'innerError.date is ISO without milliseconds or zone');
  assert.match(inner['request-id'], /^[0-9a-f-]{36}$/);
  assert.equal(typeof inner['client-request-id'], 'string');
  if (res.headers.get('request-id')) assert.equal(inner['request-id'], res.headers.get('request-id'));
}
