// Everything a command needs, from one place (in the spirit of the GitHub CLI's cmdutil.Factory): the
// streams, the clock, the person (the Interaction port), the folders, the profile and secret stores, HTTP,
// the cloud of a profile, and the Entra clients. Each piece is made on first use, and the heavy ones (MSAL,
// the Azure SDKs, Graph's client, prompts) are loaded with import() only then, so a command pays only for
// what it uses and `--version` / the cached get-token stay fast. Tests build one with captured streams, a
// scripted interaction, a temp EAC_HOME and the emulator, and run commands in-process (docs/architecture.md).
import type { Interaction } from '../app/ports.ts';
import type { ResolvedCloud } from '../core/cloud.ts';
import type { Profile } from '../core/profile.ts';
import type { HttpClient } from '../entra/http.ts';
import { appPaths, type AppPaths } from '../store/paths.ts';
import { resolveProfileCloud } from '../store/cloud-resolver.ts';
import { ProfileStore } from '../store/profile-store.ts';
import type { OsKeyring } from '../store/os-keyring.ts';
import type { SecretBackend } from '../store/secret-store.ts';
import { CliError } from './errors.ts';
import { line, type Io } from './io.ts';
import { readSecretStdin, readStdin } from './stdin.ts';
import { TerminalInteraction, type RevealRule } from './ui/interaction.ts';
import type { Prompter } from './ui/prompts.ts';
import type { ProfileSignIn, ProfileSignInOptions } from './profile-credential.ts';

export interface Factory {
  readonly io: Io;
  readonly env: NodeJS.ProcessEnv;
  /** The time now (tests pin it). */
  clock(): Date;
  /** The person: prompts on a terminal, else every question fails naming its flag. */
  readonly interaction: Interaction;
  readonly paths: AppPaths;
  readonly profiles: ProfileStore;
  /** The secret store, opened once on first use (it may probe the keychain and warn once that it cannot). */
  secrets(): Promise<SecretBackend>;
  /** All of stdin for a --*-stdin flag (refuses a terminal). */
  stdin(flag: string): Promise<string>;
  /** One secret value from stdin: without its trailing newline; empty is an error. */
  secretFromStdin(flag: string): Promise<string>;
  /** A profile's endpoints now (a 'local' profile: the running emulator's). */
  cloud(profile: Pick<Profile, 'cloud' | 'custom'>): ResolvedCloud;
  /** The one HTTP layer (timeouts, proxy, extra CA), for a cloud; one per CA. */
  http(cloud?: Pick<ResolvedCloud, 'caCertPath'>): Promise<HttpClient>;
  /** Microsoft Graph for this cloud, authenticated by `credential` (a profile's or the admin session's) for `scopes`. */
  graph(cloud: ResolvedCloud, credential: import('@azure/core-auth').TokenCredential, scopes: string[]): Promise<import('@microsoft/microsoft-graph-client').Client>;
  /**
   * A profile's credential (an Azure TokenCredential over one MSAL setup and the profile's encrypted token
   * cache; its secret or certificate read only when a request is sent). close() it when done.
   */
  profileCredential(profile: Profile, cloud: ResolvedCloud, o: ProfileSignInOptions): Promise<ProfileSignIn>;
}

export interface FactoryOptions {
  /** The person (tests: a scripted interaction). Default: the terminal one over `io`. */
  interaction?: Interaction;
  /** The terminal interaction's prompts (default: @inquirer/prompts). */
  prompter?: Prompter;
  /** Where and whether the terminal interaction shows a one-time value (default: stderr, on a terminal). */
  reveal?: RevealRule;
  clock?: () => Date;
  /** The OS keychain the secret store may choose (tests: a fake of the OS's store). Default: the real one. */
  keyring?: () => Promise<OsKeyring | undefined>;
}

export function createFactory(io: Io, opts: FactoryOptions = {}): Factory {
  const paths = appPaths(io.env);
  let profiles: ProfileStore | undefined;
  let secrets: Promise<SecretBackend> | undefined;
  let interaction: Interaction | undefined = opts.interaction;
  const https = new Map<string, Promise<HttpClient>>();
  const stdin = io.in ?? process.stdin;

  return {
    io,
    env: io.env,
    clock: opts.clock ?? (() => new Date()),
    get interaction(): Interaction {
      // The prompts' library itself is loaded on the first question (ui/prompts.ts).
      return (interaction ??= new TerminalInteraction(io, { prompter: opts.prompter, reveal: opts.reveal }));
    },
    paths,
    get profiles(): ProfileStore {
      return (profiles ??= new ProfileStore(paths.config));
    },
    secrets: () => (secrets ??= openSecrets(paths, io, opts.keyring)),
    stdin: (flag) => readStdin(flag, stdin),
    secretFromStdin: (flag) => readSecretStdin(flag, stdin),
    cloud: (profile) => resolveProfileCloud(profile, io.env),
    http: (cloud) => {
      const ca = cloud?.caCertPath ?? '';
      let client = https.get(ca);
      if (!client) {
        client = import('../entra/http.ts').then(({ HttpClient }) => new HttpClient({ extraCaFiles: ca ? [ca] : [], env: io.env }));
        https.set(ca, client);
      }
      return client;
    },
    async profileCredential(profile, cloud, o) {
      const { openProfileCredential } = await import('./profile-credential.ts');
      return openProfileCredential(this, profile, cloud, o);
    },
    async graph(cloud, credential, scopes) {
      const [{ createGraphClient }, http] = await Promise.all([import('../entra/graph/client.ts'), this.http(cloud)]);
      return createGraphClient({ http, graphUrl: cloud.graphUrl, credential, scopes });
    },
  };
}

async function openSecrets(paths: AppPaths, io: Io, keyring: FactoryOptions['keyring']): Promise<SecretBackend> {
  const { openSecretStore } = await import('../store/secret-store.ts');
  let backend: SecretBackend;
  try {
    backend = await openSecretStore(paths.config, io.env, (m) => line(io.err, m), keyring ? { keyring } : {});
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  return asCliErrors(backend);
}

/** The store's own errors (a corrupt secrets.json, a keychain that refuses) say what is wrong: show them as such. */
function asCliErrors(b: SecretBackend): SecretBackend {
  const cli = (err: unknown): never => {
    if (err instanceof CliError) throw err;
    const message = (err as Error)?.message ?? String(err);
    throw new CliError(message.includes(b.location) ? message : `The secret store (${b.location}) failed: ${message}`);
  };
  return {
    kind: b.kind, location: b.location,
    where: (k) => b.where(k),
    get: (k) => b.get(k).catch(cli),
    set: (k, v) => b.set(k, v).catch(cli),
    setIfAbsent: (k, v) => b.setIfAbsent(k, v).catch(cli),
    delete: (k) => b.delete(k).catch(cli),
    has: (k) => b.has(k).catch(cli),
    deleteMany: (ks) => b.deleteMany(ks).catch(cli),
  };
}
