// `whoami`: who the admin session is (user or service principal), in which tenant and cloud, with which
// client, and until when its Graph token holds (your zone and UTC). Checks the token from the cache
// (refreshing it if needed), never signs in. Data on stdout; exit 4 when no one is signed in.
import { formatTime } from '../../core/claims.ts';
import { jwtClaims } from '../../core/jwt.ts';
import { CliError, EXIT } from '../errors.ts';
import type { Factory } from '../factory.ts';
import { resolveOutput } from '../output/output.ts';
import { OBJECT_OUTPUT } from '../output/specs.ts';
import { defineCommand } from '../define-command.ts';
import { ADMIN_TARGET_FLAGS } from './admin-flags.ts';

export const command = defineCommand({
  name: 'whoami',
  description: 'Show who the admin session is (user or service principal), its tenant, cloud, permissions and when its token expires.',
  output: { spec: OBJECT_OUTPUT },
  flags: ADMIN_TARGET_FLAGS,
  help: `
Exit 4 when no one is signed in (or the session has expired).

Examples:
  $ entra-auth-cli whoami
  $ entra-auth-cli whoami -o json | jq -r .expiresOn`,
  run,
});

export interface WhoamiOptions {
  tenant?: string;
  cloud?: string;
  profile?: string;
  output?: string;
  query?: string;
}

export async function run(opts: WhoamiOptions, f: Factory): Promise<void> {
  const { io } = f;
  const output = await resolveOutput(opts, OBJECT_OUTPUT, io);
  // The admin session (MSAL, the HTTP layer) and the renderers load here, not with the command table.
  const [{ findSession, loginCommand, openAdminSession }, { resolveTarget }, { adminDeps }, { writeRecord }] = await Promise.all([
    import('../../app/admin/session.ts'), import('../../app/admin/target.ts'), import('../admin-deps.ts'), import('../output/record.ts'),
  ]);
  const deps = adminDeps(f);
  const target = resolveTarget(deps, opts, { useCurrent: true });
  const session = findSession(deps, target);
  if (!session) {
    throw new CliError(`Not signed in${target.tenant !== 'organizations' ? ` to tenant '${target.tenant}'` : ''} for secret management.`, EXIT.needsUserAction,
      `Sign in with: ${loginCommand({ tenant: target.tenant === 'organizations' ? '<TENANT-ID-OR-DOMAIN>' : target.tenant, cloudKey: target.cloud.key })}   (or login --service-principal ... in a pipeline)`);
  }
  const handle = await openAdminSession(deps, target, undefined);
  if (!handle) {
    throw new CliError(`The admin session of ${session.name ?? session.clientId} (tenant ${session.tenantId ?? session.tenant}) has expired.`, EXIT.needsUserAction,
      `Sign in again: ${loginCommand(session)}`);
  }
  let token;
  try {
    token = await handle.graphToken();
  } finally {
    handle.close();
  }
  const claims = jwtClaims(token.accessToken);
  const permissions = typeof claims.scp === 'string' ? claims.scp.split(' ') : Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  const current = deps.sessions.read().current === session.id;
  const info = {
    kind: session.kind,
    name: session.kind === 'user' ? session.name ?? null : session.name ?? null,
    ...(session.kind === 'user' ? {} : { appId: session.clientId }),
    tenant: session.tenant,
    tenantId: typeof claims.tid === 'string' ? claims.tid : session.tenantId ?? null,
    cloud: session.cloudKey,
    authorityHost: target.cloud.authorityHost,
    clientId: session.clientId,
    permissions,
    expiresOn: token.expiresOn.toISOString(),
    signedInAt: session.signedInAt,
    current,
  };
  const minutes = Math.floor((token.expiresOn.getTime() - f.clock().getTime()) / 60_000);
  const rows: [string, string][] = [
    ['Signed in as', session.kind === 'user' ? info.name ?? '(unknown user)' : `${info.name ?? 'service principal'} (${session.clientId})`],
    ['Type', session.kind === 'user' ? 'user' : 'service principal'],
    ['Tenant', info.tenantId && info.tenantId !== session.tenant ? `${info.tenantId} (${session.tenant})` : session.tenant],
    ['Cloud', `${session.cloudKey} (${target.cloud.authorityHost})`],
    ...(session.kind === 'user' ? [['Sign-in client', session.clientId] as [string, string]] : []),
    ['Permissions', permissions.join(' ') || '(none)'],
    ['Token expires', `${formatTime(token.expiresOn)} (${formatTime(token.expiresOn, 'UTC')}), in ${minutes} min`],
    ['Signed in at', formatTime(new Date(session.signedInAt))],
  ];
  await writeRecord(io.out, output, { json: info, rows: { rows, columns: [{ header: 'PROPERTY', value: (r) => r[0] }, { header: 'VALUE', value: (r) => r[1] }] } });
}
