// `config create`: ask (or take from flags) everything a profile needs, check it all, then store the
// profile (no secret inside) and its secret. Nothing is written until every answer is valid. "Create new"
// creates the secret in Entra at that point (it is stored by the creation), then the profile is written.
import { assembleProfile } from '../../../core/profile-draft.ts';
import { validate, type Profile } from '../../../core/profile.ts';
import { secretKey } from '../../../store/secret-store.ts';
import { CliError } from '../../errors.ts';
import { line, paint, type Io } from '../../io.ts';
import { Asker } from '../../ui/ask.ts';
import { terminalPrompter, type Prompter } from '../../ui/prompts.ts';
import type { CreatedSecret } from '../../secret/types.ts';
import { createSecretStep, profileNotSavedAfterCreation } from './new-secret.ts';
import { askProfile, type ProfileAnswers, type ProfileFlags } from './questions.ts';
import { cliErrorOf, configContext, withConfigErrors, type ConfigContext } from './shared.ts';

export interface CreateOptions extends ProfileFlags {
  name?: string;
  default?: boolean;
}

export interface ConfigDeps {
  prompter?: Prompter;
  now?: () => Date;
}

export class ProfileExistsError extends CliError {
  constructor(name: string) {
    super(`A profile named '${name}' already exists.`, 1, `Change it with: entra-auth-cli config edit -p ${name}   (or pick another --name)`);
  }
}

export function configCreate(opts: CreateOptions, io: Io, deps: ConfigDeps = {}): Promise<void> {
  return withConfigErrors(() => createProfile(opts, io, deps));
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
export async function createProfile(opts: CreateOptions, io: Io, deps: ConfigDeps = {}, discovered?: DiscoveredApp): Promise<void> {
  const ctx = configContext(io);
  const ask = new Asker(io, deps.prompter ?? terminalPrompter(io));
  const existing = ctx.read().profiles;

  const suggested = discovered && !existing[discovered.suggestedName] && !validate.profileName(discovered.suggestedName) ? discovered.suggestedName : undefined;
  const name = await ask.text({
    flag: '--name', given: opts.name, message: 'Profile name', default: suggested,
    validate: (v) => validate.profileName(v) ?? (ask.interactive && existing[v] ? `A profile named '${v}' already exists; pick another name.` : undefined),
  });
  if (existing[name]) throw new ProfileExistsError(name);

  const answers = await askProfile(name, opts, { io, ask, discovered: discovered && { scopes: discovered.scopes } });
  const now = (deps.now ?? (() => new Date()))();
  let profile = assembleProfile(answers.draft, now);
  let makeDefault = Boolean(opts.default);
  if (!makeDefault && ask.prompter && ctx.read().defaultProfile) {
    makeDefault = await ask.prompter.confirm({ message: `Make '${name}' the default profile?`, default: false });
  }

  let created: CreatedSecret | undefined;
  if (answers.clientSecret?.kind === 'create') {
    // The secret goes into this name's slot: make sure no profile took the name while we were asking.
    if (ctx.read().profiles[name]) throw new ProfileExistsError(name);
    const step = await createSecretStep(io, ask, profile, answers.clientSecret.request, now, 'not saved');
    if (step.kind === 'created') created = step.created;
    else {
      answers.clientSecret = { kind: 'value', value: step.value };
      profile = { ...profile, secret: { kind: 'stored' } };
    }
  }

  let isDefault: boolean;
  if (created) {
    // Already stored by the creation; only the profile is left to write.
    try {
      isDefault = await claimName(ctx, profile, makeDefault);
    } catch (err) {
      const cause = err instanceof ProfileExistsError
        ? new CliError(`another command created a profile named '${name}' meanwhile (check its secret: the new value was stored under that name)`)
        : cliErrorOf(err);
      throw profileNotSavedAfterCreation(created, name, cause, true);
    }
  } else {
    isDefault = await saveNewProfile(ctx, profile, answers, makeDefault);
  }
  const c = paint(io);
  line(io.err, `${c.green('✔')} Saved profile '${name}'${isDefault ? ' (the default profile)' : ''} in ${ctx.profiles.path}.`);
  if (answers.clientSecret?.kind === 'value' || answers.certificate?.password !== undefined) {
    line(io.err, `  Its ${answers.clientSecret ? 'client secret' : 'certificate password'} is in ${(await ctx.secrets()).location}.`);
  }
}

/** Writes the profile under the lock that also decides whether the name is free; true if it is the default. */
function claimName(ctx: ConfigContext, profile: Profile, makeDefault: boolean): Promise<boolean> {
  return ctx.profiles.update((doc) => {
    if (doc.profiles[profile.name]) throw new ProfileExistsError(profile.name);
    doc.profiles[profile.name] = profile;
    // With no default (the first profile, or the default was deleted) the new one becomes it.
    if (makeDefault || !doc.defaultProfile || !doc.profiles[doc.defaultProfile]) doc.defaultProfile = profile.name;
    return doc.defaultProfile === profile.name;
  });
}

/**
 * Profile first, under the lock that also decides whether the name is free (so of two concurrent creates
 * with one name, the loser writes nothing, secrets included); then the secret. If storing the secret
 * fails, the profile is taken out again.
 */
async function saveNewProfile(ctx: ConfigContext, profile: Profile, answers: ProfileAnswers, makeDefault: boolean): Promise<boolean> {
  const isDefault = await claimName(ctx, profile, makeDefault);
  try {
    const secret = answers.clientSecret?.kind === 'value' ? answers.clientSecret.value : undefined;
    const certPassword = answers.certificate?.password;
    if (secret !== undefined) await (await ctx.secrets()).set(secretKey.clientSecret(profile.name), secret);
    if (certPassword !== undefined) await (await ctx.secrets()).set(secretKey.certificatePassword(profile.name), certPassword);
  } catch (err) {
    await ctx.profiles.update((doc) => {
      if (doc.profiles[profile.name]?.createdAt === profile.createdAt) delete doc.profiles[profile.name];
      if (doc.defaultProfile === profile.name) doc.defaultProfile = null;
    }).catch(() => undefined);
    throw err;
  }
  return isDefault;
}
