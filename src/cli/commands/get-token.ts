// `get-token`: a token for a profile through MSAL — client credentials (secret or certificate), a browser
// sign-in, or device code — from the profile's encrypted token cache when it holds a good one. Data (the
// token) on stdout in the asked format; sign-in instructions, warnings and errors on stderr.
// The common case, a cached token, is usually answered before this file loads: see cli/get-token-fast.ts.
// MSAL, the HTTP layer and the sign-in UI load inside run, so the command table stays light.
import type { AdviceContext } from '../../core/aadsts-advice.ts';
import { resolveCloud, type ResolvedCloud } from '../../core/cloud.ts';
import { planTokenRequest, type TokenFlags, type TokenPlan } from '../../core/token-request.ts';
import { expiryWarning, renderRaw, tenantOfToken, tokenJson, type TokenView } from '../../core/token-output.ts';
import { EmulatorNotRunningError, readEmulatorConnection, type EmulatorConnection } from '../../store/emulator-connection.ts';
import { ConfigFileError } from '../../store/profile-store.ts';
import { defineCommand, flag } from '../define-command.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import type { Factory } from '../factory.ts';
import type { ProfileSignIn } from '../profile-credential.ts';
import { line, type Io } from '../io.ts';
import { stdoutColor } from '../output/output.ts';
import { compileQuery, type Query } from '../output/query.ts';
import { TOKEN_OUTPUT } from '../output/specs.ts';

export const command = defineCommand({
  name: 'get-token',
  description: "Get an access token for a profile (client credentials, browser sign-in or device code), from the profile's encrypted token cache when it holds a good one.",
  output: { spec: TOKEN_OUTPUT },
  flags: [
    flag('-p, --profile <name>', 'profile to use (default: the default profile)'),
    flag('--scope <scope>', "scope(s) to ask for instead of the profile's; repeatable, or separated by spaces/commas", { repeatable: true }),
    flag('--flow <flow>', "client-credentials | interactive | device-code (default: the profile's)"),
    flag('--force-refresh', 'ignore the cached token and ask Entra for a new one'),
    flag('--copy', 'also copy the token to the clipboard (pbcopy, clip, wl-copy or xclip)'),
    flag('--no-browser', 'browser sign-in: print the sign-in URL on stderr instead of opening a browser'),
    flag('--warn-minutes <n>', 'warn on stderr when the token expires within N minutes (default 5)'),
    flag('--timeout <seconds>', 'browser and device-code sign-in: give up after this many seconds (default 300)'),
  ],
  help: `
Output: raw prints only the token and a newline; json prints {accessToken, expiresOn (ISO), expires_on (Unix
seconds), tokenType, tenant, scopes, fromCache}; table (a terminal's default) shows the token, its expiry in
your zone and UTC, minutes left, scopes and whether it came from the cache. Everything but the token goes
to stderr. Tokens are cached per profile, encrypted (AES-256-GCM) under a key kept in the secret store.

Examples:
  $ entra-auth-cli get-token -p demo
  $ curl -H "Authorization: Bearer $(entra-auth-cli get-token -p demo -o raw)" https://graph.microsoft.com/v1.0/applications
  $ entra-auth-cli get-token -p demo -o json | jq -r .expiresOn
  $ entra-auth-cli get-token -p demo --scope api://contoso-orders/.default --force-refresh
  $ entra-auth-cli get-token -p me --flow interactive --no-browser     # prints the URL to open elsewhere
  $ entra-auth-cli get-token -p me --flow device-code                  # sign in on another device
  $ eac get-token -p demo -o raw | eac inspect                          # what is inside`,
  run,
});

export interface GetTokenOptions extends TokenFlags {
  /** --query: JMESPath on the -o json form. (The cache fast path does not take it: the full command runs.) */
  query?: string;
  forceRefresh?: boolean;
  copy?: boolean;
  /** Commander's --no-browser: false when given. */
  browser?: boolean;
}

export async function run(opts: GetTokenOptions, f: Factory): Promise<void> {
  const { io } = f;
  const query = await compileQuery(opts.query);
  let doc;
  try {
    doc = f.profiles.read();
  } catch (err) {
    if (err instanceof ConfigFileError) throw new CliError(err.message);
    throw err;
  }
  const planned = planTokenRequest(doc, opts, io.stdoutIsTty);
  if ('problem' in planned) {
    const p = planned.problem;
    throw p.kind === 'usage' ? new UsageError(p.message, p.hint) : new CliError(p.message, EXIT.failure, p.hint);
  }
  const plan = planned.plan;
  const { profile } = plan;

  let emulator: EmulatorConnection | undefined;
  try {
    if (profile.cloud === 'local') emulator = readEmulatorConnection(io.env);
  } catch (err) {
    if (err instanceof EmulatorNotRunningError) throw new CliError(err.message, EXIT.failure, `Profile '${profile.name}' uses --cloud local, which follows the running emulator.`);
    throw err;
  }
  let cloud: ResolvedCloud;
  try {
    cloud = resolveCloud(profile, emulator);
  } catch (err) {
    throw new CliError(`Profile '${profile.name}': ${(err as Error).message}`, EXIT.failure, `Fix it with \`entra-auth-cli config edit -p ${profile.name}\`.`);
  }
  // MSAL and the HTTP layer load inside f.profileCredential, not with the command table (scripts/build.mjs checks).
  const [{ SignInTimeout }, { tokenCliError }] = await Promise.all([import('../../entra/msal/user-sign-in.ts'), import('../token-errors.ts')]);
  const secretsSeen: string[] = [];
  const ctx = adviceContext(plan, cloud, emulator);
  let signIn: ProfileSignIn | undefined;
  try {
    signIn = await f.profileCredential(profile, cloud, { flow: plan.flow, browser: opts.browser, timeoutSeconds: plan.timeoutSeconds, seen: secretsSeen });
    const result = await signIn.credential.acquire(plan.scopes, { forceRefresh: Boolean(opts.forceRefresh) });
    const view: TokenView = { ...result, tenant: tenantOfToken(result.accessToken, profile.tenant) };
    if (opts.copy) {
      const { copyToClipboard } = await import('../clipboard.ts');
      line(io.err, `Copied the token to the clipboard (${await copyToClipboard(view.accessToken)}).`);
    }
    await writeToken(view, plan, io, f.clock(), query);
  } catch (err) {
    if (err instanceof SignInTimeout) exitWhenDone();
    throw tokenCliError(err, ctx, signIn?.lastNetworkError(), secretsSeen);
  } finally {
    signIn?.close();
  }
}

/**
 * Prints the token in the planned format and the expiry warning. raw and json are the bytes the fast path
 * prints (core/token-output.ts: renderRaw, and tokenJson through core/json-text.ts).
 */
export async function writeToken(view: TokenView, plan: Pick<TokenPlan, 'format' | 'warnMinutes' | 'profile' | 'flow'>, io: Io, now: Date, query?: Query): Promise<void> {
  // The renderers load when there is something to render, not with the command table.
  const [{ writeRecord }, { renderTokenPanel }] = await Promise.all([import('../output/record.ts'), import('../ui/token-panel.ts')]);
  await writeRecord(io.out, { format: plan.format, query, color: stdoutColor(io) }, {
    json: tokenJson(view),
    panel: () => renderTokenPanel(view, `Access token · profile ${plan.profile.name} (${plan.flow})`, now, io),
    extra: { raw: () => renderRaw(view) },
  });
  const warning = expiryWarning(view, now, plan.warnMinutes);
  if (warning) line(io.err, warning);
}

function adviceContext(plan: TokenPlan, cloud: ResolvedCloud, emulator: EmulatorConnection | undefined): AdviceContext {
  return {
    profile: plan.profile.name, clientId: plan.profile.clientId, tenant: plan.profile.tenant, cloud: plan.profile.cloud,
    authorityHost: cloud.authorityHost, scopes: plan.scopes, flow: plan.flow, emulatorTenantId: emulator?.tenantId,
  };
}

/**
 * MSAL's loopback listener keeps waiting after a sign-in timed out and cannot be closed from outside; exit
 * once the error is printed. (An unref'd timer fires only if something else still holds the process open.)
 */
function exitWhenDone(): void {
  setTimeout(() => process.exit(), 200).unref();
}
