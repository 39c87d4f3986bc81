// `secret rotate --all --due 30d`, for a scheduled job: every ClientSecret profile whose credential ends
// within the window is rotated (rotate.ts, one after the other), each reported as a row: rotated, skipped
// (not due, or not rotatable here, with why) or failed (with why). The credential's end is the one the
// profile recorded, else the one its value's hint matches in the app (read with the cached admin session).
import { credentialStatus, daysLeft, endsWithin } from '../../core/credential-status.ts';
import { matchProfileCredential } from '../../core/profile-credential-match.ts';
import type { Profile } from '../../core/profile.ts';
import { redact } from '../../core/redact.ts';
import { findApplication } from '../../entra/graph/applications.ts';
import type { AdminDeps } from '../admin/deps.ts';
import { openAdminSession } from '../admin/session.ts';
import { resolveTarget } from '../admin/target.ts';
import { adminValueReader } from './rotate-holders.ts';
import { rotateProfileSecret, rotationDestination, type RotateOptions, type RotationResult } from './rotate.ts';

export interface RotateDueOptions extends Omit<RotateOptions, 'profile' | 'onlyIfUsing'> {
  /** Rotate what ends within this many days (ended ones included). */
  dueDays: number;
}

export interface RotateDueRow {
  profile: string;
  appId: string;
  status: 'rotated' | 'skipped' | 'failed';
  /** The current credential's end, when known. */
  endDateTime: string | null;
  reason: string | null;
  result: RotationResult | null;
}

export async function rotateDue(deps: AdminDeps, o: RotateDueOptions, onRow?: (r: RotateDueRow) => void): Promise<RotateDueRow[]> {
  const rows: RotateDueRow[] = [];
  const profiles = Object.values(deps.profiles.read().profiles).filter((p) => p.authMethod === 'ClientSecret').sort((a, b) => a.name.localeCompare(b.name));
  for (const p of profiles) {
    const r = await one(deps, p, o);
    rows.push(r);
    onRow?.(r);
  }
  return rows;
}

async function one(deps: AdminDeps, p: Profile, o: RotateDueOptions): Promise<RotateDueRow> {
  const base = { profile: p.name, appId: p.clientId };
  try {
    rotationDestination(p);
  } catch (err) {
    return { ...base, status: 'skipped', endDateTime: null, reason: (err as Error).message, result: null };
  }
  let end: string | undefined;
  try {
    end = p.secret?.credential?.endDateTime ?? (await endFromApp(deps, p));
  } catch (err) {
    return { ...base, status: 'failed', endDateTime: null, reason: `its credential could not be looked up: ${redact((err as Error)?.message ?? String(err))}`, result: null };
  }
  if (!end) return { ...base, status: 'skipped', endDateTime: null, reason: 'its credential could not be identified in the app (rotate it with -p to see why)', result: null };
  const now = deps.clock();
  if (!endsWithin(end, now, o.dueDays)) {
    return { ...base, status: 'skipped', endDateTime: end, reason: `not due: ${daysLeft(end, now)} days left (${credentialStatus(end, now)})`, result: null };
  }
  try {
    const result = await rotateProfileSecret(deps, { ...o, profile: p.name });
    return { ...base, status: 'rotated', endDateTime: end, reason: null, result };
  } catch (err) {
    return { ...base, status: 'failed', endDateTime: end, reason: redact((err as Error)?.message ?? String(err)), result: null };
  }
}

/** The end of the credential the profile's value is (by hint), with the cached admin session; undefined if not found. */
async function endFromApp(deps: AdminDeps, p: Profile): Promise<string | undefined> {
  const target = resolveTarget(deps, { profile: p.name }, { useCurrent: false });
  const session = await openAdminSession(deps, target, undefined);
  if (!session) throw new Error(`not signed in to tenant '${target.tenant}'`);
  try {
    const app = await findApplication(await session.graph(), p.clientId);
    if (!app) throw new Error(`the app ${p.clientId} is not in tenant '${target.tenant}'`);
    const m = matchProfileCredential(undefined, await adminValueReader(deps, session, target.cloud)(p), app.passwordCredentials);
    return m.how === 'hint' ? app.passwordCredentials.find((c) => c.keyId === m.keyId)?.endDateTime : undefined;
  } finally {
    session.close();
  }
}
