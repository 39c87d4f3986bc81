// `config edit`: the create questions with the current values pre-filled; in a script, only the flags
// given change anything. The profile and its new secrets are saved in one transaction
// (app/profile/save-profile.ts): new values are stored before the profile points at them, the ones it no
// longer uses are removed after, and an edit made by another command meanwhile is not overwritten.
import { replaceIfUnchanged, saveProfile, type ProfileChange } from '../../../app/profile/save-profile.ts';
import { assembleProfile, draftOf } from '../../../core/profile-draft.ts';
import type { Profile } from '../../../core/profile.ts';
import { removeTokenCache } from '../../../store/token-cache-files.ts';
import type { Factory } from '../../factory.ts';
import { line, paint } from '../../io.ts';
import type { CreatedSecret } from '../../../app/secret/types.ts';
import { Asker } from '../../ui/ask.ts';
import { createSecretStep } from './new-secret.ts';
import { askProfile, type ProfileFlags } from './questions.ts';
import { chooseProfile, withConfigErrors } from './shared.ts';
import { defineCommand, flag } from '../../define-command.ts';
import { PROFILE_FLAGS } from './flags.ts';

export const command = defineCommand({
  name: 'config edit',
  description: 'Change a profile: the questions of create with the current values filled in; flags change only what they name.',
  flags: [...PROFILE_FLAGS, flag('-p, --profile <name>', 'profile to edit (default: the default profile)')],
  help: `
Examples:
  $ entra-auth-cli config edit -p demo                                     # asks, current values as defaults
  $ entra-auth-cli config edit -p demo --scope api://my-api/.default
  $ printf %s "$NEW_SECRET" | entra-auth-cli config edit -p demo --client-secret-stdin   # after a rotation
  $ entra-auth-cli config edit -p demo --create-secret --days 90           # rotate: a new secret, the old one stays valid`,
  run,
});

export interface EditOptions extends ProfileFlags {
  profile?: string;
  default?: boolean;
}

/** Fields whose change makes cached tokens belong to another app, tenant or credential. */
const IDENTITY_FIELDS = ['cloud', 'custom', 'tenant', 'clientId', 'authMethod', 'secret', 'certificate'] as const;

export function run(opts: EditOptions, f: Factory): Promise<void> {
  return withConfigErrors(async () => {
    const { io } = f;
    const doc = f.profiles.read();
    const current = chooseProfile(doc, opts.profile);
    const name = current.name;
    const ask = new Asker(io, f.interaction);
    if (ask.interactive) line(io.err, `Editing profile '${name}' (Enter keeps the value shown).`);

    const answers = await askProfile(name, opts, { io, ask, current });
    let updated = assembleProfile(answers.draft, f.clock(), current.createdAt);
    const becomesDefault = Boolean(opts.default) && doc.defaultProfile !== name;
    const save: ProfileChange = { change: replaceIfUnchanged(updated, current), makeDefault: Boolean(opts.default), keepsValues: true };
    // "Create new": created now that every answer is valid, and saved with the profile.
    let created: CreatedSecret | undefined;
    if (answers.clientSecret?.kind === 'create') {
      const step = await createSecretStep(f, ask, updated, answers.clientSecret.request, 'not changed', save);
      if (step.kind === 'created') created = step.created;
      else {
        answers.clientSecret = { kind: 'value', value: step.value };
        updated = { ...updated, secret: { kind: 'stored' } };
        save.change = replaceIfUnchanged(updated, current);
      }
    }
    const newSecret = answers.clientSecret?.kind === 'value' ? answers.clientSecret.value : undefined;
    const newCertPassword = answers.certificate?.password;
    const changed = changedFields(current, updated);
    if (!changed.length && !created && newSecret === undefined && newCertPassword === undefined && !becomesDefault) {
      line(io.err, `No changes to profile '${name}'.`);
      return;
    }

    const newCredential = Boolean(created) || newSecret !== undefined || newCertPassword !== undefined;
    if (!created) {
      // Only the default changes: the profile is written as it is.
      if (!changed.length && !newCredential) save.change = replaceIfUnchanged(current, current);
      await saveProfile(f, { name, ...save, values: { clientSecret: newSecret, certificatePassword: newCertPassword } }, (s) => f.interaction.progress?.(s));
    }
    const dropCache = newCredential || changed.some((c) => (IDENTITY_FIELDS as readonly string[]).includes(c));
    if (dropCache) removeTokenCache(f.paths.cache, name);

    const what = [...changed, ...(newSecret !== undefined ? ['client secret'] : []), ...(created ? [`new client secret ${created.displayName}`] : []), ...(newCertPassword !== undefined ? ['certificate password'] : []), ...(becomesDefault ? ['now the default'] : [])];
    line(io.err, `${paint(io).green('✔')} Updated profile '${name}': ${what.join(', ')}.${dropCache ? ' Its cached tokens were removed.' : ''}`);
  });
}

function changedFields(a: Profile, b: Profile): string[] {
  const da = draftOf(a) as Record<string, unknown>;
  const db = draftOf(b) as Record<string, unknown>;
  return [...new Set([...Object.keys(da), ...Object.keys(db)])].filter((k) => JSON.stringify(da[k]) !== JSON.stringify(db[k]));
}
