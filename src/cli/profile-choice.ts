// -p NAME, or the default profile, as a CLI error when there is none (see core/profile-pick.ts).
import { pickProfile } from '../core/profile-pick.ts';
import type { Profile } from '../core/profile.ts';
import { CliError, EXIT, UsageError } from './errors.ts';

export function chooseProfile(doc: { defaultProfile: string | null; profiles: Record<string, Profile> }, name: string | undefined): Profile {
  const r = pickProfile(doc, name);
  if ('profile' in r) return r.profile;
  throw r.problem.kind === 'usage' ? new UsageError(r.problem.message, r.problem.hint) : new CliError(r.problem.message, EXIT.failure, r.problem.hint);
}
