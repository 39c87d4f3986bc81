// What the config subcommands share: finding a profile, and turning the typed
// errors of core/ and store/ into CLI errors (exit code + what to do) at one edge.
import type { ProfileField } from '../../../core/profile-draft.ts';
import { ProfileInvalidError } from '../../../core/profile-draft.ts';
import type { Profile } from '../../../core/profile.ts';
import { EnvelopeFormatError, WrongPassphraseError } from '../../../core/sealed-export.ts';
import { CertificateFileError } from '../../../store/certificate-file.ts';
import { EmulatorNotRunningError } from '../../../store/emulator-connection.ts';
import { ConfigFileError, type ProfilesDocument } from '../../../store/profile-store.ts';
import { CliError, EXIT, UsageError } from '../../errors.ts';
import { pickProfile } from '../../../core/profile-pick.ts';

/** The flag that sets each profile field, so a validation message can name it. */
export const FIELD_FLAGS: Record<ProfileField, string> = {
  name: '--name', cloud: '--cloud', authorityHost: '--authority-host', graphUrl: '--graph-url',
  keyVaultSuffix: '--keyvault-suffix', tenant: '--tenant', clientId: '--client-id', authMethod: '--auth-method',
  secret: '--secret-ref', certificate: '--certificate', scopes: '--scope', defaultFlow: '--flow',
};

export { chooseProfile } from '../../profile-choice.ts';

export function profileNotFound(name: string, doc: ProfilesDocument): CliError {
  // Only called for a name that is not there, so pickProfile's answer is its "no such profile" problem.
  const r = pickProfile(doc, name);
  const problem = 'problem' in r ? r.problem : { message: `There is no profile named '${name}'.`, hint: '' };
  return new CliError(problem.message, EXIT.failure, problem.hint);
}

/** Translates errors from core/ and store/ into CLI errors; anything else passes through. */
export function cliErrorOf(err: unknown): unknown {
  if (err instanceof CliError) return err;
  if (err instanceof ProfileInvalidError) {
    const lines = err.problems.map((p) => `invalid ${FIELD_FLAGS[p.field]}: ${p.message}`);
    return new UsageError(lines.join('\n'));
  }
  if (err instanceof ConfigFileError || err instanceof EmulatorNotRunningError || err instanceof WrongPassphraseError) return new CliError(err.message);
  if (err instanceof CertificateFileError) return new UsageError(`invalid --certificate: ${err.message}`);
  if (err instanceof EnvelopeFormatError) return new CliError(`This is not an export file we can read: ${err.message}.`);
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ELOCKED') return new CliError(`Another entra-auth-cli is holding the lock on ${e.path ?? 'the profiles file'} for too long; try again.`);
  return err;
}

/** Runs a subcommand with the translation above. */
export async function withConfigErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw cliErrorOf(err);
  }
}
