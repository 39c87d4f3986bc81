// Writing a newly created client secret to Azure Key Vault with Microsoft's SDK: SetSecret with the value,
// expiresOn = the credential's endDateTime, contentType, and tags that tie it back to the app registration
// (appId, keyId, expiry), sent through keyvault-transport.ts (the emulator's CA, the one retry policy).
// @azure/keyvault-secrets 4.11 drops setSecret's contentType from the request body (Azure/azure-sdk-for-js
// #38300): a per-call pipeline policy puts it back.
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { SecretClient } from '@azure/keyvault-secrets';
import type { ResolvedCloud } from '../core/cloud.ts';
import type { HttpClient } from './http.ts';
import { keyVaultTransport } from './keyvault-transport.ts';

export const CLIENT_SECRET_CONTENT_TYPE = 'application/vnd.entra-auth-cli.client-secret';

export interface VaultSecretToWrite {
  vault: string;
  name: string;
  value: string;
  expiresOn: Date;
  contentType: string;
  tags: Record<string, string>;
}

/** Puts contentType into the JSON body of PUT /secrets/{name} when the SDK left it out. */
function contentTypePolicy(contentType: string): PipelinePolicy {
  return {
    name: 'eacSecretContentType',
    async sendRequest(request, next) {
      if (request.method === 'PUT' && /\/secrets\/[^/?]+(\?|$)/.test(request.url) && typeof request.body === 'string') {
        try {
          const body = JSON.parse(request.body) as Record<string, unknown>;
          if (body.contentType === undefined) {
            body.contentType = contentType;
            request.body = JSON.stringify(body);
          }
        } catch { /* not JSON: leave it */ }
      }
      return next(request);
    },
  };
}

/** Writes the secret; returns its id (https://VAULT/secrets/NAME/VERSION). Errors come from the SDK as they are. */
export async function writeVaultSecret(cloud: ResolvedCloud, credential: TokenCredential, s: VaultSecretToWrite, http?: HttpClient): Promise<{ id: string | undefined; version: string | undefined }> {
  const transport = keyVaultTransport(cloud, http);
  try {
    const client = new SecretClient(cloud.keyVaultUrl(s.vault), credential, {
      ...transport.clientOptions,
      additionalPolicies: [{ policy: contentTypePolicy(s.contentType), position: 'perCall' }],
    });
    // contentType is not passed here: the SDK would take it for the request's Content-Type header.
    const r = await client.setSecret(s.name, s.value, { expiresOn: s.expiresOn, tags: s.tags });
    return { id: r.properties.id, version: r.properties.version };
  } finally {
    transport.dispose();
  }
}
