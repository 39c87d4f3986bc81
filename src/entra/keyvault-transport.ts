// How our Key Vault clients reach a vault. The SecretClient sends through our HttpClient (the emulator's
// CA, proxy, timeouts and the one retry policy, entra/retry.ts) with the SDK's own retries off, so there is
// one; for the emulator, no challenge-resource check (its vaults are not at NAME.vault.azure.net).
// DefaultAzureCredential (keyvault-reference.ts) keeps its own pipeline: it probes plain-HTTP endpoints (the
// managed identity's) that our HTTPS-only client refuses; it gets the CA through an agent.
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { readFileSync } from 'node:fs';
import { createHttpHeaders, type HttpClient as PipelineHttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { ResolvedCloud } from '../core/cloud.ts';
import { HttpClient, type HttpRequest } from './http.ts';

/** The SDK's HttpClient over ours. Key Vault's bodies are JSON text; a stream body is refused. */
export function pipelineHttpClient(http: HttpClient): PipelineHttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (request.body !== undefined && request.body !== null && typeof request.body !== 'string') throw new Error('only text request bodies are supported');
      const res = await http.request({
        method: request.method as HttpRequest['method'], url: request.url, headers: request.headers.toJSON(),
        ...(typeof request.body === 'string' ? { body: request.body } : {}), ...(request.timeout ? { timeoutMs: request.timeout } : {}),
      });
      return { request, status: res.status, headers: createHttpHeaders(res.headers), bodyAsText: res.body };
    },
  };
}

export interface KeyVaultTransport {
  /** SecretClient options: our HttpClient, no SDK retries, the emulator's challenge rule. */
  clientOptions: { httpClient: PipelineHttpClient; retryOptions: { maxRetries: number }; disableChallengeResourceVerification: boolean };
  /** For DefaultAzureCredential: the extra CA, and no instance discovery outside Microsoft's clouds. */
  credentialOptions: { agent?: Agent; disableInstanceDiscovery: boolean };
  dispose(): void;
}

/** `shared`: an HttpClient of the caller's (left open); else one of our own for this cloud, closed by dispose(). */
export function keyVaultTransport(cloud: ResolvedCloud, shared?: HttpClient): KeyVaultTransport {
  const http = shared ?? new HttpClient({ extraCaFiles: cloud.caCertPath ? [cloud.caCertPath] : [] });
  const agent = cloud.caCertPath ? new Agent({ keepAlive: false, ca: [...rootCertificates, readFileSync(cloud.caCertPath, 'utf8')] }) : undefined;
  return {
    clientOptions: { httpClient: pipelineHttpClient(http), retryOptions: { maxRetries: 0 }, disableChallengeResourceVerification: cloud.local },
    credentialOptions: { ...(agent ? { agent } : {}), disableInstanceDiscovery: cloud.knownAuthorities.length > 0 },
    dispose: () => { agent?.destroy(); if (!shared) http.close(); },
  };
}
