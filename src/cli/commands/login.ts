// `login`: the admin session secret management uses. A person signs in to Microsoft Graph with a public
// client (browser with PKCE, or device code); a pipeline signs in as a service principal whose secret comes
// from stdin (or whose certificate is a file). Messages on stderr; nothing on stdout.
import { resolve } from 'node:path';
import { isGuid } from '../../core/profile.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import { CertificateFileError, checkCertificatePassword, inspectCertificateFile } from '../../store/certificate-file.ts';
import type { ServicePrincipalCredentialInput } from '../../app/admin/session.ts';
import { hasJournalEntries } from '../../app/secret/journal-check.ts';
import { parseSignInTimeout } from '../../core/token-request.ts';
import { CliError, UsageError } from '../errors.ts';
import type { Factory } from '../factory.ts';
import { line, paint } from '../io.ts';
import { defineCommand, flag } from '../define-command.ts';
import { ADMIN_TARGET_FLAGS } from './admin-flags.ts';

export const command = defineCommand({
  name: 'login',
  description: 'Sign in to Microsoft Graph as an administrator for secret management (browser or device code), or as a service principal in pipelines; the session is cached, encrypted.',
  flags: [
    ...ADMIN_TARGET_FLAGS,
    flag('--device-code', 'sign in on another device with a code (automatic when no browser can open here)'),
    flag('--no-browser', 'print the sign-in URL instead of opening a browser'),
    flag('--admin-client-id <guid>', 'the public client to sign in through (default: Microsoft Graph PowerShell 14d82eec-204b-4c2f-b7e8-296a70dab67e; or EAC_ADMIN_CLIENT_ID, or "adminClientId" in settings.json in the config dir)'),
    flag('--timeout <seconds>', 'give up on a browser or device-code sign-in after this long', { default: '300' }),
    flag('--service-principal', 'sign in as a service principal (pipelines): with --client-id and --client-secret-stdin or --certificate'),
    flag('--client-id <guid>', 'with --service-principal: its application (client) ID'),
    flag('--client-secret-stdin', "with --service-principal: read its secret from stdin (kept in the secret store, never in argv)"),
    flag('--certificate <path>', 'with --service-principal: its certificate, a PEM (certificate + private key) or PFX file'),
    flag('--certificate-password-stdin', "with --certificate: read the file's password from stdin"),
  ],
  help: `
The account needs Application.ReadWrite.All, or Application.ReadWrite.OwnedBy for apps it owns (roles that
work: Application Administrator, Cloud Application Administrator, or owner of the app). A tenant that
blocks Microsoft Graph PowerShell needs your own public client: --admin-client-id.

Examples:
  $ entra-auth-cli login --tenant contoso.onmicrosoft.com
  $ entra-auth-cli login --tenant contoso.onmicrosoft.com --device-code
  $ entra-auth-cli login --cloud local                            # the running emulator's tenant
                                            (--tenant with the running emulator's tenant ID also goes there)
  $ entra-auth-cli login -p demo --admin-client-id "$MY_PUBLIC_CLIENT_ID"
  $ printf %s "$SP_SECRET" | entra-auth-cli login --service-principal --tenant "$TENANT_ID" \\
      --client-id "$SP_CLIENT_ID" --client-secret-stdin
  $ entra-auth-cli login --service-principal --tenant "$TENANT_ID" --client-id "$SP_CLIENT_ID" --certificate ./sp.pem`,
  run,
});

export interface LoginOptions {
  tenant?: string;
  cloud?: string;
  profile?: string;
  deviceCode?: boolean;
  /** Commander's --no-browser: false when given. */
  browser?: boolean;
  adminClientId?: string;
  timeout?: string;
  servicePrincipal?: boolean;
  clientId?: string;
  clientSecretStdin?: boolean;
  certificate?: string;
  certificatePasswordStdin?: boolean;
}

export async function run(opts: LoginOptions, f: Factory): Promise<void> {
  const { io } = f;
  const timeoutSeconds = parseSignInTimeout(opts.timeout);
  if (timeoutSeconds === undefined) throw new UsageError(`invalid --timeout '${opts.timeout}': a whole number of seconds.`);
  // The admin session (MSAL, the HTTP layer) loads here, not with the command table.
  const [{ loginServicePrincipal, loginUser }, { resolveTarget }, { adminDeps }] = await Promise.all([
    import('../../app/admin/session.ts'), import('../../app/admin/target.ts'), import('../admin-deps.ts'),
  ]);
  const deps = adminDeps(f);
  const target = resolveTarget(deps, opts, { useCurrent: false });
  const c = paint(io);

  if (opts.servicePrincipal) {
    if (opts.deviceCode || opts.adminClientId || opts.browser === false) throw new UsageError('--device-code, --no-browser and --admin-client-id are for signing in a person; a service principal signs in with --client-id and its secret or certificate.');
    if (!opts.clientId) throw new UsageError('missing --client-id (the service principal\'s application ID)');
    if (!isGuid(opts.clientId)) throw new UsageError(`invalid --client-id '${opts.clientId}': the application (client) ID GUID.`);
    if (target.tenant === 'organizations') throw new UsageError('missing --tenant (a service principal signs in to one tenant: its ID or domain)');
    const input = await spCredential(opts, f);
    const handle = await loginServicePrincipal(deps, target, opts.clientId, input);
    handle.close();
    line(io.err, c.green(terminalSafe(`✓ Signed in as ${handle.who} in tenant ${handle.session.tenantId ?? handle.session.tenant}.`)));
    line(io.err, `  Its ${input.kind === 'secret' ? 'secret' : 'certificate password'} is kept in the secret store${input.kind === 'certificate' && input.password === undefined ? ' (none needed)' : ''}; \`entra-auth-cli logout\` removes it.`);
  } else {
    if (opts.clientId || opts.clientSecretStdin || opts.certificate || opts.certificatePasswordStdin) {
      throw new UsageError('--client-id, --client-secret-stdin and --certificate go with --service-principal.');
    }
    const handle = await loginUser(deps, target, { deviceCode: opts.deviceCode, browser: opts.browser, adminClientId: opts.adminClientId, timeoutSeconds, notice: true });
    handle.close();
    line(io.err, c.green(terminalSafe(`✓ Signed in as ${handle.who} (tenant ${handle.session.tenantId ?? handle.session.tenant}) with client ${handle.session.clientId}.`)));
    line(io.err, '  The session is cached (encrypted); `entra-auth-cli whoami` shows it, `entra-auth-cli logout` ends it.');
  }

  // Secrets an interrupted run left behind can be removed now that someone is signed in.
  if (hasJournalEntries(f.paths)) {
    const { recoverAbandonedSecrets } = await import('../../app/secret/recover.ts');
    await recoverAbandonedSecrets(deps);
  }
}

async function spCredential(opts: LoginOptions, f: Factory): Promise<ServicePrincipalCredentialInput> {
  if (opts.clientSecretStdin && opts.certificate) throw new UsageError('--client-secret-stdin and --certificate are two credentials: use one.');
  if (opts.clientSecretStdin) {
    if (opts.certificatePasswordStdin) throw new UsageError('--certificate-password-stdin goes with --certificate.');
    return { kind: 'secret', secret: (await f.secretFromStdin('--client-secret-stdin')).trim() };
  }
  if (!opts.certificate) throw new UsageError('missing --client-secret-stdin or --certificate (a service principal needs its secret, piped in, or its certificate file)');
  const path = resolve(opts.certificate);
  let info;
  try {
    info = await inspectCertificateFile(path);
  } catch (err) {
    if (err instanceof CertificateFileError) throw new UsageError(`invalid --certificate: ${err.message}`);
    throw err;
  }
  if (!info.needsPassword) {
    if (opts.certificatePasswordStdin) throw new UsageError(`invalid --certificate-password-stdin: ${path} is not protected by a password.`);
    return { kind: 'certificate', path, format: info.format };
  }
  if (!opts.certificatePasswordStdin) throw new UsageError(`missing --certificate-password-stdin (${path} is protected by a password)`);
  const password = await f.secretFromStdin('--certificate-password-stdin');
  const problem = await checkCertificatePassword(path, info.format, password);
  if (problem) throw new CliError(`invalid --certificate-password-stdin: ${problem}`);
  return { kind: 'certificate', path, format: info.format, password };
}
