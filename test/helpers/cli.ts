// Test helpers for end-to-end tests of the real CLI process (node bin/entra-auth-cli.js, i.e. the built
// dist/). Every spawned child has a timeout and is tracked, so `after(cleanupCli)` kills whatever a failed
// test left running and removes the temp dirs made here. Each CLI gets its own fresh EAC_HOME unless told
// otherwise; NODE_EXTRA_CA_CERTS is kept from the environment (scripts/test.mjs sets it).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { EmulatorInfo } from '../../src/emulator/index.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_BIN = join(REPO_ROOT, 'bin', 'entra-auth-cli.js');

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** A fresh temp dir, removed by cleanupCli(). */
export function tempDir(prefix = 'eac-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * A fresh EAC_HOME whose emulator CA is the one the test process already trusts (scripts/test.mjs put it
 * in NODE_EXTRA_CA_CERTS), so plain fetch() can reach an emulator the CLI starts with this home.
 */
export function homeTrustingTestCa(): string {
  const ca = process.env.EAC_TEST_CA;
  if (!ca) throw new Error('Run tests through scripts/test.mjs, which trusts the emulator CA.');
  const home = tempDir('eac-e2e-home-');
  const tls = join(home, 'data', 'emulator-tls');
  mkdirSync(tls, { recursive: true, mode: 0o700 });
  for (const f of ['ca.pem', 'ca-key.pem']) copyFileSync(join(dirname(ca), f), join(tls, f));
  return home;
}

export interface CliOptions {
  /** Added to (or, with undefined, removed from) the child's environment. */
  env?: Record<string, string | undefined>;
  /** EAC_HOME for the child; a fresh temp dir when not given. */
  home?: string;
  /** Written to stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
}

export interface CliResult {
  /** Exit code; null when killed by a signal (e.g. the timeout). */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

function childEnv(opts: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, EAC_HOME: opts.home ?? tempDir('eac-e2e-home-') };
  delete env.NODE_TLS_REJECT_UNAUTHORIZED;
  delete env.FORCE_COLOR;
  delete env.EAC_DEBUG;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function spawnCli(args: string[], opts: CliOptions): ChildProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, env: childEnv(opts), stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  return child;
}

/** Runs the CLI to completion (or until the timeout, when it is killed and `timedOut` is set). */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, opts);
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout!.on('data', (d: string) => { stdout += d; });
  child.stderr!.on('data', (d: string) => { stderr += d; });
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs ?? 30_000);
  child.stdin!.on('error', () => { /* the CLI may exit without reading stdin */ });
  child.stdin!.end(opts.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr });
    });
  });
}

export interface StoppedCli {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Everything the emulator wrote to stdout, including the first (JSON) line. */
  stdout: string;
  /** What it wrote to stdout after the first line. */
  stdoutAfterFirstLine: string;
  stderr: string;
}

export interface CliEmulator {
  info: EmulatorInfo;
  child: ChildProcess;
  stderr(): string;
  /** Sends `signal` (SIGTERM by default) and waits for the process to exit (SIGKILL after the timeout). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<StoppedCli>;
}

/**
 * Spawns `emulator start --port 0 --json ...args`, reads exactly the first stdout line and parses it.
 * Rejects (with stderr, never the line itself: it holds a secret) if the process exits or times out first.
 */
export function startCliEmulator(args: string[] = [], opts: Omit<CliOptions, 'input'> = {}): Promise<CliEmulator> {
  const child = spawnCli(['emulator', 'start', '--port', '0', '--json', ...args], opts);
  child.stdin!.end();
  let stdout = '';
  let stderr = '';
  let firstLineEnd = -1;
  child.stdout!.on('data', (d: string) => { stdout += d; });
  child.stderr!.on('data', (d: string) => { stderr += d; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<StoppedCli> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const { code, signal: sig } = await exited;
    clearTimeout(killer);
    return { code, signal: sig, stdout, stdoutAfterFirstLine: firstLineEnd < 0 ? stdout : stdout.slice(firstLineEnd + 1), stderr };
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator start printed no line within ${opts.timeoutMs ?? 30_000} ms; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    const onData = () => {
      firstLineEnd = stdout.indexOf('\n');
      if (firstLineEnd < 0) return;
      child.stdout!.off('data', onData);
      clearTimeout(timer);
      const line = stdout.slice(0, firstLineEnd);
      let info: EmulatorInfo;
      try {
        info = JSON.parse(line) as EmulatorInfo;
      } catch {
        child.kill('SIGKILL');
        reject(new Error(`the first stdout line of emulator start is not JSON (${line.length} chars); stderr: ${stderr}`));
        return;
      }
      resolve({ info, child, stderr: () => stderr, stop });
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      if (firstLineEnd >= 0) return;
      clearTimeout(timer);
      reject(new Error(`emulator start exited (code ${code}, signal ${signal}) before printing its JSON line; stderr: ${stderr}`));
    });
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

/** Kills every CLI child still running and removes the temp dirs: call it from `after`. */
export async function cleanupCli(): Promise<void> {
  await Promise.all([...children].map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('close', () => resolve());
    c.kill('SIGKILL');
  })));
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

export interface HttpsResponse {
  status: number;
  text: string;
  json: any;
  /** The certificate the server presented. */
  peerCertificate: PeerCertificate;
}

/**
 * One HTTPS request trusting exactly `ca` (PEM), for emulators whose CA the test process does not trust
 * through NODE_EXTRA_CA_CERTS (a fresh --state-dir, a --cert of the test's own).
 */
export function httpsWithCa(url: string, ca: string | Buffer, init: { method?: string; form?: Record<string, string>; timeoutMs?: number } = {}): Promise<HttpsResponse> {
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, {
      method: init.method ?? (body ? 'POST' : 'GET'), ca, agent: false, timeout: init.timeoutMs ?? 15_000,
      headers: body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {},
    }, (res) => {
      const peerCertificate = (res.socket as TLSSocket).getPeerCertificate();
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => {
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, text, json, peerCertificate });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** A client_credentials request against an emulator started by the CLI, trusting `ca`. */
export function clientCredentials(info: EmulatorInfo, ca: string | Buffer, clientId: string, clientSecret: string, tenant = info.tenantId): Promise<HttpsResponse> {
  return httpsWithCa(`${info.authorityHost}/${tenant}/oauth2/v2.0/token`, ca, {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: GRAPH_DEFAULT_SCOPE },
  });
}

export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}

/** ANSI escape sequences (colour and cursor control). */
export const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/;

/**
 * `emulator start --port 0 ...args` in human mode (NO_COLOR) until it says "Press Ctrl+C" on stderr, then
 * SIGTERM: its exit code, stdout and stderr.
 */
export async function runCliEmulatorHuman(args: string[], opts: { home?: string; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI_BIN, 'emulator', 'start', '--port', '0', ...args], {
    cwd: REPO_ROOT, env: childEnv({ home: opts.home, env: { NO_COLOR: '1' } }), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  await new Promise<void>((resolve) => child.stderr!.on('data', (d) => { stderr += d; if (stderr.includes('Press Ctrl+C')) resolve(); }).once('close', () => resolve()));
  child.kill('SIGTERM');
  const code = await exited;
  clearTimeout(killer);
  return { code, stdout, stderr };
}
