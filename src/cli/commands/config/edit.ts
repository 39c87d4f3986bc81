// `config edit`: the create questions with the current values pre-filled; in a script, only the flags
// given change anything. New secrets are stored before the profile points at them, and secrets the
// profile no longer uses are removed after, so there is no moment where it points at nothing.
import { assembleProfile, draftOf } from '../../../core/profile-draft.ts';
import type { Profile } from '../../../core/profile.ts';
import { secretKey } from '../../../store/secret-store.ts';
import { removeTokenCache } from '../../../store/token-cache-files.ts';
import { CliError } from '../../errors.ts';
import { line, paint, type Io } from '../../io.ts';
import { Asker } from '../../ui/ask.ts';
import { terminalPrompter } from '../../ui/prompts.ts';
import type { CreatedSecret } from '../../secret/types.ts';
import type { ConfigDeps } from './create.ts';
import { createSecretStep, profileNotSavedAfterCreation } from './new-secret.ts';
import { askProfile, type ProfileFlags } from './questions.ts';
import { chooseProfile, cliErrorOf, configContext, withConfigErrors } from './shared.ts';

export interface EditOptions extends ProfileFlags {
  profile?: string;
  default?: boolean;
}

/** Fields whose change makes cached tokens belong to another app, tenant or credential. */
const IDENTITY_FIELDS = ['cloud', 'custom', 'tenant', 'clientId', 'authMethod', 'secret', 'certificate'] as const;

export function configEdit(opts: EditOptions, io: Io, deps: ConfigDeps = {}): Promise<void> {
  return withConfigErrors(async () => {
    const ctx = configContext(io);
    const doc = ctx.read();
    const current = chooseProfile(doc, opts.profile);
    const name = current.name;
    const ask = new Asker(io, deps.prompter ?? terminalPrompter(io));
    if (ask.interactive) line(io.err, `Editing profile '${name}' (Enter keeps the value shown).`);

    const answers = await askProfile(name, opts, { io, ask, current });
    const now = (deps.now ?? (() => new Date()))();
    let updated = assembleProfile(answers.draft, now, current.createdAt);
    // "Create new": created (and stored, replacing the old value) now that every answer is valid.
    let created: CreatedSecret | undefined;
    if (answers.clientSecret?.kind === 'create') {
      const step = await createSecretStep(io, ask, updated, answers.clientSecret.request, now, 'not changed');
      if (step.kind === 'created') created = step.created;
      else {
        answers.clientSecret = { kind: 'value', value: step.value };
        updated = { ...updated, secret: { kind: 'stored' } };
      }
    }
    const newSecret = answers.clientSecret?.kind === 'value' ? answers.clientSecret.value : undefined;
    const newCertPassword = answers.certificate?.password;
    const changed = changedFields(current, updated);
    const becomesDefault = Boolean(opts.default) && doc.defaultProfile !== name;
    if (!changed.length && !created && newSecret === undefined && newCertPassword === undefined && !becomesDefault) {
      line(io.err, `No changes to profile '${name}'.`);
      return;
    }

    const secrets = newSecret !== undefined || newCertPassword !== undefined || hadStored(current, updated) ? await ctx.secrets() : undefined;
    if (newSecret !== undefined) await secrets!.set(secretKey.clientSecret(name), newSecret);
    if (newCertPassword !== undefined) await secrets!.set(secretKey.certificatePassword(name), newCertPassword);

    const newCredential = Boolean(created) || newSecret !== undefined || newCertPassword !== undefined;
    try {
      await ctx.profiles.update((d) => {
        if (!d.profiles[name]) throw new CliError(`The profile '${name}' was deleted while it was being edited; nothing was changed.`);
        d.profiles[name] = changed.length || newCredential ? updated : d.profiles[name]!;
        if (opts.default) d.defaultProfile = name;
      });
    } catch (err) {
      if (created) throw profileNotSavedAfterCreation(created, name, cliErrorOf(err), false);
      throw err;
    }

    // Secrets the profile no longer uses.
    if (secrets && current.secret?.kind === 'stored' && updated.secret?.kind !== 'stored') await secrets.delete(secretKey.clientSecret(name));
    if (secrets && current.certificate?.hasPassword && !updated.certificate?.hasPassword) await secrets.delete(secretKey.certificatePassword(name));
    const dropCache = newCredential || changed.some((f) => (IDENTITY_FIELDS as readonly string[]).includes(f));
    if (dropCache) removeTokenCache(ctx.paths.cache, name);

    const what = [...changed, ...(newSecret !== undefined ? ['client secret'] : []), ...(created ? [`new client secret ${created.displayName}`] : []), ...(newCertPassword !== undefined ? ['certificate password'] : []), ...(becomesDefault ? ['now the default'] : [])];
    line(io.err, `${paint(io).green('✔')} Updated profile '${name}': ${what.join(', ')}.${dropCache ? ' Its cached tokens were removed.' : ''}`);
  });
}

function changedFields(a: Profile, b: Profile): string[] {
  const da = draftOf(a) as Record<string, unknown>;
  const db = draftOf(b) as Record<string, unknown>;
  return [...new Set([...Object.keys(da), ...Object.keys(db)])].filter((k) => JSON.stringify(da[k]) !== JSON.stringify(db[k]));
}

function hadStored(current: Profile, updated: Profile): boolean {
  return (current.secret?.kind === 'stored' && updated.secret?.kind !== 'stored')
    || (current.certificate?.hasPassword === true && !updated.certificate?.hasPassword);
}
