// `logout`: ends an admin session (the current one, the one of --tenant / -p, or --all): its cached tokens,
// its token-cache key and a service principal's stored secret are removed with it.
import type { AdminSession } from '../../store/admin-sessions.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import type { Factory } from '../factory.ts';
import { line } from '../io.ts';
import { defineCommand, flag } from '../define-command.ts';
import { ADMIN_TARGET_FLAGS } from './admin-flags.ts';

export const command = defineCommand({
  name: 'logout',
  description: 'End the admin session (the current one, or the one of --tenant / -p): its cached tokens and stored credential are removed.',
  flags: [...ADMIN_TARGET_FLAGS, flag('--all', 'end every admin session')],
  help: `
Examples:
  $ entra-auth-cli logout
  $ entra-auth-cli logout --tenant contoso.onmicrosoft.com
  $ entra-auth-cli logout --all`,
  run,
});

export interface LogoutOptions {
  tenant?: string;
  cloud?: string;
  profile?: string;
  all?: boolean;
}

export async function run(opts: LogoutOptions, f: Factory): Promise<void> {
  const { io } = f;
  // The admin session (MSAL, the HTTP layer) loads here, not with the command table.
  const [{ findSession, removeSession }, { resolveTarget }, { adminDeps }] = await Promise.all([
    import('../../app/admin/session.ts'), import('../../app/admin/target.ts'), import('../admin-deps.ts'),
  ]);
  const deps = adminDeps(f);
  const store = deps.sessions;
  let chosen: AdminSession[];
  if (opts.all) {
    chosen = Object.values(store.read().sessions);
  } else if (opts.tenant || opts.cloud || opts.profile) {
    const s = findSession(deps, resolveTarget(deps, opts, { useCurrent: true }));
    chosen = s ? [s] : [];
  } else {
    const s = store.current();
    chosen = s ? [s] : [];
  }
  if (!chosen.length) {
    line(io.err, 'Not signed in: there is no admin session to end.');
    return;
  }
  for (const s of chosen) {
    await removeSession(deps, s);
    const who = s.kind === 'user' ? s.name ?? 'the user' : `service principal ${s.name ? `'${s.name}' ` : ''}(${s.clientId})`;
    line(io.err, terminalSafe(`Signed out ${who} (tenant ${s.tenantId ?? s.tenant}, ${s.cloudKey}): its cached tokens${s.kind === 'service-principal' ? ' and stored credential' : ''} were removed.`));
  }
}
