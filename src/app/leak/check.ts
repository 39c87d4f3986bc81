// `leak check`: where client-secret values are (one from stdin, or every one in files and folders), and which
// app and credential each belongs to (docs/lifecycle.md "Leaked secrets").
//
//   checkForLeaks(deps, { target, source, legacy?, match? }) -> { findings, matching, skipped }
//
// 1. Find: the value from stdin (whatever its shape: the person suspects it), or the secret shapes of
//    core/secret-patterns.ts in the text files of each path (shared/text-files.ts: .gitignore respected,
//    binary and huge files and symbolic links skipped).
// 2. Candidates: the tenant's password credentials whose hint (the first 3 characters, all Graph shows of a
//    secret) is a found value's, from one streamed list of the apps ($select=id,appId,displayName,
//    passwordCredentials).
// 3. Confirm: a client-credentials token request with the value for each candidate app (entra/msal/
//    secret-probe.ts). A token, or Entra's "expired" answer (AADSTS7000222, given only for the right value),
//    names the app; the credential is the one of that app with the hint (all of them, when several share it).
//    Entra records each attempt as a sign-in of that key.
// Matching needs an admin session (entra-auth-cli login): it never signs anyone in, so it runs in CI. Without
// one, or with match: false, the findings come back unmatched. Nothing returned holds a value: a finding has
// the place, the hint and the length.
import type { AdminDeps } from '../admin/deps.ts';
import { openAdminSession, type AdminSessionHandle, type AdminTarget } from '../admin/session.ts';
import { findSecretShapes, secretShapeOf, type SecretFormat } from '../../core/secret-patterns.ts';
import { redact } from '../../core/redact.ts';
import { listApplications, type AppRegistration, type PasswordCredential } from '../../entra/graph/applications.ts';
import { probeClientSecret } from '../../entra/msal/secret-probe.ts';
import { textFilesAt, type Skipped } from '../../shared/text-files.ts';

export type LeakSource = { kind: 'stdin'; value: string } | { kind: 'paths'; paths: string[]; maxBytes?: number };

export interface LeakCheckInput {
  target: AdminTarget;
  source: LeakSource;
  /** Also the legacy 32/34-character shapes (many false positives). */
  legacy?: boolean;
  /** false: report the findings without asking the tenant (--no-match). */
  match?: boolean;
}

export interface MatchedCredential {
  keyId: string;
  displayName: string | null;
  endDateTime: string;
}

/**
 * What is known of a finding's owner:
 *   confirmed     Entra took the value for `app` (expired: it said the value is that app's, but expired)
 *   unconfirmed   credentials share its hint, but Entra took it for none of their apps (a revoked secret, or
 *                 another tenant's), or there were too many to try
 *   no-match      no credential of the tenant has its hint: not this tenant's (or long deleted)
 *   not-checked   matching did not run (no admin session, no permission, or --no-match)
 */
export type LeakMatch =
  | { status: 'confirmed'; expired: boolean; app: { appId: string; displayName: string; id: string }; credentials: MatchedCredential[] }
  | { status: 'unconfirmed'; candidates: number; tried: number }
  | { status: 'no-match' }
  | { status: 'not-checked' };

export interface LeakFinding {
  /** A file's path as given (joined with what is under it), or 'stdin'. */
  source: string;
  /** 1-based; stdin: 1. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  hint: string;
  length: number;
  format: SecretFormat | 'unrecognized';
  match: LeakMatch;
}

export interface LeakCheckResult {
  findings: LeakFinding[];
  /** Whether the tenant was asked (an admin session was there and could read the apps). */
  matching: boolean;
  skipped: Skipped[];
}

/** Candidate apps tried per value, at most: a hint shared by more is reported as unconfirmed. */
export const MAX_PROBES = 20;

export async function checkForLeaks(deps: AdminDeps, input: LeakCheckInput): Promise<LeakCheckResult> {
  const values = new Map<LeakFinding, string>();
  const skipped: Skipped[] = [];
  if (input.source.kind === 'stdin') {
    const value = input.source.value;
    const shape = secretShapeOf(value, { legacy: true });
    values.set({ source: 'stdin', line: 1, column: 1, hint: value.slice(0, 3), length: value.length, format: shape?.format ?? 'unrecognized', match: { status: 'not-checked' } }, value);
  } else {
    for (const path of input.source.paths) {
      for await (const file of textFilesAt(path, { onSkip: (s) => skipped.push(s), ...(input.source.maxBytes ? { maxBytes: input.source.maxBytes } : {}) })) {
        for (const [finding, value] of findingsIn(file.path, file.text, Boolean(input.legacy))) values.set(finding, value);
      }
    }
  }
  const findings = [...values.keys()];
  if (!findings.length || input.match === false) return { findings, matching: false, skipped };

  const session = await openAdminSession(deps, input.target, undefined);
  if (!session) {
    deps.interaction.notice('Not matched to apps: that needs an admin session of the tenant (entra-auth-cli login; in a pipeline, login --service-principal).');
    return { findings, matching: false, skipped };
  }
  try {
    const matching = await matchFindings(deps, session, input.target, values);
    return { findings, matching, skipped };
  } finally {
    session.close();
  }
}

function* findingsIn(path: string, text: string, legacy: boolean): Generator<[LeakFinding, string]> {
  const shapes = findSecretShapes(text, { legacy });
  if (!shapes.length) return;
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for (const s of shapes) {
    for (; at < s.index; at++) {
      if (text.charCodeAt(at) === 10) {
        line++;
        lineStart = at + 1;
      }
    }
    const column = [...text.slice(lineStart, s.index)].length + 1;
    yield [{ source: path, line, column, hint: s.hint, length: s.length, format: s.format, match: { status: 'not-checked' } }, text.slice(s.index, s.index + s.length)];
  }
}

type Candidate = { app: AppRegistration; credential: PasswordCredential };

/** Fills each finding's match; false when the apps could not be read (told through the port). */
async function matchFindings(deps: AdminDeps, session: AdminSessionHandle, target: AdminTarget, values: Map<LeakFinding, string>): Promise<boolean> {
  const byHint = new Map<string, Candidate[]>();
  for (const v of values.values()) byHint.set(v.slice(0, 3), []);
  try {
    const graph = await session.graph();
    for await (const app of listApplications(graph, { select: 'id,appId,displayName,passwordCredentials' })) {
      for (const credential of app.passwordCredentials ?? []) byHint.get(credential.hint ?? '')?.push({ app, credential });
    }
  } catch (err) {
    deps.interaction.warn(`Not matched to apps: the app registrations could not be read as ${session.who}: ${redact((err as Error)?.message ?? String(err), [...values.values()])}`);
    return false;
  }

  const tenant = session.session.tenantId ?? target.tenant;
  const probeInput = { cloud: target.cloud, tenant, http: session.http };
  const known = new Map<string, LeakMatch>(); // one answer per distinct value
  for (const [finding, value] of values) {
    let match = known.get(value);
    if (!match) {
      match = await matchValue(probeInput, value, byHint.get(value.slice(0, 3)) ?? []);
      known.set(value, match);
    }
    finding.match = match;
  }
  return true;
}

async function matchValue(probe: Omit<Parameters<typeof probeClientSecret>[0], 'clientId'>, value: string, candidates: Candidate[]): Promise<LeakMatch> {
  if (!candidates.length) return { status: 'no-match' };
  const apps = [...new Map(candidates.map((c) => [c.app.appId, c.app])).values()];
  const tried = apps.slice(0, MAX_PROBES);
  for (const app of tried) {
    const answer = await probeClientSecret({ ...probe, clientId: app.appId }, value);
    const expired = !answer.works && answer.code === 7000222;
    if (answer.works || expired) {
      const credentials = candidates.filter((c) => c.app.appId === app.appId).map(({ credential: c }) => ({ keyId: c.keyId, displayName: c.displayName, endDateTime: c.endDateTime }));
      return { status: 'confirmed', expired, app: { appId: app.appId, displayName: app.displayName, id: app.id }, credentials };
    }
  }
  return { status: 'unconfirmed', candidates: apps.length, tried: tried.length };
}

/**
 * Whether the check found what a build should fail on (exit 3): in files, any value (a secret in a
 * repository is a leak, whichever tenant it is of); from stdin, a value not ruled out (confirmed, not matched,
 * or a candidate app left untried).
 */
export function leakFound(result: LeakCheckResult): boolean {
  return result.findings.some((f) => f.source !== 'stdin' || f.match.status === 'confirmed' || f.match.status === 'not-checked'
    || (f.match.status === 'unconfirmed' && f.match.tried < f.match.candidates));
}
