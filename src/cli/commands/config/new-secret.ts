// "Create new" in config create / config edit / discover: the secret is created in Entra only once every
// other answer is valid (so a typo in a scope never leaves a credential behind), shown once, and stored by
// the secret-creation module itself. When creation fails on a terminal the user may type an existing
// secret instead; without one the error ends the command with its own exit code.
import type { Profile } from '../../../core/profile.ts';
import { redact } from '../../../core/redact.ts';
import { resolveProfileCloud } from '../../../store/cloud-resolver.ts';
import { CliError } from '../../errors.ts';
import { line, paint, type Io } from '../../io.ts';
import type { CreatedSecret } from '../../secret/types.ts';
import type { Asker } from '../../ui/ask.ts';
import { askSecretValue, type NewSecretRequest } from './questions.ts';

export type SecretStepResult =
  | { kind: 'created'; created: CreatedSecret }
  /** Creation failed and the user typed an existing secret instead. */
  | { kind: 'entered'; value: string };

export async function createSecretStep(
  io: Io, ask: Asker, profile: Profile, request: NewSecretRequest, now: Date, outcome: 'not saved' | 'not changed',
): Promise<SecretStepResult> {
  const { createClientSecret, showCreatedSecret, SecretCreationError } = await import('../../secret/create-secret.ts');
  const cloud = resolveProfileCloud(profile, io.env);
  const destination = request.keyVault
    ? { kind: 'keyvault' as const, vault: request.keyVault.vault, name: request.keyVault.name, profile: profile.name }
    : { kind: 'profile' as const, profile: profile.name };
  try {
    const created = await createClientSecret(
      { io, prompter: ask.prompter, now },
      { appId: profile.clientId, tenant: profile.tenant, cloud, cloudName: profile.cloud },
      { days: request.days, destination, deviceCode: request.deviceCode, adminClientId: request.adminClientId, assumeYes: false },
    );
    // Inside a question flow everything goes to stderr: config create and edit print no data. The value is
    // shown on a terminal only (never into a pipe or a CI log): it is in the profile's store either way.
    showCreatedSecret(io, created, { display: request.display && Boolean(io.err.isTTY), stream: 'err', now });
    return { kind: 'created', created };
  } catch (err) {
    if (!(err instanceof SecretCreationError) || !ask.prompter) throw err;
    const c = paint(io);
    line(io.err);
    line(io.err, c.yellow(redact(err.message)));
    if (err.hint) line(io.err, c.dim(redact(err.hint)));
    if (!(await ask.prompter.confirm({ message: 'Would you like to enter an existing secret instead?', default: true }))) {
      throw new CliError(`No client secret, so profile '${profile.name}' was ${outcome}.`, err.exitCode);
    }
    return { kind: 'entered', value: await askSecretValue(ask.prompter) };
  }
}

/**
 * The secret was created and stored, then saving the profile failed: say exactly what exists, so nothing
 * is left unexplained, and how to finish.
 */
export function profileNotSavedAfterCreation(created: CreatedSecret, profile: string, cause: unknown, isNew: boolean): CliError {
  const why = (cause as Error)?.message ?? String(cause);
  const hint = isNew
    ? `Fix the cause, then save the profile: \`entra-auth-cli config create --name ${profile} ...\` choosing "Enter existing" with that value (shown above on a terminal, and kept where named); `
      + `or remove the credential '${created.displayName}' from the app registration if you do not need it.`
    : `Fix the cause and run \`entra-auth-cli config edit -p ${profile}\` again for the other changes; the new secret is already in place (answer "n" to "Update client secret?").`;
  return new CliError(
    `The client secret ${describeCreated(created)} but profile '${profile}' could not be ${isNew ? 'saved' : 'updated'}: ${why}`,
    (cause as CliError)?.exitCode ?? 1, hint,
  );
}

function describeCreated(created: CreatedSecret): string {
  const s = created.storedIn;
  const where = s.kind === 'keyvault' ? `Key Vault ${s.vault}/${s.name}` : `${s.location} (for profile '${s.profile}')`;
  return `'${created.displayName}' (key ID ${created.keyId}) of '${created.application}' (${created.appId}) was created and stored in ${where},`;
}
