// "Create new" in config create / config edit / discover: the secret is created in Entra only once every
// other answer is valid (so a typo in a scope never leaves a credential behind), shown once, and saved with
// the profile in one transaction by the secret-creation module (`save`: the profile change to make with it).
// When creation fails on a terminal the user may type an existing secret instead; without one the error ends
// the command with its own exit code.
import type { ProfileChange } from '../../../app/profile/save-profile.ts';
import type { CreatedSecret } from '../../../app/secret/types.ts';
import type { Profile } from '../../../core/profile.ts';
import { redact } from '../../../core/redact.ts';
import { terminalSafe } from '../../../core/terminal-text.ts';
import { CliError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line, paint } from '../../io.ts';
import type { Asker } from '../../ui/ask.ts';
import { askSecretValue, type NewSecretRequest } from './questions.ts';

export type SecretStepResult =
  /** Created, and saved with the profile. */
  | { kind: 'created'; created: CreatedSecret }
  /** Creation failed and the user typed an existing secret instead. */
  | { kind: 'entered'; value: string };

export async function createSecretStep(
  f: Factory, ask: Asker, profile: Profile, request: NewSecretRequest, outcome: 'not saved' | 'not changed', save: ProfileChange,
): Promise<SecretStepResult> {
  const { io } = f;
  const [{ createClientSecret }, { isCreationFailure }, { showCreatedSecret }, { adminDeps }] = await Promise.all([
    import('../../../app/secret/create.ts'), import('../../../app/secret/errors.ts'), import('../../ui/secret-panel.ts'), import('../../admin-deps.ts'),
  ]);
  const destination = request.keyVault
    ? { kind: 'keyvault' as const, vault: request.keyVault.vault, name: request.keyVault.name, profile: profile.name, save }
    : { kind: 'profile' as const, profile: profile.name, save };
  const now = f.clock();
  try {
    // Inside the try: a cloud that cannot be reached now (the emulator stopped) is a failure to create too.
    const cloud = f.cloud(profile);
    const created = await createClientSecret(
      adminDeps(f),
      { appId: profile.clientId, tenant: profile.tenant, cloud, cloudName: profile.cloud },
      { days: request.days, destination, deviceCode: request.deviceCode, adminClientId: request.adminClientId, assumeYes: false },
    );
    // Inside a question flow everything goes to stderr: config create and edit print no data. The value is
    // shown on a terminal only (never into a pipe or a CI log): it is in the profile's store either way.
    showCreatedSecret(io, created, { display: request.display && Boolean(io.err.isTTY), stream: 'err', now });
    return { kind: 'created', created };
  } catch (err) {
    if (!isCreationFailure(err) || !ask.interactive) throw err;
    const c = paint(io);
    line(io.err);
    const { message, hint } = err as { message: string; hint?: string };
    line(io.err, c.yellow(terminalSafe(redact(message))));
    if (hint) line(io.err, c.dim(terminalSafe(redact(hint))));
    if (!(await ask.interaction.confirm({ flag: '--client-secret-stdin', message: 'Would you like to enter an existing secret instead?', default: true }))) {
      throw new CliError(`No client secret, so profile '${profile.name}' was ${outcome}.`, (err as { exitCode?: number }).exitCode ?? 1);
    }
    return { kind: 'entered', value: await askSecretValue(ask.interaction) };
  }
}
