// Which cloud and tenant a secret-management command talks to: -p PROFILE (its cloud and tenant), or
// --cloud / --tenant, or the current admin session (the last login), or the public cloud.
import type { ResolvedCloud } from '../../core/cloud.ts';
import { resolveCloud } from '../../core/cloud.ts';
import { validate, type CloudName, type Profile } from '../../core/profile.ts';
import { appPaths } from '../../store/paths.ts';
import { AdminSessionsFileError, AdminSessionStore, type AdminSession } from '../../store/admin-sessions.ts';
import { EmulatorNotRunningError, readEmulatorConnection } from '../../store/emulator-connection.ts';
import { ConfigFileError, ProfileStore } from '../../store/profile-store.ts';
import { chooseProfile } from '../profile-choice.ts';
import { CliError, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { sessionCloud, type AdminTarget } from './admin-session.ts';

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

export function readSessions(io: Io): AdminSessionStore {
  return new AdminSessionStore(appPaths(io.env).config);
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EmulatorNotRunningError || err instanceof ConfigFileError || err instanceof AdminSessionsFileError) throw new CliError(err.message);
    throw err;
  }
}

/**
 * `useCurrent`: with no -p/--cloud/--tenant, take the current admin session's cloud and tenant (secret
 * create, whoami, logout); otherwise (login) the public cloud and `organizations`.
 */
export function resolveTarget(io: Io, flags: TargetFlags, opts: { useCurrent: boolean }): ResolvedTarget {
  return wrap(() => {
    if (flags.tenant !== undefined && flags.tenant !== 'organizations' && validate.tenant(flags.tenant)) throw new UsageError(`invalid --tenant: ${validate.tenant(flags.tenant)}`);
    if (flags.profile !== undefined) {
      if (flags.cloud !== undefined) throw new UsageError('-p takes the profile\'s cloud: leave out --cloud.');
      const profile = chooseProfile(new ProfileStore(appPaths(io.env).config).read(), flags.profile);
      const cloud = profile.cloud === 'local' ? resolveCloud(profile, readEmulatorConnection(io.env)) : resolveCloud(profile);
      return { tenant: flags.tenant ?? profile.tenant, cloud, cloudName: profile.cloud, profile };
    }
    if (flags.cloud !== undefined) {
      const name = flags.cloud.toLowerCase() as CloudName;
      if (name === 'custom') throw new UsageError('--cloud custom needs its endpoints: use -p PROFILE with a profile of that cloud.');
      if (!NAMED.includes(name)) throw new UsageError(`invalid --cloud '${flags.cloud}': use one of public, usgov, china, local (or -p PROFILE for a custom cloud).`);
      if (name === 'local') {
        const emu = readEmulatorConnection(io.env);
        return { tenant: flags.tenant ?? emu.tenantId, cloud: resolveCloud({ cloud: 'local' }, emu), cloudName: 'local' };
      }
      return { tenant: flags.tenant ?? 'organizations', cloud: resolveCloud({ cloud: name }), cloudName: name };
    }
    const current = opts.useCurrent ? readSessions(io).current() : undefined;
    if (current) {
      const cloud: ResolvedCloud = sessionCloud(current, io.env);
      const cloudName = (NAMED as string[]).includes(current.cloudKey) ? (current.cloudKey as CloudName) : 'custom';
      return { tenant: flags.tenant ?? current.tenantId ?? current.tenant, cloud, cloudName, ...(flags.tenant ? {} : { fromSession: current }) };
    }
    return { tenant: flags.tenant ?? 'organizations', cloud: resolveCloud({ cloud: 'public' }), cloudName: 'public' };
  });
}
