// Which cloud and tenant a secret-management command talks to: -p PROFILE (its cloud and tenant), or
// --cloud / --tenant, or the current admin session (the last login), or the public cloud.
import { emulatorOfTenant } from '../../store/emulator-connection.ts';
import { ActionableError } from '../../core/actionable-error.ts';
import { resolveCloud, type ResolvedCloud } from '../../core/cloud.ts';
import { pickProfile } from '../../core/profile-pick.ts';
import { validate, type CloudName, type Profile } from '../../core/profile.ts';
import type { AdminSession } from '../../store/admin-sessions.ts';
import { InvalidRequestError } from '../secret/errors.ts';
import type { AdminDeps } from './deps.ts';
import { sessionCloud, type AdminTarget } from './session.ts';

export interface TargetFlags {
  tenant?: string;
  cloud?: string;
  profile?: string;
}

export interface ResolvedTarget extends AdminTarget {
  profile?: Profile;
  /** The saved session this target came from (no flags given). */
  fromSession?: AdminSession;
}

const NAMED: CloudName[] = ['public', 'usgov', 'china', 'local'];

/**
 * `useCurrent`: with no -p/--cloud/--tenant, take the current admin session's cloud and tenant (secret
 * create, whoami, logout); otherwise (login) the public cloud and `organizations`.
 */
export function resolveTarget(deps: Pick<AdminDeps, 'profiles' | 'sessions' | 'emulator'>, flags: TargetFlags, opts: { useCurrent: boolean }): ResolvedTarget {
  if (flags.tenant !== undefined && flags.tenant !== 'organizations' && validate.tenant(flags.tenant)) throw new InvalidRequestError(`invalid --tenant: ${validate.tenant(flags.tenant)}`);
  if (flags.profile !== undefined) {
    if (flags.cloud !== undefined) throw new InvalidRequestError('-p takes the profile\'s cloud: leave out --cloud.');
    const picked = pickProfile(deps.profiles.read(), flags.profile);
    if ('problem' in picked) {
      const p = picked.problem;
      throw p.kind === 'usage' ? new InvalidRequestError(p.message, p.hint) : new ActionableError(p.message, p.hint);
    }
    const profile = picked.profile;
    const cloud = resolveCloud(profile, profile.cloud === 'local' ? deps.emulator() : undefined);
    return { tenant: flags.tenant ?? profile.tenant, cloud, cloudName: profile.cloud, profile };
  }
  if (flags.cloud !== undefined) {
    const name = flags.cloud.toLowerCase() as CloudName;
    if (name === 'custom') throw new InvalidRequestError('--cloud custom needs its endpoints: use -p PROFILE with a profile of that cloud.');
    if (!NAMED.includes(name)) throw new InvalidRequestError(`invalid --cloud '${flags.cloud}': use one of public, usgov, china, local (or -p PROFILE for a custom cloud).`);
    if (name === 'local') {
      const emu = deps.emulator();
      return { tenant: flags.tenant ?? emu.tenantId, cloud: resolveCloud({ cloud: 'local' }, emu), cloudName: 'local' };
    }
    return { tenant: flags.tenant ?? 'organizations', cloud: resolveCloud({ cloud: name }), cloudName: name };
  }
  // The running emulator's tenant ID names that tenant: no --cloud local needed (a GUID the emulator made at
  // random is no real tenant's), so scripts written for Entra run unchanged against the emulator.
  const emulator = flags.tenant !== undefined ? emulatorOfTenant(() => deps.emulator(), flags.tenant) : undefined;
  if (emulator) return { tenant: flags.tenant!, cloud: resolveCloud({ cloud: 'local' }, emulator), cloudName: 'local' };
  const current = opts.useCurrent ? deps.sessions.current() : undefined;
  if (current) {
    const cloud: ResolvedCloud = sessionCloud(current, deps);
    const cloudName = (NAMED as string[]).includes(current.cloudKey) ? (current.cloudKey as CloudName) : 'custom';
    return { tenant: flags.tenant ?? current.tenantId ?? current.tenant, cloud, cloudName, ...(flags.tenant ? {} : { fromSession: current }) };
  }
  return { tenant: flags.tenant ?? 'organizations', cloud: resolveCloud({ cloud: 'public' }), cloudName: 'public' };
}
