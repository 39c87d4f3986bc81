// The use cases' deps (src/app/admin/deps.ts) over a temp home and the test emulator, built from the real
// stores (file secret store), with the person scripted or absent, and any port swapped for a fake of ours
// (a secret store or Key Vault that fails). No sign-in UI: tests sign in as a service principal.
import type { AdminDeps } from '../../src/app/admin/deps.ts';
import { loginServicePrincipal } from '../../src/app/admin/session.ts';
import { resolveTarget } from '../../src/app/admin/target.ts';
import type { Interaction, OneTimeValue, Question } from '../../src/app/ports.ts';
import { HttpClient } from '../../src/entra/http.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { AdminSessionStore } from '../../src/store/admin-sessions.ts';
import { readEmulatorConnection } from '../../src/store/emulator-connection.ts';
import { appPaths } from '../../src/store/paths.ts';
import { ProfileStore } from '../../src/store/profile-store.ts';
import { postForm, tokenUrl } from './emulator.ts';
import { FileSecretBackend, type SecretBackend } from '../../src/store/secret-store.ts';

/** Nobody at a terminal (a pipeline): every question fails naming its flag; what is said and each step is recorded. */
export class AbsentPerson implements Interaction {
  readonly interactive = false;
  readonly notices: string[] = [];
  readonly warnings: string[] = [];
  readonly steps: string[] = [];
  readonly revealed: OneTimeValue[] = [];

  private refuse(q: Question): never {
    throw new Error(`missing ${q.flag} (no terminal to ask in)`);
  }

  ask(q: Question): Promise<string> { return this.refuse(q); }
  confirm(q: Question): Promise<boolean> { return this.refuse(q); }
  choose<T>(q: Question): Promise<T> { return this.refuse(q); }
  async revealOnce(v: OneTimeValue): Promise<boolean> {
    this.revealed.push(v);
    return false;
  }

  notice(text: string): void { this.notices.push(text); }
  warn(text: string): void { this.warnings.push(text); }
  progress(step: string): void { this.steps.push(step); }
}

export interface TestDepsOptions {
  interaction?: Interaction;
  secrets?: (real: SecretBackend) => SecretBackend;
  now?: () => Date;
  overrides?: Partial<AdminDeps>;
}

export function testAdminDeps(home: string, opts: TestDepsOptions = {}): AdminDeps {
  const env = { EAC_HOME: home };
  const paths = appPaths(env);
  const real = new FileSecretBackend(paths.config);
  const secrets = opts.secrets ? opts.secrets(real) : real;
  return {
    interaction: opts.interaction ?? new AbsentPerson(),
    paths,
    profiles: new ProfileStore(paths.config),
    sessions: new AdminSessionStore(paths.config),
    secrets: async () => secrets,
    clock: opts.now ?? (() => new Date()),
    emulator: () => readEmulatorConnection(env),
    newHttp: (cloud) => new HttpClient({ extraCaFiles: cloud.caCertPath ? [cloud.caCertPath] : [], env: process.env }),
    signInUi: () => {
      throw new Error('tests sign in as a service principal');
    },
    ...opts.overrides,
  };
}

/** `login --service-principal --cloud local` as the emulator's bootstrap app (Application.ReadWrite.All, Key Vault Secrets Officer). */
export async function signInBootstrap(deps: AdminDeps, emu: RunningEmulator): Promise<void> {
  const target = resolveTarget(deps, { cloud: 'local' }, { useCurrent: false });
  const handle = await loginServicePrincipal(deps, target, emu.info.bootstrap.clientId, { kind: 'secret', secret: emu.info.bootstrap.clientSecret });
  handle.close();
}

/** A secret store that fails to write (a full disk, a keychain that refuses): a fake of our store port. */
export function failingWrites(real: SecretBackend, message = 'the secret store refused the write (test)'): SecretBackend {
  const refuse = async (): Promise<never> => { throw new Error(message); };
  return { ...bound(real), set: refuse, setIfAbsent: refuse };
}

function bound(b: SecretBackend): SecretBackend {
  return {
    kind: b.kind, location: b.location, get: (k) => b.get(k), set: (k, v) => b.set(k, v), setIfAbsent: (k, v) => b.setIfAbsent(k, v),
    delete: (k) => b.delete(k), has: (k) => b.has(k), deleteMany: (ks) => b.deleteMany(ks), where: (k) => b.where(k),
  };
}

/** Whether Entra (the emulator) gives the app a token with this client secret. */
export async function tokenWorks(emu: RunningEmulator, clientId: string, secret: string | undefined): Promise<boolean> {
  if (!secret) return false;
  const res = await postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' });
  return res.status === 200;
}
