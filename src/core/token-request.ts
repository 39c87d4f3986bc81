// What a get-token invocation asks for, decided once for both the full command and the cache fast path:
// which profile (-p, else the default), which flow (--flow, else the profile's), which scopes (--scope, else
// the profile's), which output, and the warning threshold. Pure: problems come back as data.
import { allowedFlows } from './profile-draft.ts';
import { FLOWS, parseScopes, validate, type Flow, type Profile } from './profile.ts';
import { unknownFormatMessage } from './output-formats.ts';
import { parseWarnMinutes, resolveTokenFormat, TOKEN_FORMATS, type TokenFormat } from './token-output.ts';
import { pickProfile } from './profile-pick.ts';

export interface TokenFlags {
  profile?: string;
  scope?: string[];
  flow?: string;
  output?: string;
  warnMinutes?: string;
  timeout?: string;
}

export interface TokenPlan {
  profile: Profile;
  flow: Flow;
  scopes: string[];
  format: TokenFormat;
  warnMinutes: number;
  timeoutSeconds: number;
}

export interface TokenPlanProblem {
  /** usage = exit 2 (a flag is wrong); failure = exit 1 (the profiles say no). */
  kind: 'usage' | 'failure';
  message: string;
  hint?: string;
}

export const DEFAULT_SIGN_IN_TIMEOUT_SECONDS = 300;

/** --timeout SECONDS for a sign-in a person completes: a whole number from 1; undefined when invalid. */
export function parseSignInTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return DEFAULT_SIGN_IN_TIMEOUT_SECONDS;
  return /^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

export function planTokenRequest(
  doc: { defaultProfile: string | null; profiles: Record<string, Profile> },
  flags: TokenFlags,
  stdoutIsTty: boolean,
): { plan: TokenPlan } | { problem: TokenPlanProblem } {
  const usage = (message: string, hint?: string) => ({ problem: { kind: 'usage' as const, message, hint } });
  const format = resolveTokenFormat(flags.output, stdoutIsTty);
  if (!format) return usage(`-o: ${unknownFormatMessage(flags.output!, TOKEN_FORMATS)}`);
  const warnMinutes = parseWarnMinutes(flags.warnMinutes);
  if (warnMinutes === undefined) return usage(`--warn-minutes takes a whole number of minutes (got '${flags.warnMinutes}').`);
  const timeoutSeconds = parseSignInTimeout(flags.timeout);
  if (timeoutSeconds === undefined) return usage(`--timeout takes a number of seconds (got '${flags.timeout}').`);

  const picked = pickProfile(doc, flags.profile);
  if ('problem' in picked) return { problem: picked.problem };
  const { profile } = picked;

  const flow = (flags.flow ?? profile.defaultFlow) as Flow;
  if (!(FLOWS as readonly string[]).includes(flow)) return usage(`unknown flow '${flags.flow}'; use ${FLOWS.join(', ')}.`);
  if (!allowedFlows(profile.authMethod).includes(flow)) {
    return usage(`profile '${profile.name}' (${profile.authMethod}) cannot use the ${flow} flow; it can use ${allowedFlows(profile.authMethod).join(' or ')}.`,
      flow === 'client-credentials' ? 'Client credentials need a client secret or certificate: use a ClientSecret or Certificate profile.' : undefined);
  }

  const scopes = flags.scope?.length ? parseScopes(flags.scope) : [...profile.scopes];
  if (!scopes.length) return usage('no scope: pass --scope, e.g. --scope https://graph.microsoft.com/.default');
  for (const s of scopes) {
    const bad = validate.scope(s);
    if (bad) return usage(`invalid --scope: ${bad}`);
  }
  return { plan: { profile, flow, scopes, format, warnMinutes, timeoutSeconds } };
}
