// Turning answers (from flags, prompts or an import file) into a Profile: which flows and default scopes
// fit a method and cloud, and one check of every field before anything is stored. Pure: the clock is
// passed in, and problems come back as data naming the field so the CLI can name its flag.
import {
  AUTH_METHODS, CLOUDS, FLOWS, validate,
  type AuthMethod, type CloudName, type CustomCloud, type Flow, type Profile, type SecretSource,
} from './profile.ts';
import { SOVEREIGN_CLOUDS } from './cloud.ts';

export type ProfileField =
  | 'name' | 'cloud' | 'authorityHost' | 'graphUrl' | 'keyVaultSuffix' | 'tenant' | 'clientId'
  | 'authMethod' | 'secret' | 'certificate' | 'scopes' | 'defaultFlow';

export interface FieldProblem { field: ProfileField; message: string }

/** Everything a profile holds except its timestamps. */
export type ProfileDraft = Omit<Profile, 'createdAt' | 'updatedAt'>;

export class ProfileInvalidError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => p.message).join(' '));
  }
}

/** Secret and certificate methods make a confidential client; the others a public one. */
export function isConfidential(method: AuthMethod): boolean {
  return method === 'ClientSecret' || method === 'Certificate';
}

/**
 * Flows each method can run: a confidential client has client credentials and the auth-code flow; a
 * public client has the browser and device-code flows (MSAL has device code for public clients only).
 */
export function allowedFlows(method: AuthMethod): Flow[] {
  return isConfidential(method) ? ['client-credentials', 'interactive'] : ['interactive', 'device-code'];
}

/** Graph's `.default` scope in the profile's cloud: what most people want first. The emulator answers
 * for graph.microsoft.com itself, so a local profile uses the public one. */
export function defaultScopes(cloud: CloudName, custom?: CustomCloud): string[] {
  const graph = cloud === 'custom' ? custom?.graphUrl : cloud === 'local' ? SOVEREIGN_CLOUDS.public.graphResource : SOVEREIGN_CLOUDS[cloud].graphResource;
  return graph ? [`${graph.replace(/\/+$/, '')}/.default`] : [];
}

/** Every problem with a draft, in the order the questions are asked. */
export function checkDraft(d: ProfileDraft): FieldProblem[] {
  const out: FieldProblem[] = [];
  const add = (field: ProfileField, message: string | undefined) => { if (message) out.push({ field, message }); };
  add('name', validate.profileName(d.name));
  if (!(CLOUDS as readonly string[]).includes(d.cloud)) add('cloud', `The cloud must be one of ${CLOUDS.join(', ')} (got '${d.cloud}').`);
  if (d.cloud === 'custom') {
    if (!d.custom) add('authorityHost', 'A custom cloud needs an authority host, a Graph URL and a Key Vault DNS suffix.');
    else {
      add('authorityHost', validate.httpsUrl(d.custom.authorityHost));
      add('graphUrl', validate.httpsUrl(d.custom.graphUrl));
      add('keyVaultSuffix', validate.keyVaultSuffix(d.custom.keyVaultSuffix));
    }
  } else if (d.custom) add('authorityHost', `Custom endpoints only go with the custom cloud (this profile's cloud is ${d.cloud}).`);
  add('tenant', validate.tenant(d.tenant));
  add('clientId', validate.clientId(d.clientId));
  if (!(AUTH_METHODS as readonly string[]).includes(d.authMethod)) {
    add('authMethod', `The auth method must be one of ${AUTH_METHODS.join(', ')} (got '${d.authMethod}').`);
  } else {
    add('secret', checkSecret(d));
    add('certificate', checkCertificate(d));
  }
  if (d.scopes.length === 0) add('scopes', 'At least one scope is needed, like https://graph.microsoft.com/.default.');
  for (const s of d.scopes) add('scopes', validate.scope(s));
  if (!(FLOWS as readonly string[]).includes(d.defaultFlow)) add('defaultFlow', `The flow must be one of ${FLOWS.join(', ')} (got '${d.defaultFlow}').`);
  else if ((AUTH_METHODS as readonly string[]).includes(d.authMethod) && !allowedFlows(d.authMethod).includes(d.defaultFlow)) {
    add('defaultFlow', `A ${d.authMethod} profile can use the ${allowedFlows(d.authMethod).join(' or ')} flow, not ${d.defaultFlow}.`);
  }
  return out;
}

function checkSecret(d: ProfileDraft): string | undefined {
  if (d.authMethod !== 'ClientSecret') return d.secret ? `Only ClientSecret profiles have a client secret (this one uses ${d.authMethod}).` : undefined;
  if (!d.secret) return 'A ClientSecret profile needs its secret: stored, or a reference (env:VAR, file:PATH, keyvault://VAULT/NAME).';
  if (d.secret.kind === 'reference') return validate.secretReference(d.secret.ref);
  return d.secret.kind === 'stored' ? undefined : 'Unknown kind of secret source.';
}

function checkCertificate(d: ProfileDraft): string | undefined {
  if (d.authMethod !== 'Certificate') return d.certificate ? `Only Certificate profiles have a certificate (this one uses ${d.authMethod}).` : undefined;
  const c = d.certificate;
  if (!c || typeof c.path !== 'string' || !c.path) return 'A Certificate profile needs the path of its PEM (certificate + private key) or PFX file.';
  if (c.format !== 'pem' && c.format !== 'pfx') return `The certificate format must be pem or pfx (got '${String(c.format)}').`;
  return undefined;
}

/** A checked Profile; throws ProfileInvalidError listing every problem. */
export function assembleProfile(d: ProfileDraft, now: Date, createdAt?: string): Profile {
  const problems = checkDraft(d);
  if (problems.length) throw new ProfileInvalidError(problems);
  const at = now.toISOString();
  const p: Profile = {
    name: d.name, cloud: d.cloud, tenant: d.tenant, clientId: d.clientId.toLowerCase(), authMethod: d.authMethod,
    scopes: [...d.scopes], defaultFlow: d.defaultFlow, createdAt: createdAt ?? at, updatedAt: at,
  };
  if (d.cloud === 'custom' && d.custom) p.custom = { ...d.custom };
  if (d.authMethod === 'ClientSecret' && d.secret) p.secret = { ...d.secret } as SecretSource;
  if (d.authMethod === 'Certificate' && d.certificate) p.certificate = { ...d.certificate };
  return p;
}

/**
 * The draft inside a Profile (for edit and export): what the person decides. Where its values sit in the
 * secret store (secret.key/store, certificate.passwordKey/passwordStore) is the store's bookkeeping, not part of it.
 */
export function draftOf(p: Profile): ProfileDraft {
  const { createdAt: _c, updatedAt: _u, ...draft } = withoutStoreKeys(p);
  return draft;
}

/** A copy of the profile without where its values sit in the secret store (for showing it). */
export function withoutStoreKeys(p: Profile): Profile {
  const copy = structuredClone(p);
  if (copy.secret?.kind === 'stored') copy.secret = { kind: 'stored' };
  if (copy.certificate) {
    delete copy.certificate.passwordKey;
    delete copy.certificate.passwordStore;
  }
  return copy;
}

/**
 * A draft from untrusted JSON (an import file): shapes are checked here, values by checkDraft.
 * Returns undefined when the shape is not a profile at all.
 */
export function draftFromJson(v: unknown): ProfileDraft | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const name = str(o.name); const cloud = str(o.cloud); const tenant = str(o.tenant); const clientId = str(o.clientId);
  const authMethod = str(o.authMethod); const defaultFlow = str(o.defaultFlow);
  if (!name || !cloud || !tenant || !clientId || !authMethod || !defaultFlow) return undefined;
  if (!Array.isArray(o.scopes) || !o.scopes.every((s) => typeof s === 'string')) return undefined;
  const d: ProfileDraft = {
    name, cloud: cloud as CloudName, tenant, clientId, authMethod: authMethod as AuthMethod,
    scopes: [...(o.scopes as string[])], defaultFlow: defaultFlow as Flow,
  };
  const custom = o.custom as Record<string, unknown> | undefined;
  if (custom !== undefined) {
    if (!custom || typeof custom !== 'object') return undefined;
    d.custom = { authorityHost: str(custom.authorityHost) ?? '', graphUrl: str(custom.graphUrl) ?? '', keyVaultSuffix: str(custom.keyVaultSuffix) ?? '' };
  }
  const secret = o.secret as Record<string, unknown> | undefined;
  if (secret !== undefined) {
    if (secret?.kind === 'stored') d.secret = { kind: 'stored' };
    else if (secret?.kind === 'reference' && typeof secret.ref === 'string') d.secret = { kind: 'reference', ref: secret.ref };
    else return undefined;
  }
  const cert = o.certificate as Record<string, unknown> | undefined;
  if (cert !== undefined) {
    if (!cert || typeof cert.path !== 'string' || (cert.format !== 'pem' && cert.format !== 'pfx')) return undefined;
    d.certificate = { path: cert.path, format: cert.format, hasPassword: cert.hasPassword === true };
  }
  return d;
}

/**
 * A client secret value as typed or piped: one line, not a GUID. Entra shows a secret's ID (a GUID) next
 * to its value, and pasting the ID is the commonest mistake, which otherwise surfaces only as AADSTS7000215.
 */
export function clientSecretProblem(value: string): string | undefined {
  if (value.trim() === '') return 'The client secret is empty.';
  if (/[\r\n]/.test(value.trim())) return 'The client secret must be one line.';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim())) {
    return "That is a GUID: probably the secret's ID, not its value. Use the Value shown once when the secret was created.";
  }
  return undefined;
}
