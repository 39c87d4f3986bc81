// Test helpers: a fresh emulator per test (port 0, fast device-code polling) over real HTTPS, trusted via
// the CA scripts/test.mjs put in NODE_EXTRA_CA_CERTS, and small raw-HTTP helpers for protocol tests.
import { after } from 'node:test';
import { dirname } from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.ts';

export async function testEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  if (!process.env.EAC_TEST_CA) throw new Error('Run tests through `npm test` (scripts/test.mjs), which trusts the emulator CA.');
  const caDir = opts.stateDir ? undefined : dirname(process.env.EAC_TEST_CA);
  const emu = await startEmulator({ port: 0, deviceCodeInterval: 1, caDir, ...opts });
  after(() => emu.stop());
  return emu;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function request(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

export function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<RawResponse> {
  return request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
}

export function tokenUrl(emu: RunningEmulator, tenant = emu.info.tenantId): string {
  return `${emu.info.authorityHost}/${tenant}/oauth2/v2.0/token`;
}

export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}

export function headerOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8'));
}
