// Which profile a command means: -p NAME, else the default one; and what to say when there is none. Pure,
// so the get-token fast path, get-token and the config/secret commands give the same answer and words.
import type { Profile } from './profile.ts';

export interface ProfileChoiceProblem {
  kind: 'usage' | 'failure';
  message: string;
  hint: string;
}

export function pickProfile(doc: { defaultProfile: string | null; profiles: Record<string, Profile> }, name: string | undefined): { profile: Profile } | { problem: ProfileChoiceProblem } {
  const chosen = name ?? doc.defaultProfile ?? undefined;
  if (chosen === undefined) {
    return { problem: { kind: 'usage', message: 'no profile given and there is no default profile.', hint: 'Name one with -p NAME (see: entra-auth-cli config list), or set a default with: entra-auth-cli config use NAME' } };
  }
  const profile = doc.profiles[chosen];
  if (profile) return { profile };
  const names = Object.keys(doc.profiles).sort();
  return {
    problem: {
      kind: 'failure', message: `There is no profile named '${chosen}'.`,
      hint: names.length ? `Profiles: ${names.join(', ')}.` : 'There are no profiles yet; create one with: entra-auth-cli config create',
    },
  };
}
