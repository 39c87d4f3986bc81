// `config import FILE|-`: open an export with its passphrase, check the profile inside like a typed one,
// and store it (and its secrets, if the export has them). An existing profile is replaced only with
// --overwrite; --name imports under another name.
import { existsSync, readFileSync } from 'node:fs';
import { checkDraft, draftFromJson, assembleProfile, ProfileInvalidError } from '../../../core/profile-draft.ts';
import { validate } from '../../../core/profile.ts';
import { terminalSafe } from '../../../core/terminal-text.ts';
import { open, parseEnvelope } from '../../../core/sealed-export.ts';
import { consentToImport } from '../../../app/profile/import-consent.ts';
import { saveProfile } from '../../../app/profile/save-profile.ts';
import { secretKey } from '../../../store/secret-keys.ts';
import { removeTokenCache } from '../../../store/token-cache-files.ts';
import { CliError, UsageError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line, paint } from '../../io.ts';
import { Asker } from '../../ui/ask.ts';
import type { ExportPayload } from './export.ts';
import { askPassphrase } from './passphrase.ts';
import { withConfigErrors } from './shared.ts';
import { argument, defineCommand, flag } from '../../define-command.ts';

export const command = defineCommand({
  name: 'config import',
  description: 'Add a profile from a file written by config export.',
  args: [argument('<file>', "the export file, or '-' for stdin")],
  flags: [
    flag('--name <name>', 'import under this name'),
    flag('--overwrite', 'replace a profile of the same name (its old secrets and cached tokens are removed)'),
    flag('--passphrase-stdin', 'read the passphrase from stdin instead of asking'),
    flag('--default', 'make it the default profile'),
    flag('--trust-endpoints', 'accept the custom sign-in authority, Graph URL and Key Vault suffix the export brings (get-token sends the credential there); asked on a terminal'),
    flag('--allow-references', 'accept the secret reference (file:, env:, keyvault://) or certificate path the export brings (get-token reads them on this machine); asked on a terminal'),
  ],
  help: `
An export made by someone else can point get-token at their own sign-in host, or at a file or variable of
yours: import shows what the profile brings and takes custom endpoints and references only with your consent.

Examples:
  $ entra-auth-cli config import demo.eac.json
  $ printf %s "$PASSPHRASE" | entra-auth-cli config import demo.eac.json --passphrase-stdin --name demo2
  $ printf %s "$PASSPHRASE" | entra-auth-cli config import sovereign.eac.json --passphrase-stdin --trust-endpoints --allow-references`,
  run,
});

export interface ImportOptions {
  /** The export file, or '-' for stdin. */
  file: string;
  name?: string;
  overwrite?: boolean;
  passphraseStdin?: boolean;
  default?: boolean;
  /** Consent to custom endpoints the export brings (app/profile/import-consent.ts). */
  trustEndpoints?: boolean;
  /** Consent to a secret reference or certificate path the export brings. */
  allowReferences?: boolean;
}

export function run(opts: ImportOptions, f: Factory): Promise<void> {
  return withConfigErrors(async () => {
    const { io } = f;
    const { file } = opts;
    if (file === '-' && opts.passphraseStdin) throw new UsageError('the export and --passphrase-stdin cannot both come from stdin: give the export file by its path.');
    if (opts.name !== undefined) {
      const problem = validate.profileName(opts.name);
      if (problem) throw new UsageError(`invalid --name: ${problem}`);
    }
    const text = file === '-' ? await f.stdin('config import -') : readExport(file);
    const envelope = parseEnvelope(text);
    f.profiles.read(); // a corrupt profiles file stops us before the passphrase is asked

    const ask = new Asker(io, f.interaction);
    if (file === '-' && !ask.interactive) {
      throw new UsageError('the export came on stdin, so its passphrase can only be typed in a terminal, and there is none.', 'Give the export file by its path and pipe the passphrase: ... | entra-auth-cli config import FILE --passphrase-stdin');
    }
    const passphrase = await askPassphrase(ask, opts.passphraseStdin, 'enter');
    const payload = (await open(envelope, passphrase)) as ExportPayload;
    const draft = draftFromJson(payload?.profile);
    if (!draft) throw new CliError('The export opened, but what is inside is not a profile.');
    if (opts.name !== undefined) draft.name = opts.name;
    const problems = checkDraft(draft);
    if (problems.length) throw new CliError(`The profile in the export is not valid: ${new ProfileInvalidError(problems).message}`);
    const profile = assembleProfile(draft, f.clock());
    // Before anything is written: custom endpoints and references are taken only with consent.
    await consentToImport(ask.interaction, profile, { trustEndpoints: opts.trustEndpoints, allowReferences: opts.allowReferences });
    const secrets = payload.secrets ?? {};
    const clientSecret = profile.authMethod === 'ClientSecret' && profile.secret?.kind === 'stored' && typeof secrets.clientSecret === 'string' ? secrets.clientSecret : undefined;
    const certPassword = profile.authMethod === 'Certificate' && profile.certificate?.hasPassword && typeof secrets.certificatePassword === 'string' ? secrets.certificatePassword : undefined;

    const exists = () => new CliError(`A profile named '${profile.name}' already exists; nothing was imported.`, 1, `Replace it with --overwrite, or import under another name with --name NEW.`);
    if (!opts.overwrite && f.profiles.read().profiles[profile.name]) throw exists();
    // One transaction (app/profile/save-profile.ts): the new values first, then the profile; a replaced
    // profile's values, tokens and their key do not carry over (they belong to whatever it was).
    const saved = await saveProfile(f, {
      name: profile.name, makeDefault: Boolean(opts.default), values: { clientSecret, certificatePassword: certPassword },
      change: (there) => {
        if (there && !opts.overwrite) throw exists();
        return profile;
      },
    }, (s) => f.interaction.progress?.(s));
    const replaced = saved.previous !== undefined;
    const isDefault = saved.isDefault;
    if (replaced) {
      await (await f.secrets()).deleteMany([secretKey.tokenCacheKey(profile.name)]);
      removeTokenCache(f.paths.cache, profile.name);
    }

    line(io.err, `${paint(io).green('✔')} Imported profile '${profile.name}'${replaced ? ' (replacing the one there was)' : ''}${isDefault ? ' (the default profile)' : ''}.`);
    if (profile.secret?.kind === 'stored' && clientSecret === undefined) {
      line(io.err, `  The export has no client secret (it was made without --include-secrets). Add it: printf %s "$SECRET" | entra-auth-cli config edit -p ${profile.name} --client-secret-stdin`);
    }
    if (profile.certificate?.hasPassword && certPassword === undefined) {
      line(io.err, `  The export has no certificate password. Add it: entra-auth-cli config edit -p ${profile.name} --certificate-password-stdin`);
    }
    if (profile.certificate && !existsSync(profile.certificate.path)) {
      line(io.err, terminalSafe(`  warning: the certificate file ${profile.certificate.path} is not on this machine; copy it there or change the path with config edit.`));
    }
  });
}

function readExport(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `There is no file ${file}.` : `Cannot read ${file} (${code ?? 'error'}).`);
  }
}
