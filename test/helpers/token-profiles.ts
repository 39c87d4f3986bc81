// Test setup for get-token: profiles written through our own stores (ProfileStore + FileSecretBackend, as
// `config create` does), and a home whose in-process emulator is where `emulator start` would announce
// itself (<EAC_HOME>/data/emulator.json), so 'local' profiles find it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../src/core/profile.ts';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.ts';
import { appPaths } from '../../src/store/paths.ts';
import { ProfileStore } from '../../src/store/profile-store.ts';
import { FileSecretBackend, secretKey } from '../../src/store/secret-store.ts';
import { tempDir } from './cli.ts';
import { testEmulator } from './emulator.ts';

export const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';
export const GRAPH_USER_READ = 'https://graph.microsoft.com/User.Read';
export const ADMIN = 'admin@contoso.onmicrosoft.com';

export async function homeWithEmulator(opts: EmulatorOptions = {}): Promise<{ home: string; emu: RunningEmulator }> {
  const home = tempDir('eac-token-');
  const emu = await testEmulator({ connectionFile: join(home, 'data', 'emulator.json'), ...opts });
  return { home, emu };
}

export type ProfileInput = Pick<Profile, 'name' | 'tenant' | 'clientId' | 'authMethod'> & Partial<Profile>;

export async function saveProfile(home: string, input: ProfileInput, secrets: { clientSecret?: string; certificatePassword?: string } = {}, makeDefault = false): Promise<Profile> {
  const now = new Date().toISOString();
  const profile: Profile = {
    cloud: 'local', scopes: [GRAPH_DEFAULT],
    defaultFlow: input.authMethod === 'InteractiveBrowser' ? 'interactive' : input.authMethod === 'DeviceCode' ? 'device-code' : 'client-credentials',
    createdAt: now, updatedAt: now,
    ...(input.authMethod === 'ClientSecret' ? { secret: { kind: 'stored' as const } } : {}),
    ...input,
  };
  const { config } = appPaths({ EAC_HOME: home });
  await new ProfileStore(config).update((doc) => {
    doc.profiles[profile.name] = profile;
    if (makeDefault || !doc.defaultProfile) doc.defaultProfile = profile.name;
  });
  const backend = new FileSecretBackend(config);
  if (secrets.clientSecret !== undefined) await backend.set(secretKey.clientSecret(profile.name), secrets.clientSecret);
  if (secrets.certificatePassword !== undefined) await backend.set(secretKey.certificatePassword(profile.name), secrets.certificatePassword);
  return profile;
}

/** A new confidential app in the emulator with one Graph app role and a fresh secret (value made by the emulator). */
export function appWithSecret(emu: RunningEmulator, name: string, opts: { expired?: boolean; role?: string; webRedirect?: boolean } = {}) {
  const tenant = emu.store.defaultTenant;
  const now = new Date();
  const { app, sp } = tenant.addApplication({ displayName: name, ...(opts.webRedirect ? { webRedirectUris: ['http://localhost'] } : {}) }, now);
  tenant.grantAppRole(sp, '00000003-0000-0000-c000-000000000000', opts.role ?? 'Application.Read.All', now);
  const { credential, secretText } = tenant.addPassword(app, opts.expired
    ? { displayName: 'old', startDateTime: new Date(now.getTime() - 200 * 86400_000), endDateTime: new Date(now.getTime() - 86400_000) }
    : { displayName: 'test' }, now);
  return { app, sp, secretText, secretId: credential.keyId };
}

export function devToolId(emu: RunningEmulator): string {
  return emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Dev Tool')!.appId;
}

export function signInCount(emu: RunningEmulator): number {
  return emu.store.defaultTenant.record.signIns.length;
}

/**
 * The secret scan: files under each home that hold any of `secrets` (as text or base64), except the 0600
 * secret store `config/secrets.json`. Returns the offending paths and how many secret stores were seen.
 */
export function filesHoldingSecrets(homes: string[], secrets: string[]): { offenders: string[]; secretStores: string[] } {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const offenders: string[] = [];
  const secretStores: string[] = [];
  for (const home of homes) {
    if (!existsSync(home)) continue;
    for (const file of walk(home)) {
      if (file === join(home, 'config', 'secrets.json')) { secretStores.push(file); continue; }
      const bytes = readFileSync(file);
      if (secrets.some((s) => bytes.includes(s) || bytes.includes(Buffer.from(s).toString('base64')))) offenders.push(file);
    }
  }
  return { offenders, secretStores };
}
