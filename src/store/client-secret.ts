// The client secret of a profile at token time: from the secret store, or from where a reference points —
// env:VAR, file:PATH (trailing newline dropped), keyvault://VAULT/NAME (read by the function the caller
// passes: the Key Vault client is entra/'s, and store/ never imports entra/). Errors name the place, never
// the value.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Profile } from '../core/profile.ts';
import { ActionableError } from '../core/actionable-error.ts';
import { clientSecretAt } from './secret-keys.ts';
import type { SecretBackend } from './secret-store.ts';

/** Reads keyvault://VAULT/NAME (entra/keyvault-reference.ts, wired by the caller). */
export type KeyVaultReader = (vault: string, name: string) => Promise<string>;

export async function resolveClientSecret(profile: Profile, secrets: () => Promise<SecretBackend>, env: NodeJS.ProcessEnv, readKeyVault: KeyVaultReader): Promise<string> {
  const edit = `entra-auth-cli config edit -p ${profile.name}`;
  const source = profile.secret ?? { kind: 'stored' as const };
  if (source.kind === 'stored') {
    const backend = await secrets();
    const at = clientSecretAt(profile)!;
    const value = await backend.get(at);
    if (!value) throw new ActionableError(`Profile '${profile.name}' has no client secret in ${backend.where(at).location}.`, `Store it with: printf %s "$SECRET" | ${edit} --client-secret-stdin`);
    return value;
  }
  const ref = source.ref;
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = env[name];
    if (!value) throw new ActionableError(`Profile '${profile.name}' reads its client secret from the environment variable ${name}, which is not set.`, `Set ${name}, or change the reference with \`${edit} --secret-ref ...\`.`);
    return value;
  }
  if (ref.startsWith('file:')) {
    const raw = ref.slice(5);
    const path = raw.startsWith('~/') ? resolve(homedir(), raw.slice(2)) : resolve(raw);
    let value: string;
    try {
      value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ActionableError(`Profile '${profile.name}' reads its client secret from ${path}, which cannot be read (${code === 'ENOENT' ? 'it does not exist' : code ?? 'error'}).`, `Create the file (mode 0600), or change the reference with \`${edit} --secret-ref ...\`.`);
    }
    if (!value) throw new ActionableError(`The client secret file ${path} of profile '${profile.name}' is empty.`);
    return value;
  }
  const kv = /^keyvault:\/\/([^/]+)\/(.+)$/.exec(ref);
  if (kv) return readKeyVault(kv[1]!, kv[2]!);
  // Only the scheme is named: a hand-edited profile might hold a pasted secret value here.
  const scheme = /^[a-z][a-z0-9+.-]{0,15}:/i.exec(ref)?.[0] ?? 'no scheme';
  throw new ActionableError(`Profile '${profile.name}' has a secret reference this version does not understand (${scheme}).`, `Use env:VAR, file:PATH or keyvault://VAULT/NAME: \`${edit} --secret-ref ...\`.`);
}
