// Reading a keyvault://VAULT/NAME secret reference at token time with Microsoft's own SDK: SecretClient and a
// DefaultAzureCredential (environment variables, workload or managed identity, Azure CLI, ...), pointed at
// the profile's cloud, reached through keyvault-transport.ts (the emulator's CA, the one retry policy).
// Loaded only when a profile uses such a reference.
import { DefaultAzureCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import type { ResolvedCloud } from '../core/cloud.ts';
import { ActionableError } from '../core/actionable-error.ts';
import { redact } from '../core/redact.ts';
import { keyVaultTransport } from './keyvault-transport.ts';

export interface KeyVaultReference {
  vault: string;
  name: string;
  profile: string;
  cloud: ResolvedCloud;
  env: NodeJS.ProcessEnv;
}

export async function readKeyVaultSecret(ref: KeyVaultReference): Promise<string> {
  const { cloud } = ref;
  const transport = keyVaultTransport(cloud);
  const vaultUrl = cloud.keyVaultUrl(ref.vault);
  const where = `keyvault://${ref.vault}/${ref.name}`;
  try {
    const credential = new DefaultAzureCredential({ authorityHost: cloud.authorityHost, ...transport.credentialOptions });
    const client = new SecretClient(vaultUrl, credential, transport.clientOptions);
    const secret = await client.getSecret(ref.name);
    if (!secret.value) throw new ActionableError(`The Key Vault secret ${where} (profile '${ref.profile}') is empty.`);
    return secret.value;
  } catch (err) {
    if (err instanceof ActionableError) throw err;
    throw explain(err as Error & { statusCode?: number; code?: string }, where, vaultUrl, ref.profile);
  } finally {
    transport.dispose();
  }
}

function explain(err: Error & { statusCode?: number; code?: string }, where: string, vaultUrl: string, profile: string): ActionableError {
  const first = redact(String(err.message ?? err).split('\n')[0] ?? '');
  if (err.name === 'CredentialUnavailableError' || err.name === 'AggregateAuthenticationError') {
    return new ActionableError(`Cannot read ${where} (profile '${profile}'): no Azure credential is available to sign in to Key Vault.`,
      'Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a workload/managed identity), or sign in with `az login`.');
  }
  if (err.statusCode === 404) {
    return new ActionableError(`The secret ${where} does not exist (vault ${vaultUrl}).`, `Check the vault and secret names in the profile's reference (\`entra-auth-cli config edit -p ${profile} --secret-ref ...\`).`);
  }
  if (err.statusCode === 401 || err.statusCode === 403) {
    return new ActionableError(`Key Vault refused to give ${where} to the signed-in identity (${err.statusCode} ${err.code ?? ''}).`.replace(' )', ')'),
      'Give that identity the "Key Vault Secrets User" role on the vault (or a get permission in its access policy).');
  }
  return new ActionableError(`Cannot read ${where} from ${vaultUrl}: ${first}`, 'Run again with EAC_DEBUG=1 for details.');
}
