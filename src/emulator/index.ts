// startEmulator(): the tenant in a box. One HTTPS listener serves the identity platform (and, as they
// arrive, Microsoft Graph and Key Vault) from in-memory state, optionally persisted to a state dir.
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { ensurePrivateDir, writeFileAtomic } from '../shared/files.ts';
import { Router } from './http/router.ts';
import { OwnNames } from './http/own-names.ts';
import type { ServerLimits } from './http/limits.ts';
import { createEmulatorServer } from './server.ts';
import { EmulatorStore } from './state/store.ts';
import { claimStateDir, discardKeptTenant, hasKeptTenant, KeptTenantError, prepareStateDir } from './state/state-dir.ts';
import { DEFAULT_SEED, readSeedFile, parseSeed, rotateBootstrapSecret, tenantsFromSeed, type SeedDocument } from './state/seed.ts';
import { loadOrCreateSigningKey } from './identity/signing-key.ts';
import { TokenMinter } from './identity/tokens.ts';
import { FlowStore } from './identity/flows.ts';
import { identityRoutes } from './identity/routes.ts';
import { GraphService } from './graph/index.ts';
import type { EffectiveThrottleLimits, GraphStats, ThrottleOptions } from './graph/throttle.ts';
import { statsRoutes } from './stats-routes.ts';
import { armRoutes } from './arm.ts';
import { KeyVaultService } from './keyvault/index.ts';
import type { IdentityDeps } from './identity/deps.ts';
import { DEFAULT_SERVER_NAMES, ensureLocalCa, issueServerCertificate, stateCaDir } from './tls/certificates.ts';
import { generateSyntheticTenant } from './state/synthetic.ts';
import { FaultInjector, faultAdminRoutes, type FaultRule } from './faults.ts';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on; loopback unless asked. */
  host?: string;
  /** Persist tenant state, signing key and the local CA here (atomic writes). Without it: in memory only. */
  stateDir?: string;
  /** Discard the tenant kept in stateDir before starting, so seed and synthetic options build a new one. */
  reset?: boolean;
  /**
   * When stateDir already holds a tenant, seed and synthetic options cannot apply: by default they are
   * ignored (restoredFromState says so); with this, start fails with KeptTenantError before listening.
   */
  refuseSeedOnKeptTenant?: boolean;
  /** Tenant content: a seed document or the path of a JSON seed file. */
  seed?: SeedDocument | string;
  /** Serve this certificate instead of one from the local CA (PEM files). */
  certFile?: string;
  keyFile?: string;
  /**
   * Where the local CA lives when no --cert is given. Default: <stateDir>/tls, else a throwaway CA in a
   * temp dir removed on stop. The package's startEmulator (src/index.ts) and `emulator start` default it
   * to the CA `entra-auth-cli emulator ca` prints; the emulator itself knows none of the CLI's folders.
   */
  caDir?: string;
  /** Device-code polling interval the emulator asks clients for, in seconds (Entra: 5). */
  deviceCodeInterval?: number;
  /** Access token lifetime in seconds (Entra: 60-90 minutes). */
  tokenLifetimeSeconds?: number;
  /** Clock, for tests of expiry. */
  now?: () => number;
  /**
   * Graph throttling (off by default): resource units per app + tenant per 10 s (by default from the
   * tenant's user count, as Graph), write limits and the per-minute cap on listing keyCredentials.
   */
  throttle?: ThrottleOptions;
  /**
   * Add this many synthetic applications (with service principals, owners and a realistic credential
   * spread; see state/synthetic.ts) to the default tenant. Only when the tenant is freshly seeded, never
   * when it is loaded from a state dir. Same seed, same tenant.
   */
  synthetic?: { apps: number; credentialsPerApp?: number; seed?: number; onProgress?: (done: number, total: number) => void };
  /** Fault rules (objects or --fault strings, see faults.ts); more can be added at /_emulator/faults. */
  faults?: (FaultRule | string)[];
  /** Connections, timeouts and buffered request bodies the server allows (http/limits.ts, DEFAULT_LIMITS). */
  limits?: Partial<ServerLimits>;
  /** Request log sink (one line per request, no query strings or bodies). */
  log?: (line: string) => void;
  /**
   * Write the connection info (no secrets) here while running, so `--cloud local` profiles can find this
   * emulator; removed on stop. `emulator start` uses <user data dir>/emulator.json.
   */
  connectionFile?: string;
}

export interface EmulatorInfo {
  authorityHost: string;
  tenantId: string;
  tenantDomain: string;
  graphBaseUrl: string;
  keyVaultUrl: string;
  caCertPath: string | null;
  bootstrap: { clientId: string; clientSecret: string };
  users: { userPrincipalName: string; roles: string[] }[];
  /** The tenant's app registrations, at most MAX_LISTED_APPS of them (applicationCount says how many in all). */
  applications: { displayName: string; appId: string }[];
  applicationCount: number;
  /** Where the tenant is kept; null when it lives in memory only. */
  stateDir: string | null;
  /** Graph's throttling limits for the default tenant at start; null when throttling is off. */
  graphThrottle: EffectiveThrottleLimits | null;
}

const CA_REISSUE_REASON = { expired: 'had expired', expiring: 'was within 30 days of expiry', mismatched: 'did not match its key' } as const;

/** How many app registrations info lists: a synthetic tenant has 100,000. */
export const MAX_LISTED_APPS = 100;

export interface RunningEmulator {
  info: EmulatorInfo;
  port: number;
  /** True when the tenant came from the state dir (then seed and synthetic options were not applied). */
  restoredFromState: boolean;
  /** The live state, for tests and admin tooling in the same process. */
  store: EmulatorStore;
  /** Things the person running the emulator should know (a re-issued CA), one sentence each. */
  notices: string[];
  /** What Graph served since start (or the last reset): requests, resource units spent, 429s. Also GET /_emulator/stats. */
  graphStats(): GraphStats;
  resetGraphStats(): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultInjector(options.faults ?? []);
  if (options.stateDir) prepareStateDir(options.stateDir);
  if (options.caDir && !options.certFile && !options.keyFile) prepareStateDir(options.caDir);
  const release = options.stateDir ? await claimStateDir(options.stateDir) : () => {};
  try {
    return await start(options, now, host, faults, release);
  } catch (err) {
    release();
    throw err;
  }
}

async function start(options: EmulatorOptions, now: () => number, host: string, faults: FaultInjector, release: () => void): Promise<RunningEmulator> {
  if (options.stateDir && options.reset) discardKeptTenant(options.stateDir);
  const seeded = options.seed !== undefined || options.synthetic !== undefined;
  if (options.stateDir && options.refuseSeedOnKeptTenant && seeded && hasKeptTenant(options.stateDir)) throw new KeptTenantError(options.stateDir);
  const store = new EmulatorStore(options.stateDir);
  const restoredFromState = store.load();
  if (!restoredFromState) {
    const seed = options.seed === undefined ? DEFAULT_SEED : typeof options.seed === 'string' ? readSeedFile(options.seed) : parseSeed(options.seed);
    for (const t of tenantsFromSeed(seed, new Date(now()))) store.add(t);
    if (options.synthetic) generateSyntheticTenant(store.defaultTenant, { ...options.synthetic, now: new Date(now()) });
  }
  const tenant = store.defaultTenant;
  store.onSaveError = (err) => (options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(`could not save the emulator state (kept in memory, retried on the next change): ${err.message}`);
  const bootstrap = rotateBootstrapSecret(tenant, new Date(now()));
  store.changed();

  const notices: string[] = [];
  let certPem: string;
  let keyPem: string;
  let caCertPath: string | null = null;
  let throwawayCaDir: string | undefined;
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile) throw new Error('--cert and --key go together: give both or neither.');
    certPem = readFileSync(options.certFile, 'utf8');
    keyPem = readFileSync(options.keyFile, 'utf8');
  } else {
    const caDir = options.caDir ?? (options.stateDir ? stateCaDir(options.stateDir) : (throwawayCaDir = mkdtempSync(join(tmpdir(), 'eac-emulator-ca-'))));
    const ca = ensureLocalCa(caDir, new Date(now()));
    caCertPath = ca.certPath;
    if (ca.reissued) notices.push(`The emulator's local CA ${CA_REISSUE_REASON[ca.reissued]} and was re-issued (${ca.certPath}, valid until ${ca.notAfter.toISOString().slice(0, 10)}). Restart the clients that trust it so they read the new one.`);
    const names = [...new Set([...DEFAULT_SERVER_NAMES, host, hostname()])].filter((n) => n !== '0.0.0.0' && n !== '::');
    ({ certPem, keyPem } = issueServerCertificate(ca, names, new Date(now())));
  }

  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  // The names the certificate covers (and the listen address): the only Host values and own audiences honoured.
  const own = OwnNames.fromCertificate(certPem, [urlHost]);
  const key = loadOrCreateSigningKey(options.stateDir);
  const deps: IdentityDeps = {
    store, key, now, own, flows: new FlowStore(now),
    minter: new TokenMinter(key, options.tokenLifetimeSeconds ?? 3599, now),
    deviceCodeInterval: options.deviceCodeInterval ?? 5,
  };
  const router = new Router();
  faultAdminRoutes(router, faults);
  router.on('GET', '/_emulator/info', (ctx) => ctx.json(200, { ...publicInfo(), bootstrap: { clientId: bootstrap.app.appId } }));
  const graph = new GraphService({ store, key, own, now, throttle: options.throttle });
  const graphThrottle = () => graph.admission.throttle?.limitsFor(tenant.record.users.length) ?? null;
  statsRoutes(router, { graphStats: () => graph.admission.meter.snapshot(), resetGraphStats: () => graph.admission.meter.reset(), graphThrottle });
  router.on('*', '/v1.0/*', (ctx) => graph.handle(ctx)).on('*', '/beta/*', (ctx) => graph.handle(ctx));
  const keyVault = new KeyVaultService({ store, key, own, now });
  router.on('*', '/vaults/*', (ctx) => keyVault.handle(ctx));
  const rootVault = tenant.record.vaults[0]?.name;
  if (rootVault) {
    for (const p of ['/secrets', '/secrets/*', '/deletedsecrets', '/deletedsecrets/*']) router.on('*', p, (ctx) => keyVault.handle(ctx, rootVault));
  }
  armRoutes(router, { store, key, own, now });
  identityRoutes(router, deps);

  const server = createEmulatorServer(router, { certPem, keyPem, fallbackHost: urlHost, ownNames: own, log: options.log, faults, limits: options.limits });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  }).catch((err: unknown) => {
    if (throwawayCaDir) rmSync(throwawayCaDir, { recursive: true, force: true });
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  own.port = port;
  const base = `https://${urlHost}:${port}`;

  function publicInfo(): Omit<EmulatorInfo, 'bootstrap'> {
    return {
      authorityHost: base, tenantId: tenant.id, tenantDomain: tenant.domain, graphBaseUrl: base,
      keyVaultUrl: base, caCertPath,
      users: tenant.record.users.map((u) => ({ userPrincipalName: u.userPrincipalName, roles: [...u.roles] })),
      applications: tenant.record.applications.slice(0, MAX_LISTED_APPS).map((a) => ({ displayName: a.displayName, appId: a.appId })),
      applicationCount: tenant.record.applications.length,
      stateDir: options.stateDir ? resolve(options.stateDir) : null,
      graphThrottle: graphThrottle(),
    };
  }

  if (options.connectionFile) {
    ensurePrivateDir(dirname(options.connectionFile));
    writeFileAtomic(options.connectionFile, `${JSON.stringify({ ...publicInfo(), pid: process.pid, startedAt: new Date(now()).toISOString() }, null, 2)}\n`);
  }

  let stopped = false;
  return {
    info: { ...publicInfo(), bootstrap: { clientId: bootstrap.app.appId, clientSecret: bootstrap.clientSecret } },
    port,
    restoredFromState,
    store,
    notices,
    graphStats: () => graph.admission.meter.snapshot(),
    resetGraphStats: () => graph.admission.meter.reset(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.flush();
      release();
      if (options.connectionFile) rmSync(options.connectionFile, { force: true });
      if (throwawayCaDir) rmSync(throwawayCaDir, { recursive: true, force: true });
    },
  };
}

export type { SeedDocument } from './state/seed.ts';
