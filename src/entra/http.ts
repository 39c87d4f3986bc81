// The one HTTP layer the CLI uses to talk to Entra, Graph and Key Vault: node:https with timeouts, an
// optional extra CA (so a running emulator's certificate is trusted without NODE_EXTRA_CA_CERTS) and the
// proxy the environment names (HTTPS_PROXY / NO_PROXY, see core/proxy.ts). send() is one request (MSAL's
// network module, msal/network.ts, uses it); request() adds the one retry policy (retry.ts) for Graph and
// Key Vault.
import { request as httpsRequest, Agent } from 'node:https';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { readFileSync } from 'node:fs';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { proxyFor } from '../core/proxy.ts';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './retry.ts';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export class NetworkError extends Error {
  constructor(readonly url: string, readonly causeCode: string | undefined, message: string) {
    super(message);
  }
}

export class HttpClient {
  private readonly agent: Agent;
  private readonly ca: string[] | undefined;
  private readonly secureContext: SecureContext | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly proxyAgents = new Map<string, Agent>();

  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(opts: { extraCaFiles?: string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv; retry?: Partial<RetryPolicy>; sleep?: (ms: number) => Promise<void> } = {}) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const extra = (opts.extraCaFiles ?? []).map((f) => readFileSync(f, 'utf8'));
    this.ca = extra.length ? [...rootCertificates, ...extra] : undefined;
    // The CAs as one secure context made once: given as `ca`, node:https joins all ~150 PEMs into the
    // agent's pool key on every request (a fifth of an inventory scan's CPU, docs/inventory.md "How it scales").
    this.secureContext = this.ca ? createSecureContext({ ca: this.ca }) : undefined;
    this.agent = new Agent({ keepAlive: true, ...(this.secureContext ? { secureContext: this.secureContext } : {}) });
    this.defaultTimeout = opts.timeoutMs ?? 30_000;
    this.env = opts.env ?? process.env;
  }

  /** The agent for a URL: direct, or a CONNECT tunnel through the proxy the environment names. */
  private agentFor(url: URL): Agent {
    const proxy = proxyFor(url, this.env);
    if (!proxy) return this.agent;
    let agent = this.proxyAgents.get(proxy);
    if (!agent) {
      agent = new HttpsProxyAgent(proxy, { keepAlive: true, ca: this.ca });
      this.proxyAgents.set(proxy, agent);
    }
    return agent;
  }

  private readonly defaultTimeout: number;

  send(req: HttpRequest): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const url = new URL(req.url);
      if (url.protocol !== 'https:') { reject(new NetworkError(req.url, 'INSECURE', `Refusing to send a request over plain HTTP: ${url.origin}`)); return; }
      const r = httpsRequest(url, { method: req.method, headers: req.headers, agent: this.agentFor(url), timeout: req.timeoutMs ?? this.defaultTimeout }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (e) => reject(toNetworkError(req.url, e)));
      });
      r.on('timeout', () => r.destroy(Object.assign(new Error(`timed out after ${req.timeoutMs ?? this.defaultTimeout} ms`), { code: 'ETIMEDOUT' })));
      r.on('error', (e) => reject(toNetworkError(req.url, e)));
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });
  }

  /** send() under the retry policy: the answer (or error) of the last attempt. */
  async request(req: HttpRequest, onRetry?: (delayMs: number, attempt: number) => void): Promise<HttpResponse> {
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      let outcome: HttpResponse | unknown;
      let failed = false;
      try {
        outcome = await this.send(req);
      } catch (err) {
        outcome = err;
        failed = true;
      }
      const delay = retryDelay(req, outcome, attempt, waited, this.retry, Date.now());
      if (delay === undefined) {
        if (failed) throw outcome;
        return outcome as HttpResponse;
      }
      onRetry?.(delay, attempt);
      await this.sleep(delay);
      waited += delay;
    }
  }

  close(): void {
    this.agent.destroy();
    for (const a of this.proxyAgents.values()) a.destroy();
  }
}

function toNetworkError(url: string, e: Error & { code?: string }): NetworkError {
  return new NetworkError(url, e.code, `${new URL(url).origin}: ${e.message}`);
}
