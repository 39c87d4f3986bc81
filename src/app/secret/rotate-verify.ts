// Proof that a new client secret works before anything holds it: a client-credentials token for the
// profile's scopes, requested with the new value, retried within a bounded wait (a new secret takes 4-18 s
// to start working in real tenants, docs/protocol-notes.md; the emulator's --propagation-delay). Its own
// MSAL cache in memory: the profile's token cache is not touched and nothing of the value is kept.
import type { ResolvedCloud } from '../../core/cloud.ts';
import { redact } from '../../core/redact.ts';
import type { HttpClient } from '../../entra/http.ts';
import { appToken } from '../../entra/msal/app-token.ts';
import { NoCache } from '../../entra/msal/secret-probe.ts';
import { msalSetup } from '../../entra/msal/setup.ts';

export const DEFAULT_VERIFY_TIMEOUT_MS = 60_000;

export interface VerifyRequest {
  cloud: ResolvedCloud;
  tenant: string;
  clientId: string;
  /** The profile's scopes; client credentials take RESOURCE/.default ones (others: Graph's .default). */
  scopes: string[];
  value: string;
  http: HttpClient;
  timeoutMs: number;
  /** Between attempts (tests and the CLI use the real timer). */
  sleep?: (ms: number) => Promise<void>;
}

export class VerificationFailed extends Error {
  constructor(readonly afterSeconds: number, readonly lastAnswer: string, readonly retryable: boolean) {
    super(`no token after ${afterSeconds} s: ${lastAnswer}`);
  }
}

export function verificationScopes(scopes: readonly string[], graphResource: string): string[] {
  const dflt = scopes.filter((s) => s.endsWith('/.default'));
  return dflt.length ? [dflt[0]!] : [`${graphResource}/.default`];
}

/** Seconds it took until the new value got a token; throws VerificationFailed when the bound passed or Entra refused for good. */
export async function verifyNewSecret(r: VerifyRequest): Promise<number> {
  const started = performance.now();
  const sleep = r.sleep ?? ((ms: number) => new Promise<void>((res) => setTimeout(res, ms)));
  const setup = msalSetup({ cloud: r.cloud, tenant: r.tenant, clientId: r.clientId, cache: new NoCache(), http: r.http }); // each attempt a real request with the new value
  const scopes = verificationScopes(r.scopes, r.cloud.graphResource);
  let wait = 1000;
  for (;;) {
    try {
      await appToken(setup, scopes, true, async () => ({ clientSecret: r.value }));
      return Math.round((performance.now() - started) / 100) / 10;
    } catch (err) {
      const answer = redact(firstLine(err), [r.value]);
      const retryable = notYetValid(err);
      const elapsed = performance.now() - started;
      if (!retryable || elapsed + wait > r.timeoutMs) throw new VerificationFailed(Math.round(elapsed / 1000), answer, retryable);
      await sleep(wait);
      wait = Math.min(wait * 1.5, 5000);
    }
  }
}

/** A secret that Entra does not accept yet (invalid_client, AADSTS7000215) or a network hiccup: worth another try. */
function notYetValid(err: unknown): boolean {
  const e = err as { errorCode?: string; errorMessage?: string; message?: string };
  const text = `${e.errorMessage ?? ''} ${e.message ?? ''}`;
  if (/AADSTS7000215\b/.test(text) || e.errorCode === 'invalid_client') return true;
  return /network|ECONNRESET|ETIMEDOUT|ECONNREFUSED|socket/i.test(text) && !/AADSTS\d+/.test(text);
}

function firstLine(err: unknown): string {
  const e = err as { errorMessage?: string; message?: string };
  return String(e.errorMessage || e.message || err).split(/\r?\n/)[0] ?? '';
}
