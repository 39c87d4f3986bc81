// `config export`: one profile sealed with a passphrase (see core/sealed-export.ts). Secret values go in
// only with --include-secrets; without it they are not in the file at all, encrypted or not.
import { draftOf } from '../../../core/profile-draft.ts';
import { seal } from '../../../core/sealed-export.ts';
import { writeFileAtomic } from '../../../shared/files.ts';
import { certificatePasswordAt, clientSecretAt, type SecretAt } from '../../../store/secret-keys.ts';
import { CliError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line, paint } from '../../io.ts';
import { Asker } from '../../ui/ask.ts';
import { askPassphrase } from './passphrase.ts';
import { chooseProfile, withConfigErrors } from './shared.ts';
import { defineCommand, flag } from '../../define-command.ts';

export const command = defineCommand({
  name: 'config export',
  description: 'Write a profile to a file sealed with a passphrase (scrypt + AES-256-GCM); secrets only with --include-secrets.',
  flags: [
    flag('-p, --profile <name>', 'profile to export (default: the default profile)'),
    flag('--include-secrets', 'include the stored client secret / certificate password (otherwise they are left out entirely)'),
    flag('--out <file>', 'write here (mode 0600) instead of stdout'),
    flag('--passphrase-stdin', 'read the passphrase from stdin instead of asking'),
  ],
  help: `
Examples:
  $ entra-auth-cli config export -p demo --out demo.eac.json                 # asks for a passphrase, twice
  $ printf %s "$PASSPHRASE" | entra-auth-cli config export -p demo --include-secrets --passphrase-stdin > demo.eac.json`,
  run,
});

export interface ExportOptions {
  profile?: string;
  includeSecrets?: boolean;
  out?: string;
  passphraseStdin?: boolean;
}

/** What the sealed payload holds. */
export interface ExportPayload {
  profile: unknown;
  secrets?: { clientSecret?: string; certificatePassword?: string };
}

export function run(opts: ExportOptions, f: Factory): Promise<void> {
  return withConfigErrors(async () => {
    const { io } = f;
    const p = chooseProfile(f.profiles.read(), opts.profile);
    const payload: ExportPayload = { profile: draftOf(p) };
    if (opts.includeSecrets) {
      const secrets: NonNullable<ExportPayload['secrets']> = {};
      const stored = async (at: SecretAt, what: string) => {
        const v = await (await f.secrets()).get(at);
        if (v === undefined) throw new CliError(`The ${what} of '${p.name}' is not in the secret store, so it cannot be exported.`, 1, `Store it first: entra-auth-cli config edit -p ${p.name}`);
        return v;
      };
      const secretAt = p.secret ? clientSecretAt(p) : undefined;
      const passwordAt = certificatePasswordAt(p);
      if (secretAt) secrets.clientSecret = await stored(secretAt, 'client secret');
      if (passwordAt) secrets.certificatePassword = await stored(passwordAt, 'certificate password');
      if (Object.keys(secrets).length) payload.secrets = secrets;
      else line(io.err, `note: '${p.name}' keeps no secret in the secret store${p.secret?.kind === 'reference' ? ` (it uses the reference ${p.secret.ref})` : ''}; there is none to include.`);
    }

    const passphrase = await askPassphrase(new Asker(io, f.interaction), opts.passphraseStdin, 'choose');
    const envelope = await seal(payload, passphrase, payload.secrets !== undefined);
    const text = `${JSON.stringify(envelope, null, 2)}\n`;
    if (!opts.out) {
      io.out.write(text);
      return;
    }
    writeFileAtomic(opts.out, text, 0o600);
    line(io.err, `${paint(io).green('✔')} Exported profile '${p.name}' to ${opts.out} (${payload.secrets ? 'with its secret' : 'without secrets'}, sealed with your passphrase).`);
    if (p.certificate) line(io.err, `  The certificate file itself (${p.certificate.path}) is not in the export; copy it separately.`);
  });
}
