// `secret delete --app APPID --key-id K`: deletes one client secret or certificate of an app registration
// (or a client secret of its service principal) after showing what it is and what it was last used for.
// Asks on a terminal; --yes without one. Refuses, without --force, the secret a local profile uses and the
// app's last valid credential. A credential that is not there any more is "already deleted", exit 0.
import type { DeletedSecret } from '../../../app/secret/delete.ts';
import { terminalSafe } from '../../../core/terminal-text.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import { resolveOutput } from '../../output/output.ts';
import { OBJECT_OUTPUT } from '../../output/specs.ts';
import { defineCommand, flag } from '../../define-command.ts';
import { UsageError } from '../../errors.ts';
import { ADMIN_TARGET_FLAGS, secretsTarget, type AdminTargetOptions } from './list.ts';

export const command = defineCommand({
  name: 'secret delete',
  description: 'Delete a client secret or certificate of an app registration by key ID, after showing what it was last used for; refuses one a profile uses or the last valid one without --force.',
  output: { spec: OBJECT_OUTPUT, purpose: 'what was deleted' },
  flags: [
    flag('--app <appId>', "the application (client) ID, in the current admin session's tenant (or --tenant / --cloud)"),
    flag('-p, --profile <name>', "instead of --app: the profile's app (and its cloud and tenant)"),
    flag('--key-id <guid>', 'the key ID of the credential (see: entra-auth-cli secret list)'),
    flag('-y, --yes', 'delete without asking (needed without a terminal)'),
    flag('--force', "delete even the secret a local profile uses, or the app's last valid credential"),
    ...ADMIN_TARGET_FLAGS,
  ],
  help: `
Before deleting it shows the credential's name, hint, end, last sign-in and the resources it signed in to
(from the sign-in reports, where readable), then asks. A certificate is removed with a PATCH of the app's
keyCredentials (both entries when it is listed as Sign and Verify). Deleting a secret a profile uses breaks
that profile: rotate it instead (entra-auth-cli secret rotate -p NAME). A key ID that is not in the app is
reported as already deleted (exit 0), so a re-run after an interruption is safe.

Examples:
  $ entra-auth-cli secret list --app "$APP_ID"                                  # find the key ID
  $ entra-auth-cli secret delete --app "$APP_ID" --key-id "$KEY_ID"
  $ entra-auth-cli secret delete --app "$APP_ID" --key-id "$KEY_ID" --yes -o json    # in a script
  $ entra-auth-cli secret delete -p demo --key-id "$KEY_ID" --yes --force           # even the profile's own`,
  run,
});

export interface SecretDeleteOptions extends AdminTargetOptions {
  keyId?: string;
  yes?: boolean;
  force?: boolean;
}

export async function run(opts: SecretDeleteOptions, f: Factory): Promise<void> {
  const { io } = f;
  const output = await resolveOutput(opts, OBJECT_OUTPUT, io);
  if (!opts.keyId) throw new UsageError('missing --key-id KEYID: the key ID of the credential to delete (see: entra-auth-cli secret list --app APPID).');
  const [{ deleteSecret }, { profileSecretReader }, { writeRecord }] = await Promise.all([
    import('../../../app/secret/delete.ts'), import('../../../app/secret/profiles-using.ts'), import('../../output/record.ts'),
  ]);
  const { deps, target } = await secretsTarget(opts, f, 'whose credential to delete');
  const result = await deleteSecret(deps, target, {
    keyId: opts.keyId, yes: opts.yes, force: opts.force, deviceCode: opts.deviceCode, browser: opts.browser, adminClientId: opts.adminClientId,
    readSecret: profileSecretReader(() => f.secrets(), f.env),
  });
  const shown = (t: string) => terminalSafe(t, { keepLayout: false });
  if (result.deleted) line(io.err, `✓ Deleted ${result.credential!.type === 'password' ? 'client secret' : 'certificate'} '${shown(result.credential!.name ?? result.keyId)}' (${result.keyId}) of ${shown(result.application.displayName)}.`);
  // A person at a terminal has read the notices; data goes to stdout when asked for (-o / --query) or in a pipe.
  if (opts.output === undefined && !opts.query && io.stdoutIsTty) return;
  await writeRecord(io.out, output, { json: deletedJson(result) });
}

function deletedJson(r: DeletedSecret): Record<string, unknown> {
  const c = r.credential;
  return {
    deleted: r.deleted, alreadyDeleted: r.alreadyDeleted, application: r.application.displayName, appId: r.application.appId, keyId: r.keyId,
    keyIds: c?.keyIds ?? [r.keyId], name: c?.name ?? null, hint: c?.hint ?? null, type: c?.type ?? null, usage: c?.usage ?? null, origin: c?.origin ?? null,
    endDateTime: c?.endDateTime ?? null, status: c?.status ?? null, lastSignInDateTime: r.lastSignInDateTime, lastUsedFor: r.lastUsedFor, forced: r.forced,
  };
}
