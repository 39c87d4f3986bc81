// Rotating a profile's client secret with zero downtime (issue 10, item 2). The API other parts call:
//
//   rotateProfileSecret(deps, { profile, removeOld?, overlapMs?, waitForUse?, dryRun?, days?, verifyTimeoutMs?, ... })
//     -> RotationResult (profile, app, old credential and what became of it, new credential, verified after N s)
//   replaceAppCredential(deps, { appId, keyId, removeOld?, ... })      (leak respond)
//     -> every local profile that uses credential `keyId` of app `appId` rotated; `keyId` retired after the last
//
// The order (docs/lifecycle.md "secret rotate"), each step journaled (store/journal.ts, entry.rotation) and reported
// through the Interaction port's progress (rotate-steps.ts):
//   1. Read the profile, the app (the admin session, as secret create), and which credential the profile
//      uses now (recorded keyId, else the value's hint; ambiguous or none: it is still rotated, but nothing is
//      retired automatically, and the person is told). A dry run stops here with the plan.
//   2. Journal the intent (with what to do with the old credential), addPassword EAC-EXP-DD-MMM-YY (180 days
//      or --days, capped by the app management policy as secret create does: add-and-store.ts is shared),
//      journal the keyId.
//   3. Prove the new value gets a client-credentials token for the profile's scopes, retrying within a bound
//      (rotate-verify.ts), BEFORE anything holds it. Refused: the new credential is removed again, the
//      profile keeps its secret, the error says so (exit 1).
//   4. Store it where the current one lives: the profile's store (the save transaction, recording
//      secret.credential) or a new version of its keyvault:// secret (tagged appId, keyId). Journal "stored".
//   5. Retire the old one per --remove-old (rotate-retire.ts): now (after --wait-for-use's proof), a pending
//      retirement for `secret prune` (after-overlap, the default, 7 days), or never. Finish the journal.
// Killed anywhere: the next run (recover.ts) removes a new credential nobody holds, or finishes step 5 as
// recorded. The new value is never shown: it went straight to where the old one lived.
import { ActionableError } from '../../core/actionable-error.ts';
import { matchProfileCredential, type CredentialMatch } from '../../core/profile-credential-match.ts';
import type { Profile } from '../../core/profile.ts';
import { redact } from '../../core/redact.ts';
import { DEFAULT_SECRET_DAYS, planSecret } from '../../core/secret-naming.ts';
import { findApplication, type AppRegistration } from '../../entra/graph/applications.ts';
import { REMOVE_OLD, type RemoveOld, type RotationIntent } from '../../store/journal.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { notSignedInError, openAdminSession, type AdminSessionHandle } from '../admin/session.ts';
import { resolveTarget, type ResolvedTarget } from '../admin/target.ts';
import { addAndStore } from './add-and-store.ts';
import { appLabel, EXIT_FAILURE, InvalidRequestError } from './errors.ts';
import { chooseLifetime, preflightKeyVault, readApplication } from './new-secret-plan.ts';
import { adminValueReader, type ValueReader } from './rotate-holders.ts';
import { DEFAULT_WAIT_FOR_USE_MS, retireReplaced, whyNotRemovable, type OldOutcome } from './rotate-retire.ts';
import type { RotationStep } from './rotate-steps.ts';
import { DEFAULT_VERIFY_TIMEOUT_MS, VerificationFailed, verifyNewSecret } from './rotate-verify.ts';
import type { SecretDestination, StoredIn } from './types.ts';

export { REMOVE_OLD, type RemoveOld } from '../../store/journal.ts';
export type { OldOutcome } from './rotate-retire.ts';

export const DEFAULT_OVERLAP_MS = 7 * 86_400_000;

export interface RotateOptions {
  profile: string;
  /** Default after-overlap. */
  removeOld?: RemoveOld;
  /** Default 7 days. */
  overlapMs?: number;
  waitForUse?: boolean;
  /** How long --wait-for-use waits (default 10 minutes). */
  waitForUseMs?: number;
  dryRun?: boolean;
  /** Lifetime of the new secret in days (default 180, capped by policy). */
  days?: number;
  /** Bound of the proof that the new value works (default 60 s). */
  verifyTimeoutMs?: number;
  /** Accept the policy's maximum lifetime without asking (--yes). */
  assumeYes?: boolean;
  deviceCode?: boolean;
  browser?: boolean;
  adminClientId?: string;
  timeoutSeconds?: number;
  /** Rotate only if the profile's secret is this credential (replaceAppCredential). */
  onlyIfUsing?: string;
  /** Between retries (tests may shorten nothing: the real timer is the default). */
  sleep?: (ms: number) => Promise<void>;
}

export interface RotationResult {
  profile: string;
  application: string;
  appId: string;
  tenant: string;
  dryRun: boolean;
  old: {
    keyId: string | null;
    /** How the profile's current credential was found (core/profile-credential-match.ts). */
    match: CredentialMatch['how'];
    displayName: string | null;
    /** removed / retires (pending, `secret prune`) / kept / gone; in a dry run: what would happen. */
    action: OldOutcome['action'];
    retiresAt: string | null;
    reason: string | null;
  };
  new: {
    keyId: string | null;
    displayName: string;
    hint: string | null;
    endDateTime: string;
    storedIn: StoredIn | null;
  };
  verifiedAfterSeconds: number | null;
}

/** A rotation that could not be done (exit 1): the profile keeps its secret; the message says what happened. */
export class RotationError extends ActionableError {
  constructor(message: string, hint?: string, exitCode = EXIT_FAILURE) {
    super(message, hint, exitCode);
  }
}

/** The profile does not use the credential asked for (replaceAppCredential skips it). */
export class NotThatCredentialError extends RotationError {}

/** Where a profile's value lives, as a destination for the new one; refuses what rotation cannot write. */
export function rotationDestination(p: Profile): SecretDestination {
  if (p.authMethod !== 'ClientSecret') {
    throw new InvalidRequestError(`Profile '${p.name}' signs in with ${p.authMethod}, not a client secret: there is no secret to rotate.`);
  }
  const s = p.secret ?? { kind: 'stored' as const };
  if (s.kind === 'stored') return { kind: 'profile', profile: p.name };
  const kv = /^keyvault:\/\/([^/]+)\/(.+)$/.exec(s.ref);
  if (kv) return { kind: 'keyvault', vault: kv[1]!, name: kv[2]!, profile: p.name };
  const scheme = /^[a-z]+:/i.exec(s.ref)?.[0] ?? 'a reference';
  throw new InvalidRequestError(`Profile '${p.name}' reads its client secret from ${scheme} (${scheme === 'env:' || scheme === 'file:' ? redact(s.ref) : 'a reference'}), which rotation cannot write to.`,
    `Create a new secret with \`entra-auth-cli secret create --app ${p.clientId} --no-display -o json\` and put it there yourself; or keep the secret in the profile's store or Key Vault (config edit -p ${p.name}) so rotate can replace it in place.`);
}

function checkOptions(o: RotateOptions): void {
  if (o.removeOld !== undefined && !REMOVE_OLD.includes(o.removeOld)) throw new InvalidRequestError(`invalid --remove-old '${String(o.removeOld)}': use now, after-overlap or never.`);
  if (o.days !== undefined && (!Number.isInteger(o.days) || o.days < 1 || o.days > 3650)) throw new InvalidRequestError(`invalid --days '${String(o.days)}': a whole number of days from 1 to 3650.`);
  if (o.overlapMs !== undefined && !(o.overlapMs >= 0)) throw new InvalidRequestError('invalid --overlap: a duration such as 7d.');
  if (o.waitForUse && o.removeOld === 'never') throw new InvalidRequestError('--wait-for-use decides when the old secret is removed; --remove-old never keeps it: use one of them.');
}

export async function rotateProfileSecret(deps: AdminDeps, o: RotateOptions): Promise<RotationResult> {
  checkOptions(o);
  const target = resolveTarget(deps, { profile: o.profile }, { useCurrent: false });
  const profile = target.profile!;
  const destination = rotationDestination(profile);
  const step = (s: RotationStep) => deps.interaction.progress?.(s);
  const allowSignIn = deps.interaction.interactive || Boolean(o.deviceCode);
  const session = await openAdminSession(deps, target, allowSignIn
    ? { deviceCode: o.deviceCode, browser: o.browser, adminClientId: o.adminClientId, timeoutSeconds: o.timeoutSeconds, notice: true }
    : undefined);
  if (!session) throw notSignedInError(target, 'for secret management');
  try {
    await session.graphToken();
    step('signed-in');
    return await rotateWith(deps, session, target, profile, destination, o, step);
  } finally {
    session.close();
  }
}

async function rotateWith(deps: AdminDeps, session: AdminSessionHandle, target: ResolvedTarget, profile: Profile, destination: SecretDestination, o: RotateOptions, step: (s: RotationStep) => void): Promise<RotationResult> {
  const graph = await session.graph();
  const app = await readApplication(graph, { appId: profile.clientId, tenant: target.tenant }, session);
  const read = adminValueReader(deps, session, target.cloud);
  const match = await currentCredential(deps, profile, app, read);
  const oldKeyId = match.how === 'recorded' || match.how === 'hint' ? match.keyId : undefined;
  if (o.onlyIfUsing && oldKeyId !== o.onlyIfUsing) throw new NotThatCredentialError(`Profile '${profile.name}' does not use the credential ${o.onlyIfUsing} of ${appLabel(app)}.`);
  if (!oldKeyId) deps.interaction.warn(unknownOldText(profile, app, match));

  const days = await chooseLifetime(deps, graph, app, o.days ?? DEFAULT_SECRET_DAYS, o);
  if (destination.kind === 'keyvault' && !o.dryRun) await preflightKeyVault(session, target.cloud, app);
  const now = deps.clock();
  const plan = planSecret(now, days);
  const removeOld = o.removeOld ?? 'after-overlap';
  const oldCred = app.passwordCredentials.find((p) => p.keyId === oldKeyId);
  const intent: RotationIntent = {
    profile: profile.name, removeOld,
    ...(oldKeyId ? { oldKeyId } : {}), ...(oldCred?.displayName ? { oldDisplayName: oldCred.displayName } : {}),
    ...(removeOld === 'after-overlap' ? { retireAfter: new Date(now.getTime() + (o.overlapMs ?? DEFAULT_OVERLAP_MS)).toISOString() } : {}),
    ...(o.waitForUse ? { waitForUse: true } : {}), newEndDateTime: plan.endDateTime.toISOString(),
  };
  const base = { profile: profile.name, application: app.displayName, appId: app.appId, tenant: session.session.tenantId ?? target.tenant };
  const oldPart = { keyId: oldKeyId ?? null, match: match.how, displayName: oldCred?.displayName ?? null };

  if (o.dryRun) {
    const would = await plannedOutcome(deps, app, intent, read);
    return {
      ...base, dryRun: true, old: { ...oldPart, ...outcomeFields(would) },
      new: { keyId: null, displayName: plan.displayName, hint: null, endDateTime: plan.endDateTime.toISOString(), storedIn: null }, verifiedAfterSeconds: null,
    };
  }
  step('planned');

  let verifiedAfter = 0;
  // Sign-ins of the new key after its proof come from whoever holds it (--wait-for-use looks for one).
  let provenAt = now;
  const { created, journal, entry } = await addAndStore(deps, {
    graph, session, target, app, plan, destination, interactive: false, step, rotation: intent,
    beforeStore: async ({ keyId, value }) => {
      verifiedAfter = await prove(session, target, profile, app, { keyId, value, displayName: plan.displayName }, o);
      provenAt = deps.clock();
      step('verified');
    },
  });

  let outcome: OldOutcome;
  try {
    const now = (await findApplication(graph, app.appId)) ?? app;
    outcome = await retireReplaced(deps, {
      graph, app: now, tenant: entry.tenant, cloud: target.cloud, intent, newKeyId: created.keyId, storedAt: provenAt, read,
      waitForUseMs: o.waitForUseMs ?? DEFAULT_WAIT_FOR_USE_MS, ...(o.sleep ? { sleep: o.sleep } : {}),
    });
    step('old-retired');
    journal.finish(entry);
    step('done');
  } catch (err) {
    // The new secret is stored and works; only the old one's retirement is left: the next run finishes it (the entry stays).
    const why = redact((err as Error)?.message ?? String(err));
    deps.interaction.warn(`The new secret is in place, but retiring the old one failed (${why}); the next entra-auth-cli command tries again (journal ${journal.fileOf(entry)}).`);
    outcome = { action: 'kept', keyId: oldKeyId ?? null, reason: `retiring it failed (${why}); retried on the next run` };
  }
  deps.interaction.notice(`The new secret's value was not shown: it went straight to ${created.storedIn.kind === 'keyvault' ? `Key Vault ${created.storedIn.vault}/${created.storedIn.name}` : `profile '${profile.name}'`}, where the old one lived.`);
  return {
    ...base, dryRun: false, old: { ...oldPart, ...outcomeFields(outcome) },
    new: { keyId: created.keyId, displayName: created.displayName, hint: created.hint, endDateTime: created.endDateTime, storedIn: created.storedIn },
    verifiedAfterSeconds: verifiedAfter,
  };
}

function outcomeFields(x: OldOutcome): Pick<RotationResult['old'], 'action' | 'retiresAt' | 'reason'> {
  return { action: x.action, retiresAt: x.action === 'retires' ? x.retiresAt : null, reason: x.action === 'kept' ? x.reason : null };
}

/** What a real run would do with the old credential (dry run): the same rules, nothing written. */
async function plannedOutcome(deps: AdminDeps, app: AppRegistration, intent: RotationIntent, read: ValueReader): Promise<OldOutcome> {
  const old = intent.oldKeyId;
  if (!old) return { action: 'kept', keyId: null, reason: 'it is not known which credential the profile used before, so none would be removed automatically' };
  if (intent.removeOld === 'never') return { action: 'kept', keyId: old, reason: '--remove-old never' };
  // The replacement does not exist yet: check the rest against the app as if it did.
  const withNew = { ...app, passwordCredentials: [...app.passwordCredentials, { keyId: '(new)', displayName: null, hint: null, startDateTime: '', endDateTime: '' }] };
  const blocked = await whyNotRemovable(deps, withNew, old, '(new)', read, [intent.profile]);
  if (blocked === 'gone') return { action: 'gone', keyId: old };
  if (blocked) return { action: 'kept', keyId: old, reason: blocked };
  if (intent.removeOld === 'after-overlap') return { action: 'retires', keyId: old, retiresAt: intent.retireAfter!, waitForUse: Boolean(intent.waitForUse) };
  return { action: 'removed', keyId: old };
}

async function currentCredential(deps: AdminDeps, profile: Profile, app: AppRegistration, read: ValueReader): Promise<CredentialMatch> {
  if (profile.secret?.credential) return matchProfileCredential(profile.secret.credential, undefined, app.passwordCredentials);
  let value: string | undefined;
  try {
    value = await read(profile);
  } catch (err) {
    deps.interaction.warn(`The current secret of profile '${profile.name}' cannot be read (${redact((err as Error)?.message ?? String(err))}).`);
  }
  return matchProfileCredential(undefined, value, app.passwordCredentials);
}

function unknownOldText(profile: Profile, app: AppRegistration, m: CredentialMatch): string {
  const which = m.how === 'ambiguous' ? `its value's hint matches several credentials (${m.keyIds.join(', ')})`
    : m.how === 'gone' ? `the credential it recorded (${m.keyId}) is no longer in ${appLabel(app)}`
      : `no credential of ${appLabel(app)} matches its value`;
  return `It is not known which credential profile '${profile.name}' uses now (${which}): it is rotated, but no old credential is removed automatically. Look with \`entra-auth-cli secret list -p ${profile.name}\` and remove one yourself once nothing uses it.`;
}

/** Step 3: the proof, as a RotationError when it fails (the caller's core removes the new credential). */
async function prove(session: AdminSessionHandle, target: ResolvedTarget, profile: Profile, app: AppRegistration, made: { keyId: string; value: string; displayName: string }, o: RotateOptions): Promise<number> {
  const timeoutMs = o.verifyTimeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS;
  try {
    return await verifyNewSecret({
      cloud: target.cloud, tenant: profile.tenant, clientId: profile.clientId, scopes: profile.scopes, value: made.value, http: session.http, timeoutMs,
      ...(o.sleep ? { sleep: o.sleep } : {}),
    });
  } catch (err) {
    const f = err instanceof VerificationFailed ? err : new VerificationFailed(0, redact((err as Error)?.message ?? String(err), [made.value]), false);
    const what = f.retryable
      ? `The new client secret '${made.displayName}' (keyId ${made.keyId}) of ${appLabel(app)} did not get a token within ${Math.round(timeoutMs / 1000)} s (last answer: ${f.lastAnswer}).`
      : `The new client secret '${made.displayName}' (keyId ${made.keyId}) of ${appLabel(app)} did not get a token: ${f.lastAnswer}.`;
    throw new RotationError(`${what} It was removed again; profile '${profile.name}' keeps its current secret, which still works.`,
      f.retryable
        ? 'A new secret can take longer to start working in some tenants: run the rotation again with a longer bound, e.g. --verify-timeout 120s.'
        : `Check the profile's scopes and the app (entra-auth-cli health -p ${profile.name}), then run the rotation again.`);
  }
}

export interface ReplaceCredentialOptions extends Omit<RotateOptions, 'profile' | 'onlyIfUsing' | 'dryRun'> {
  appId: string;
  /** The credential to replace wherever a local profile uses it. */
  keyId: string;
}

export interface ReplaceCredentialResult {
  /** One per local profile that used the credential, in order. */
  rotated: RotationResult[];
  /** Profiles of the app that use another credential (left as they are). */
  skipped: string[];
}

/**
 * Replace credential `keyId` of app `appId` in every local profile that uses it (leak respond): each such
 * profile is rotated with --remove-old never, the last one with the requested --remove-old, so that the old
 * credential is retired once, after every holder has its replacement (the usual rules apply: never while a
 * profile still may use it). No profile uses it: nothing is done (rotated: []).
 */
export async function replaceAppCredential(deps: AdminDeps, o: ReplaceCredentialOptions): Promise<ReplaceCredentialResult> {
  const { appId, keyId, ...rest } = o;
  const candidates = Object.values(deps.profiles.read().profiles)
    .filter((p) => p.authMethod === 'ClientSecret' && p.clientId.toLowerCase() === appId.toLowerCase()).map((p) => p.name).sort();
  const rotated: RotationResult[] = [];
  const skipped: string[] = [];
  for (const [i, name] of candidates.entries()) {
    const last = i === candidates.length - 1;
    try {
      rotated.push(await rotateProfileSecret(deps, { ...rest, profile: name, onlyIfUsing: keyId, removeOld: last ? (o.removeOld ?? 'after-overlap') : 'never' }));
    } catch (err) {
      if (!(err instanceof NotThatCredentialError)) throw err;
      skipped.push(name);
    }
  }
  // The last candidate did not use it: retire it with one more look (the rules decide, as in a rotation).
  const lastRotated = rotated.at(-1);
  if (lastRotated && lastRotated.profile !== candidates.at(-1) && (o.removeOld ?? 'after-overlap') !== 'never') {
    lastRotated.old = { ...lastRotated.old, ...(await retireAfterReplace(deps, lastRotated, o)) };
  }
  return { rotated, skipped };
}

async function retireAfterReplace(deps: AdminDeps, r: RotationResult, o: ReplaceCredentialOptions): Promise<Pick<RotationResult['old'], 'action' | 'retiresAt' | 'reason'>> {
  const target = resolveTarget(deps, { profile: r.profile }, { useCurrent: false });
  const session = await openAdminSession(deps, target, undefined);
  if (!session) return { action: 'kept', retiresAt: null, reason: 'no admin session to remove it with' };
  try {
    const graph = await session.graph();
    const app = (await findApplication(graph, r.appId))!;
    const removeOld = o.removeOld ?? 'after-overlap';
    const now = deps.clock();
    const intent: RotationIntent = {
      profile: r.profile, oldKeyId: o.keyId, removeOld, ...(o.waitForUse ? { waitForUse: true } : {}),
      ...(removeOld === 'after-overlap' ? { retireAfter: new Date(now.getTime() + (o.overlapMs ?? DEFAULT_OVERLAP_MS)).toISOString() } : {}),
    };
    const outcome = await retireReplaced(deps, {
      graph, app, tenant: r.tenant, cloud: target.cloud, intent, newKeyId: r.new.keyId!, storedAt: now, read: adminValueReader(deps, session, target.cloud),
      waitForUseMs: o.waitForUseMs ?? DEFAULT_WAIT_FOR_USE_MS,
    });
    return outcomeFields(outcome);
  } finally {
    session.close();
  }
}
