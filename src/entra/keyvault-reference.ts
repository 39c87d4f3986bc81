// Reading a keyvault://VAULT/NAME secret reference at token time with Microsoft's own SDK: SecretClient with
// the identity the caller found (the admin session of the profile's tenant, which wrote the value with
// `secret create --to-keyvault`), else a DefaultAzureCredential (environment variables, workload or managed
// identity, Azure CLI, ...), pointed at the profile's cloud, reached through keyvault-transport.ts (the
// emulator's CA, the one retry policy). Errors say which identity was tried and how to provide one.
// Loaded only when a profile uses such a reference.
import type { TokenCredential } from '@azure/core-auth';
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
  /** The command that signs in to the profile's tenant and cloud, for the hint when no identity could read. */
  signInHint: string;
}

/** An identity to read with instead of DefaultAzureCredential, and its description for messages. */
export interface KeyVaultReader {
  credential: TokenCredential;
  who: string;
}

const DEFAULT_CREDENTIAL = 'DefaultAzureCredential (AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET, workload or managed identity, Azure CLI, Azure PowerShell, Azure Developer CLI)';

export async function readKeyVaultSecret(ref: KeyVaultReference, reader?: KeyVaultReader): Promise<string> {
  const { cloud } = ref;
  const transport = keyVaultTransport(cloud);
  const vaultUrl = cloud.keyVaultUrl(ref.vault);
  const where = `keyvault://${ref.vault}/${ref.name}`;
  try {
    const credential = reader?.credential ?? new DefaultAzureCredential({ authorityHost: cloud.authorityHost, ...transport.credentialOptions });
    const client = new SecretClient(vaultUrl, credential, transport.clientOptions);
    const secret = await client.getSecret(ref.name);
    if (!secret.value) throw new ActionableError(`The Key Vault secret ${where} (profile '${ref.profile}') is empty.`);
    return secret.value;
  } catch (err) {
    if (err instanceof ActionableError) throw err;
    throw explain(err as Error & { statusCode?: number; code?: string }, where, vaultUrl, ref, reader ? reader.who : `${DEFAULT_CREDENTIAL}, as no admin session of this tenant is signed in`);
  } finally {
    transport.dispose();
  }
}

function explain(err: Error & { statusCode?: number; code?: string }, where: string, vaultUrl: string, ref: KeyVaultReference, tried: string): ActionableError {
  const first = redact(String(err.message ?? err).split('\n')[0] ?? '');
  const provide = `Sign in to the tenant that wrote it (get-token then reads its Key Vault references with that session): ${ref.signInHint};\n`
    + '  or give an Azure identity: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, a workload or managed identity, or `az login`.';
  if (err.statusCode === 404) {
    return new ActionableError(`The secret ${where} does not exist (vault ${vaultUrl}).`, `Check the vault and secret names in the profile's reference (\`entra-auth-cli config edit -p ${ref.profile} --secret-ref ...\`).`);
  }
  if (err.statusCode === 401 || err.statusCode === 403) {
    return new ActionableError(`Key Vault refused to give ${where} to the identity tried (${err.statusCode}${err.code ? ` ${err.code}` : ''}; tried ${tried}).`,
      `Give that identity the "Key Vault Secrets User" role on the vault (or a get permission in its access policy), or use another:\n  ${provide}`);
  }
  if (err.name === 'CredentialUnavailableError' || err.name === 'AggregateAuthenticationError') {
    return new ActionableError(`Cannot read ${where} (profile '${ref.profile}'): no credential could sign in to Key Vault (tried ${tried}).`, provide);
  }
  return new ActionableError(`Cannot read ${where} from ${vaultUrl} (tried ${tried}): ${first}`, `${provide}\n  Run again with EAC_DEBUG=1 for details.`);
}
