// The questions behind `config create` and `config edit`, in the order a person thinks about them: name,
// cloud, tenant, app, how it signs in, what it asks for. Each is also a flag (see ui/ask.ts); for edit,
// the current value is the pre-filled answer and what a script keeps by not passing the flag.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { allowedFlows, clientSecretProblem, defaultScopes, type ProfileDraft } from '../../../core/profile-draft.ts';
import {
  defaultFlowFor, parseScopes, validate,
  type AuthMethod, type CloudName, type CustomCloud, type Flow, type Profile, type SecretSource,
} from '../../../core/profile.ts';
import { SOVEREIGN_CLOUDS } from '../../../core/cloud.ts';
import { DEFAULT_SECRET_DAYS } from '../../../core/secret-naming.ts';
import { checkCertificatePassword, CertificateFileError, inspectCertificateFile } from '../../../store/certificate-file.ts';
import { emulatorOfTenant, readEmulatorConnection, type EmulatorConnection } from '../../../store/emulator-connection.ts';
import { UsageError } from '../../errors.ts';
import { line, type Io } from '../../io.ts';
import type { Asker } from '../../ui/ask.ts';
import type { Interaction } from '../../../app/ports.ts';
import type { Choice } from '../../ui/prompts.ts';

/** Creating a new client secret in Entra instead of typing one (issue 5): --create-secret and its options. */
export type { NewSecretRequest, SecretCreationFlags } from '../secret-flags.ts';
export { newSecretRequest } from '../secret-flags.ts';
import { newSecretRequest, type NewSecretRequest, type SecretCreationFlags } from '../secret-flags.ts';

/** The flags create and edit share (commander's camelCase names). */
export interface ProfileFlags extends SecretCreationFlags {
  cloud?: string;
  tenant?: string;
  clientId?: string;
  authMethod?: string;
  clientSecretStdin?: boolean;
  secretRef?: string;
  certificate?: string;
  certificatePasswordStdin?: boolean;
  scope?: string[];
  flow?: string;
  authorityHost?: string;
  graphUrl?: string;
  keyvaultSuffix?: string;
}

/** What "Create new" was asked to do; the secret itself is created only once every answer is valid. */
/** A new secret value to store, a reference instead, a secret to create in Entra, or (edit) leave what is there. */
export type ClientSecretAnswer =
  | { kind: 'value'; value: string }
  | { kind: 'reference'; ref: string }
  | { kind: 'create'; request: NewSecretRequest }
  | { kind: 'unchanged' };

export interface CertificateAnswer {
  path: string;
  format: 'pem' | 'pfx';
  /** The password to store; undefined with `needsPassword` means keep the stored one (edit). */
  password?: string;
  needsPassword: boolean;
}

export interface ProfileAnswers {
  draft: ProfileDraft;
  clientSecret?: ClientSecretAnswer;
  certificate?: CertificateAnswer;
}

const CLOUD_CHOICES: Choice<CloudName>[] = [
  { value: 'public', name: 'public', description: `Azure public cloud (${SOVEREIGN_CLOUDS.public.authorityHost})` },
  { value: 'usgov', name: 'usgov', description: `Azure US Government (${SOVEREIGN_CLOUDS.usgov.authorityHost})` },
  { value: 'china', name: 'china', description: `Azure operated by 21Vianet (${SOVEREIGN_CLOUDS.china.authorityHost})` },
  { value: 'custom', name: 'custom', description: 'your own authority host, Graph URL and Key Vault suffix' },
  { value: 'local', name: 'local', description: 'the Entra emulator running on this machine (entra-auth-cli emulator start)' },
];

const METHOD_CHOICES: Choice<AuthMethod>[] = [
  { value: 'ClientSecret', name: 'ClientSecret', description: 'app-only tokens with a client secret (confidential client)' },
  { value: 'Certificate', name: 'Certificate', description: 'app-only tokens with a certificate: PEM or PFX (confidential client)' },
  { value: 'InteractiveBrowser', name: 'InteractiveBrowser', description: 'sign in as a user in the browser (public client, auth code + PKCE)' },
  { value: 'DeviceCode', name: 'DeviceCode', description: 'sign in as a user on another device with a code (public client)' },
];

const FLOW_TEXT: Record<Flow, string> = {
  'client-credentials': 'app-only token, no user',
  interactive: 'a user signs in in the browser',
  'device-code': 'a user signs in on another device with a code',
};

export interface QuestionContext {
  io: Io;
  ask: Asker;
  /** Edit: the profile as it is now. */
  current?: Profile;
  /**
   * discover: the profile is for an app found in the directory. Its scopes are asked right after the app
   * (default: the app's own), and the auth method defaults to ClientSecret.
   */
  discovered?: { scopes: string[] };
}

/** Asks everything but the name; returns a draft (not yet checked as a whole) and the secret answers. */
export async function askProfile(name: string, flags: ProfileFlags, ctx: QuestionContext): Promise<ProfileAnswers> {
  const { ask, current } = ctx;
  if (flags.clientSecretStdin && flags.certificatePasswordStdin) {
    throw new UsageError('--client-secret-stdin and --certificate-password-stdin both read stdin: use one (a profile has a secret or a certificate, not both).');
  }

  // --tenant with the running emulator's tenant ID means the emulator (as for login): its GUID is no real tenant's.
  const usual: CloudName = current?.cloud ?? (flags.tenant && emulatorOfTenant(() => readEmulatorConnection(ctx.io.env), flags.tenant) ? 'local' : 'public');
  const cloud = await ask.choose<CloudName>({
    flag: '--cloud', given: flags.cloud, message: 'Cloud', choices: CLOUD_CHOICES, default: usual, fallback: usual,
  });
  const custom = await askCustomCloud(cloud, flags, ctx);
  const emulator = cloud === 'local' ? readEmulatorConnection(ctx.io.env) : undefined;

  const tenantDefault = cloud === 'local' && current?.cloud !== 'local' ? emulator!.tenantId : current?.tenant ?? emulator?.tenantId;
  const tenant = await ask.text({
    flag: '--tenant', given: flags.tenant, message: 'Tenant (ID or domain)', default: tenantDefault, fallback: tenantDefault, validate: validate.tenant,
  });
  if (emulator) warnOtherTenant(tenant, emulator, ctx.io);

  const clientId = (await ask.text({
    flag: '--client-id', given: flags.clientId, message: 'Client ID (application ID)', default: current?.clientId, fallback: current?.clientId, validate: validate.clientId,
  })).toLowerCase();

  const scopes = ctx.discovered ? await askScopes(flags, cloud, custom, ctx) : undefined;
  const authMethod = await ask.choose<AuthMethod>({
    flag: '--auth-method', given: flags.authMethod, message: 'Auth method', choices: METHOD_CHOICES,
    default: current?.authMethod ?? 'ClientSecret', fallback: current?.authMethod ?? (ctx.discovered ? 'ClientSecret' : undefined),
  });
  refuseStrayFlags(authMethod, flags);

  const answers: ProfileAnswers = { draft: { name, cloud, tenant, clientId, authMethod, scopes: [], defaultFlow: defaultFlowFor(authMethod) } };
  if (custom) answers.draft.custom = custom;
  if (authMethod === 'ClientSecret') {
    const keep = current?.authMethod === 'ClientSecret' ? current.secret : undefined;
    answers.clientSecret = await askClientSecret(ask, flags, { current: keep, profileName: name });
    answers.draft.secret = secretSourceOf(answers.clientSecret, keep);
  }
  if (authMethod === 'Certificate') {
    answers.certificate = await askCertificate(ask, flags, current?.authMethod === 'Certificate' ? current.certificate : undefined);
    const c = answers.certificate;
    answers.draft.certificate = { path: c.path, format: c.format, hasPassword: c.needsPassword };
  }

  answers.draft.scopes = scopes ?? await askScopes(flags, cloud, custom, ctx);
  answers.draft.defaultFlow = await askFlow(authMethod, flags, ctx);
  return answers;
}

async function askCustomCloud(cloud: CloudName, flags: ProfileFlags, ctx: QuestionContext): Promise<CustomCloud | undefined> {
  const given = [flags.authorityHost && '--authority-host', flags.graphUrl && '--graph-url', flags.keyvaultSuffix && '--keyvault-suffix'].filter(Boolean);
  if (cloud !== 'custom') {
    if (given.length) throw new UsageError(`${given.join(', ')} ${given.length > 1 ? 'go' : 'goes'} with --cloud custom only (the ${cloud} cloud has its own endpoints).`);
    return undefined;
  }
  const cur = ctx.current?.custom;
  const authorityHost = await ctx.ask.text({
    flag: '--authority-host', given: flags.authorityHost, message: 'Authority host (e.g. https://login.example.com)', default: cur?.authorityHost, fallback: cur?.authorityHost, validate: validate.httpsUrl,
  });
  const graphUrl = await ctx.ask.text({
    flag: '--graph-url', given: flags.graphUrl, message: 'Microsoft Graph URL (e.g. https://graph.example.com)', default: cur?.graphUrl, fallback: cur?.graphUrl, validate: validate.httpsUrl,
  });
  const keyVaultSuffix = await ctx.ask.text({
    flag: '--keyvault-suffix', given: flags.keyvaultSuffix, message: 'Key Vault DNS suffix (e.g. .vault.example.com)', default: cur?.keyVaultSuffix, fallback: cur?.keyVaultSuffix, validate: validate.keyVaultSuffix,
  });
  return { authorityHost: authorityHost.replace(/\/+$/, ''), graphUrl: graphUrl.replace(/\/+$/, ''), keyVaultSuffix };
}

function warnOtherTenant(tenant: string, emulator: EmulatorConnection, io: Io): void {
  const known = [emulator.tenantId, emulator.tenantDomain].map((t) => t.toLowerCase());
  if (!known.includes(tenant.toLowerCase()) && tenant !== 'organizations') {
    line(io.err, `warning: the running emulator's tenant is ${emulator.tenantDomain} (${emulator.tenantId}), not ${tenant}.`);
  }
}

/** Secret flags that do not fit the method are a mistake worth stopping for, not something to ignore. */
function refuseStrayFlags(method: AuthMethod, flags: ProfileFlags): void {
  const secretFlags = [flags.clientSecretStdin && '--client-secret-stdin', flags.secretRef && '--secret-ref', ...creationFlagsGiven(flags)].filter(Boolean);
  const certFlags = [flags.certificate && '--certificate', flags.certificatePasswordStdin && '--certificate-password-stdin'].filter(Boolean);
  if (method !== 'ClientSecret' && secretFlags.length) throw new UsageError(`${secretFlags.join(' and ')} ${secretFlags.length > 1 ? 'go' : 'goes'} with --auth-method ClientSecret (this profile uses ${method}).`);
  if (method !== 'Certificate' && certFlags.length) throw new UsageError(`${certFlags.join(' and ')} ${certFlags.length > 1 ? 'go' : 'goes'} with --auth-method Certificate (this profile uses ${method}).`);
}

function secretSourceOf(answer: ClientSecretAnswer, current: SecretSource | undefined): SecretSource | undefined {
  if (answer.kind === 'value') return { kind: 'stored' };
  if (answer.kind === 'reference') return { kind: 'reference', ref: answer.ref };
  if (answer.kind === 'create') return answer.request.keyVault ? { kind: 'reference', ref: keyVaultRef(answer.request.keyVault) } : { kind: 'stored' };
  return current;
}

const keyVaultRef = (kv: { vault: string; name: string }) => `keyvault://${kv.vault}/${kv.name}`;

/** The secret-creation flags given on the command line (--create-secret and its options). */
function creationFlagsGiven(flags: SecretCreationFlags): string[] {
  return [
    flags.createSecret && '--create-secret', flags.days !== undefined && '--days', flags.toKeyvault !== undefined && '--to-keyvault',
    flags.deviceCode && '--device-code', flags.adminClientId !== undefined && '--admin-client-id', flags.display === false && '--no-display',
  ].filter((f): f is string => Boolean(f));
}

/**
 * The client secret: piped (--client-secret-stdin), a reference (--secret-ref), created in Entra
 * (--create-secret), or asked for: "Create new" / "Enter existing" / "Use a reference".
 */
export async function askClientSecret(
  ask: Asker, flags: ProfileFlags, opts: { profileName: string; current?: SecretSource },
): Promise<ClientSecretAnswer> {
  if (flags.clientSecretStdin && flags.secretRef) throw new UsageError('--client-secret-stdin and --secret-ref are two ways to give the same secret: use one.');
  const creation = creationFlagsGiven(flags);
  const given = flags.clientSecretStdin ? '--client-secret-stdin' : flags.secretRef !== undefined ? '--secret-ref' : undefined;
  if (given && creation.length) {
    throw new UsageError(`${creation.join(', ')} ${creation.length > 1 ? 'are' : 'is'} for creating a new secret, which ${given} does not do: use one or the other.`);
  }
  const request = newSecretRequest(flags);
  if (flags.createSecret) return { kind: 'create', request };
  if (flags.clientSecretStdin) {
    const value = (await ask.secretFromStdin('--client-secret-stdin')).trim();
    const problem = clientSecretProblem(value);
    if (problem) throw new UsageError(`invalid --client-secret-stdin: ${problem}`);
    return { kind: 'value', value };
  }
  if (flags.secretRef !== undefined) {
    // Something without a scheme may be the secret itself, pasted into argv: do not echo it back.
    if (!/^[a-z]+:/i.test(flags.secretRef)) throw new UsageError('invalid --secret-ref: it takes a reference (env:VAR, file:PATH or keyvault://VAULT/NAME), not the secret; pipe a value to --client-secret-stdin instead.');
    const problem = validate.secretReference(flags.secretRef);
    if (problem) throw new UsageError(`invalid --secret-ref: ${problem}`);
    return { kind: 'reference', ref: flags.secretRef };
  }
  const person = ask.interaction;
  if (!person.interactive) {
    if (creation.length) throw new UsageError(`${creation.join(', ')} ${creation.length > 1 ? 'go' : 'goes'} with --create-secret.`);
    if (opts.current) return { kind: 'unchanged' };
  }
  if (opts.current && !(await person.confirm({ flag: '--client-secret-stdin', message: 'Update client secret?', default: false }))) return { kind: 'unchanged' };

  const how = await person.choose<'create' | 'value' | 'reference'>({
    flag: '--client-secret-stdin, --secret-ref or --create-secret', why: 'a ClientSecret profile needs its secret',
    message: 'Client secret',
    choices: [
      { value: 'create', name: 'Create new', description: `a new secret in the app registration, named EAC-EXP-<expiry>, valid ${request.days ?? DEFAULT_SECRET_DAYS} days, shown once and saved here (signs in an admin)` },
      { value: 'value', name: 'Enter existing', description: 'typed hidden; kept in the OS keychain, or a private file where there is none' },
      { value: 'reference', name: 'Use a reference', description: 'env:VAR, file:PATH or keyvault://VAULT/NAME, read when a token is needed; nothing is stored' },
    ],
    default: opts.current?.kind === 'reference' ? 'reference' : 'create',
  });
  if (how === 'create') return { kind: 'create', request };
  if (how === 'reference') {
    const current = opts.current?.kind === 'reference' ? opts.current.ref : undefined;
    return { kind: 'reference', ref: await person.ask({ flag: '--secret-ref', message: 'Secret reference', default: current, validate: validate.secretReference }) };
  }
  return { kind: 'value', value: await askSecretValue(person) };
}

/** The masked "Enter client secret" question ("Enter existing", and the way out when creating one fails). */
export async function askSecretValue(person: Interaction): Promise<string> {
  return (await person.ask({ flag: '--client-secret-stdin', message: 'Enter client secret', hidden: true, validate: clientSecretProblem })).trim();
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

/** The certificate file (checked now, so a typo is caught at create time) and its password if it has one. */
async function askCertificate(ask: Asker, flags: ProfileFlags, current: Profile['certificate']): Promise<CertificateAnswer> {
  const fileProblem = async (v: string) => {
    try {
      await inspectCertificateFile(resolve(expandHome(v.trim())));
      return undefined;
    } catch (err) {
      if (err instanceof CertificateFileError) return err.message;
      throw err;
    }
  };
  const given = await ask.text({
    flag: '--certificate', given: flags.certificate, message: 'Certificate file (PEM with its private key, or PFX)',
    default: current?.path, fallback: current?.path, validate: async (v) => (v.trim() ? fileProblem(v) : 'Give the path of the certificate file.'),
  });
  const path = resolve(expandHome(given.trim()));
  const info = await inspectCertificateFile(path);
  if (!info.needsPassword) {
    if (flags.certificatePasswordStdin) throw new UsageError(`invalid --certificate-password-stdin: ${path} is not protected by a password.`);
    return { path, format: info.format, needsPassword: false };
  }
  const wrong = (pw: string) => checkCertificatePassword(path, info.format, pw);
  if (flags.certificatePasswordStdin) {
    const pw = await ask.secretFromStdin('--certificate-password-stdin');
    const problem = await wrong(pw);
    if (problem) throw new UsageError(`invalid --certificate-password-stdin: ${problem}`);
    return { path, format: info.format, needsPassword: true, password: pw };
  }
  const samePasswordStored = current?.path === path && current.hasPassword;
  const person = ask.interaction;
  if (samePasswordStored && !person.interactive) return { path, format: info.format, needsPassword: true };
  const flag = '--certificate-password-stdin';
  if (samePasswordStored && !(await person.confirm({ flag, message: 'Update certificate password?', default: false }))) {
    return { path, format: info.format, needsPassword: true };
  }
  const pw = await person.ask({
    flag, why: `${path} is protected by a password`, message: 'Certificate password', hidden: true,
    validate: async (v) => (v ? wrong(v) : 'The password is empty.'),
  });
  return { path, format: info.format, needsPassword: true, password: pw };
}

async function askScopes(flags: ProfileFlags, cloud: CloudName, custom: CustomCloud | undefined, ctx: QuestionContext): Promise<string[]> {
  const fallback = ctx.current?.scopes ?? ctx.discovered?.scopes ?? defaultScopes(cloud, custom);
  const check = (v: string) => {
    const list = parseScopes(v);
    if (!list.length) return 'Give at least one scope, like https://graph.microsoft.com/.default.';
    for (const s of list) {
      const problem = validate.scope(s);
      if (problem) return problem;
    }
    return undefined;
  };
  const text = await ctx.ask.text({
    flag: '--scope', given: flags.scope?.join(' '), message: 'Scopes (separated by spaces or commas)',
    default: fallback.join(' '), fallback: fallback.join(' '), validate: check,
  });
  return parseScopes(text);
}

async function askFlow(method: AuthMethod, flags: ProfileFlags, ctx: QuestionContext): Promise<Flow> {
  const allowed = allowedFlows(method);
  const current = ctx.current?.defaultFlow;
  const preferred = current && allowed.includes(current) ? current : defaultFlowFor(method);
  if (flags.flow !== undefined && !allowed.some((f) => f === flags.flow!.toLowerCase())) {
    throw new UsageError(`invalid --flow '${flags.flow}': a ${method} profile can use ${allowed.join(' or ')}.`);
  }
  return ctx.ask.choose<Flow>({
    flag: '--flow', given: flags.flow, message: 'Default flow', default: preferred, fallback: preferred,
    choices: allowed.map((f) => ({ value: f, name: f, description: FLOW_TEXT[f] })),
  });
}
