// `config create`: ask (or take from flags) everything a profile needs, check it all, then save the profile
// with its secret in one transaction (app/profile/save-profile.ts). Nothing is written until every answer is
// valid. "Create new" creates the secret in Entra at that point, and the creation saves it with the profile.
import { claimName, ProfileNameTakenError, saveProfile, type ProfileChange } from '../../../app/profile/save-profile.ts';
import { assembleProfile } from '../../../core/profile-draft.ts';
import { validate } from '../../../core/profile.ts';
import { CliError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line, paint } from '../../io.ts';
import { Asker } from '../../ui/ask.ts';
import { createSecretStep } from './new-secret.ts';
import { askProfile, type ProfileFlags } from './questions.ts';
import { withConfigErrors } from './shared.ts';
import { defineCommand, flag } from '../../define-command.ts';
import { PROFILE_FLAGS } from './flags.ts';

export const command = defineCommand({
  name: 'config create',
  description: 'Create a profile: asks each question on a terminal; in scripts every answer is a flag.',
  flags: [...PROFILE_FLAGS, flag('--name <name>', 'profile name (letters, digits, . _ -)')],
  help: `
Without a terminal (or with CI=true) nothing is asked: a missing required flag is an error naming it.

Examples:
  $ entra-auth-cli config create                                   # asks, with menus
  $ printf %s "$SECRET" | entra-auth-cli config create --name demo --cloud local --tenant "$TENANT_ID" \\
      --client-id "$CLIENT_ID" --auth-method ClientSecret --client-secret-stdin \\
      --scope https://graph.microsoft.com/.default
  $ entra-auth-cli config create --name ci --tenant contoso.onmicrosoft.com --client-id "$CLIENT_ID" \\
      --auth-method ClientSecret --secret-ref env:AZURE_CLIENT_SECRET
  $ entra-auth-cli config create --name cert --tenant "$TENANT_ID" --client-id "$CLIENT_ID" \\
      --auth-method Certificate --certificate ./app.pfx --certificate-password-stdin < pfx-password.txt
  $ entra-auth-cli config create --name api --cloud local --client-id "$CLIENT_ID" --auth-method ClientSecret \\
      --create-secret --no-display        # creates EAC-EXP-DD-MMM-YY in the app (needs: entra-auth-cli login)

A client secret on a terminal: "Create new" (created in the app registration, shown once, saved here),
"Enter existing" (typed hidden) or "Use a reference". If creating it fails, you may type an existing one.`,
  run,
});

export interface CreateOptions extends ProfileFlags {
  name?: string;
  default?: boolean;
}

export class ProfileExistsError extends CliError {
  constructor(name: string) {
    super(`A profile named '${name}' already exists.`, 1, `Change it with: entra-auth-cli config edit -p ${name}   (or pick another --name)`);
  }
}

export function run(opts: CreateOptions, f: Factory): Promise<void> {
  return withConfigErrors(() => createProfile(opts, f));
}

/** What discover knows about the profile before anything is asked (see discover.ts). */
export interface DiscoveredApp {
  /** The profile name to suggest. */
  suggestedName: string;
  /** Scopes to suggest: the app's own API, else Graph. */
  scopes: string[];
}

/**
 * config create, and discover once an app is picked: the name, the questions, then (for "Create new") the
 * secret, then the profile. Nothing is written, in Entra or here, until every answer is valid.
 */
export async function createProfile(opts: CreateOptions, f: Factory, discovered?: DiscoveredApp): Promise<void> {
  const { io } = f;
  const ask = new Asker(io, f.interaction);
  const existing = f.profiles.read().profiles;

  const suggested = discovered && !existing[discovered.suggestedName] && !validate.profileName(discovered.suggestedName) ? discovered.suggestedName : undefined;
  const name = await ask.text({
    flag: '--name', given: opts.name, message: 'Profile name', default: suggested,
    validate: (v) => validate.profileName(v) ?? (ask.interactive && existing[v] ? `A profile named '${v}' already exists; pick another name.` : undefined),
  });
  if (existing[name]) throw new ProfileExistsError(name);

  const answers = await askProfile(name, opts, { io, ask, discovered: discovered && { scopes: discovered.scopes } });
  let profile = assembleProfile(answers.draft, f.clock());
  let makeDefault = Boolean(opts.default);
  if (!makeDefault && ask.interactive && f.profiles.read().defaultProfile) {
    makeDefault = await f.interaction.confirm({ flag: '--default', message: `Make '${name}' the default profile?`, default: false });
  }

  let created = false;
  if (answers.clientSecret?.kind === 'create') {
    // Checked again before anything is created in Entra; the save claims the name for good.
    if (f.profiles.read().profiles[name]) throw new ProfileExistsError(name);
    const step = await createSecretStep(f, ask, profile, answers.clientSecret.request, 'not saved', { change: claimName(profile), makeDefault });
    if (step.kind === 'created') created = true;
    else {
      answers.clientSecret = { kind: 'value', value: step.value };
      profile = { ...profile, secret: { kind: 'stored' } };
    }
  }

  let isDefault: boolean;
  if (created) {
    isDefault = f.profiles.read().defaultProfile === name;
  } else {
    const save: ProfileChange = { change: claimName(profile), makeDefault };
    const values = { clientSecret: answers.clientSecret?.kind === 'value' ? answers.clientSecret.value : undefined, certificatePassword: answers.certificate?.password };
    try {
      isDefault = (await saveProfile(f, { name, ...save, values }, (s) => f.interaction.progress?.(s))).isDefault;
    } catch (err) {
      throw err instanceof ProfileNameTakenError ? new ProfileExistsError(name) : err;
    }
  }
  const c = paint(io);
  line(io.err, `${c.green('✔')} Saved profile '${name}'${isDefault ? ' (the default profile)' : ''} in ${f.profiles.path}.`);
  if (answers.clientSecret?.kind === 'value' || answers.certificate?.password !== undefined) {
    line(io.err, `  Its ${answers.clientSecret ? 'client secret' : 'certificate password'} is in ${(await f.secrets()).location}.`);
  }
}
