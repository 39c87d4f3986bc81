// `secret create`: a new client secret for an app registration, named EAC-EXP-DD-MMM-YY after its expiry,
// saved to a profile's secret store or to Key Vault before anything says it worked, and shown once. In a
// script: --no-display -o json prints what was created and where it went, without the value.
import type { AdminDeps } from '../../../app/admin/deps.ts';
import type { ResolvedTarget } from '../../../app/admin/target.ts';
import type { SecretDestination } from '../../../app/secret/create.ts';
import { assembleProfile, defaultScopes } from '../../../core/profile-draft.ts';
import { createdSecretJson } from '../../../core/secret-display.ts';
import { isGuid, type CloudName, type Profile } from '../../../core/profile.ts';
import { UsageError } from '../../errors.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import { resolveOutput } from '../../output/output.ts';
import { SECRET_OUTPUT } from '../../output/specs.ts';
import { newSecretRequest } from '../secret-flags.ts';
import { defineCommand, flag } from '../../define-command.ts';

export const command = defineCommand({
  name: 'secret create',
  description: 'Create a client secret (EAC-EXP-DD-MMM-YY, 180 days) in an app registration and save it to a profile or Key Vault before saying so; its value is shown once.',
  output: { spec: SECRET_OUTPUT },
  flags: [
    flag('--app <appId>', 'the application (client) ID (without -p: saved to the profile of that app, or a new profile named after the app ID)'),
    flag('-p, --profile <name>', "the profile whose app gets the secret; the value is saved to it (and its cloud and tenant are used)"),
    flag('--tenant <tenant>', "with --app: tenant ID or domain (default: the current admin session's)"),
    flag('--cloud <cloud>', "with --app: public | usgov | china | local (default: the current admin session's)"),
    flag('--days <n>', 'lifetime in days (default 180); above the app management policy\'s maximum you are offered the maximum'),
    flag('--to-keyvault <vault/name>', 'save the value in Key Vault (tagged appId, keyId, expiry); with -p the profile then reads keyvault://VAULT/NAME'),
    flag('--save-as <name>', 'with --app: save to a new profile of this name'),
    flag('--no-display', 'print no value (scripts); the details and where it was saved are still printed'),
    flag('--show-secret', 'print the value even when stdout is not a terminal; with -o json, include secretText'),
    flag('--device-code', 'sign the admin in with a device code (also works without a terminal)'),
    flag('--no-browser', 'print the sign-in URL instead of opening a browser'),
    flag('--admin-client-id <guid>', 'the public client the admin signs in through (default: Microsoft Graph PowerShell)'),
    flag('-y, --yes', "accept the policy's maximum lifetime when --days (or 180) is longer, without asking"),
    flag('--keep-on-store-failure', 'without a terminal: when saving the value fails, keep the new secret and print its value instead of removing it again'),
  ],
  help: `
The value is saved (secret store or Key Vault) before success is reported; if saving fails you see the
value with what to do, or the secret is removed again. A run that is killed midway is cleaned up by the next
entra-auth-cli command. Errors: 403 (exit 4) names the permission and roles needed; an unknown app, a
network failure or a policy that forbids it exit 1.

Examples:
  $ entra-auth-cli secret create -p demo
  $ entra-auth-cli secret create -p demo --days 90 --to-keyvault my-vault/demo-secret
  $ entra-auth-cli login --service-principal --tenant "$TENANT_ID" --client-id "$SP_ID" --client-secret-stdin <<< "$SP_SECRET"
  $ entra-auth-cli secret create --app "$APP_ID" --no-display -o json     # {displayName, keyId, endDateTime, storedIn, ...}
  $ entra-auth-cli get-token -p "$APP_ID"                                  # the new secret at work`,
  run,
});

export interface SecretCreateOptions {
  app?: string;
  profile?: string;
  tenant?: string;
  cloud?: string;
  days?: string;
  toKeyvault?: string;
  saveAs?: string;
  /** Commander's --no-display: false when given. */
  display?: boolean;
  showSecret?: boolean;
  output?: string;
  query?: string;
  deviceCode?: boolean;
  /** Commander's --no-browser. */
  browser?: boolean;
  adminClientId?: string;
  yes?: boolean;
  keepOnStoreFailure?: boolean;
}

export async function run(opts: SecretCreateOptions, f: Factory): Promise<void> {
  const { io } = f;
  const output = await resolveOutput(opts, SECRET_OUTPUT, io);
  const noDisplay = opts.display === false;
  if (noDisplay && opts.showSecret) throw new UsageError('--no-display and --show-secret contradict each other: use one.');
  if (!opts.app && !opts.profile) throw new UsageError('missing --app APPID or -p PROFILE (the app registration to create the secret in)');
  if (opts.app && !isGuid(opts.app)) throw new UsageError(`invalid --app '${opts.app}': the application (client) ID, a GUID.`);
  if (opts.saveAs && (opts.profile || opts.toKeyvault)) throw new UsageError('--save-as names a new profile for --app; it does not go with -p or --to-keyvault.');
  const request = newSecretRequest(opts);
  const days = request.days;

  // The use case (MSAL, Graph, Key Vault) and the renderers load here, not with the command table.
  const [{ findSession }, { resolveTarget }, { createClientSecret, SecretCreationError }, { adminDeps }, { writeRecord }, { secretPanel, showCreatedSecret }] = await Promise.all([
    import('../../../app/admin/session.ts'), import('../../../app/admin/target.ts'), import('../../../app/secret/create.ts'),
    import('../../admin-deps.ts'), import('../../output/record.ts'), import('../../ui/secret-panel.ts'),
  ]);
  const deps = adminDeps(f);
  const target = resolveTarget(deps, opts, { useCurrent: true });
  const profile = target.profile;
  if (profile && opts.app && profile.clientId.toLowerCase() !== opts.app.toLowerCase()) {
    throw new UsageError(`--app ${opts.app} is not the app of profile '${profile.name}' (${profile.clientId}): give one of them.`);
  }
  if (profile && profile.authMethod !== 'ClientSecret') {
    throw new UsageError(`Profile '${profile.name}' signs in with ${profile.authMethod}, not a client secret.`,
      `Create the secret with --app ${profile.clientId} (it is saved in a profile of its own), or switch the profile: entra-auth-cli config edit -p ${profile.name} --auth-method ClientSecret`);
  }
  const appId = (opts.app ?? profile!.clientId).toLowerCase();
  const now = f.clock();
  const destination = chooseDestination(deps, opts, request.keyVault, target, appId, now, findSession);

  let created;
  try {
    created = await createClientSecret(deps, { appId, tenant: target.tenant, cloud: target.cloud, cloudName: target.cloudName }, {
      ...(days !== undefined ? { days } : {}), destination, deviceCode: opts.deviceCode, adminClientId: request.adminClientId, assumeYes: opts.yes,
      browser: opts.browser, keepOnStoreFailure: opts.keepOnStoreFailure,
    });
  } catch (err) {
    // --keep-on-store-failure: the kept secret's value, once, on stdout (the person asked for it).
    if (err instanceof SecretCreationError && err.keptValue !== undefined) io.out.write(secretPanel(io, err.keptValue));
    throw err;
  }

  // Data (-o json…, or any --query): the JSON form, with secretText only when --show-secret asks for it.
  if (output.format !== 'table' || output.query) {
    await writeRecord(io.out, output, { json: createdSecretJson(created, opts.showSecret ? created.secretText : undefined) });
    line(io.err, `✓ Secret created and saved (${created.storedIn.kind === 'keyvault' ? `Key Vault ${created.storedIn.vault}/${created.storedIn.name}` : `profile '${created.storedIn.profile}'`}).`);
    return;
  }
  // The value goes to a terminal, or wherever --show-secret sends it; never silently into a pipe or a file.
  const display = !noDisplay && (Boolean(opts.showSecret) || io.stdoutIsTty);
  showCreatedSecret(io, created, { display, now });
  if (!noDisplay && !display) line(io.err, 'The value was not printed: stdout is not a terminal (add --show-secret to print it anyway).');
}

type FindSession = typeof import('../../../app/admin/session.ts').findSession;

/** -p: that profile; --to-keyvault: the vault (and -p's profile, if any); --app alone: the app's profile, or a new one. */
function chooseDestination(deps: AdminDeps, opts: SecretCreateOptions, keyVault: { vault: string; name: string } | undefined, target: ResolvedTarget, appId: string, now: Date, findSession: FindSession): SecretDestination {
  if (keyVault) return { kind: 'keyvault', ...keyVault, ...(target.profile ? { profile: target.profile.name } : {}) };
  if (target.profile) return { kind: 'profile', profile: target.profile.name };

  const doc = deps.profiles.read();
  if (opts.saveAs) {
    if (doc.profiles[opts.saveAs]) throw new UsageError(`A profile named '${opts.saveAs}' already exists: create the secret with -p ${opts.saveAs}, or pick another --save-as.`);
    return { kind: 'profile', profile: opts.saveAs, create: newProfile(opts.saveAs, target, appId, deps, now, findSession) };
  }
  const session = findSession(deps, target);
  const tenants = new Set([target.tenant, session?.tenantId, session?.tenantDomain, session?.tenant].filter((t): t is string => Boolean(t)).map((t) => t.toLowerCase()));
  const mine = Object.values(doc.profiles).filter((p) => p.authMethod === 'ClientSecret' && p.clientId.toLowerCase() === appId && tenants.has(p.tenant.toLowerCase()));
  if (mine.length > 1) throw new UsageError(`Profiles ${mine.map((p) => `'${p.name}'`).join(', ')} all use app ${appId}: say which one with -p NAME.`);
  if (mine.length === 1) {
    deps.interaction.notice(`Saving the new secret to profile '${mine[0]!.name}' (the profile of app ${appId}).`);
    return { kind: 'profile', profile: mine[0]!.name };
  }
  // A new profile, named after the app ID (predictable for scripts: get-token -p "$APP_ID").
  const name = appId;
  if (doc.profiles[name]) throw new UsageError(`A profile named '${name}' exists but is not a ClientSecret profile of this app and tenant: name a new one with --save-as NAME, or use -p.`);
  return { kind: 'profile', profile: name, create: newProfile(name, target, appId, deps, now, findSession) };
}

function newProfile(name: string, target: ResolvedTarget, appId: string, deps: AdminDeps, now: Date, findSession: FindSession): Profile {
  const cloud: CloudName = target.cloud.name;
  const session = findSession(deps, target);
  const tenant = target.tenant === 'organizations' ? session?.tenantId ?? target.tenant : target.tenant;
  const custom = cloud === 'custom' ? session?.custom : undefined;
  return assembleProfile({
    name, cloud, ...(custom ? { custom } : {}), tenant, clientId: appId, authMethod: 'ClientSecret',
    scopes: defaultScopes(cloud, custom), defaultFlow: 'client-credentials', secret: { kind: 'stored' },
  }, now);
}
