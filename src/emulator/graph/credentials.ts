// addPassword / removePassword / addKey / removeKey on applications and service principals. addPassword
// is the only response that ever carries a secret value. addKey and removeKey need a proof-of-possession
// JWT signed by one of the object's current certificates (docs/protocol-notes.md, "Graph: credential
// actions and proof of possession").
import { createHash, createPublicKey, randomUUID, X509Certificate } from 'node:crypto';
import { compactVerify, decodeJwt } from 'jose';
import type { Tenant } from '../state/tenant.ts';
import type { KeyCredentialRecord, PasswordCredentialRecord } from '../state/model.ts';
import { GE, GraphError } from './errors.ts';
import { optionalDate, optionalString, readJson } from './body.ts';
import { enforceCredentialPolicy } from './policies-enforce.ts';
import { keyCredentialJson, passwordCredentialJson } from './serialize.ts';
import type { GraphRequest, GraphResponse } from './types.ts';

export interface CredentialTarget {
  id: string;
  kind: 'application' | 'servicePrincipal';
  createdDateTime: string | null;
  passwordCredentials: PasswordCredentialRecord[];
  keyCredentials: KeyCredentialRecord[];
}

/** Graph's default secret lifetime: start + 2 calendar years (not 730 days, which falls a day short across a 29 February). */
function twoYearsAfter(d: Date): Date {
  const end = new Date(d);
  end.setUTCFullYear(end.getUTCFullYear() + 2);
  return end;
}

export function addPassword(req: GraphRequest, tenant: Tenant, target: CredentialTarget, now: Date): GraphResponse {
  const body = readJson(req, false) ?? {};
  const pc = body.passwordCredential;
  if (pc !== undefined && pc !== null && (typeof pc !== 'object' || Array.isArray(pc))) throw GE.badRequest("Invalid value specified for property 'passwordCredential'.");
  const input = (pc ?? {}) as Record<string, unknown>;
  const start = optionalDate(input, 'startDateTime') ?? now;
  const end = optionalDate(input, 'endDateTime') ?? twoYearsAfter(start);
  if (end <= start) throw GE.badRequest('Key credential end date must be later than the start date.');
  const displayName = optionalString(input, 'displayName') ?? null;
  if (displayName !== null && displayName.length > 256) throw GE.badRequest('The displayName of a password credential can have at most 256 characters.');
  enforceCredentialPolicy(tenant, target, { kind: 'password', start, end });
  const { credential, secretText } = tenant.addPassword(target, { displayName, startDateTime: start, endDateTime: end }, now);
  credential.addedDateTime = now.toISOString(); // the token endpoint's propagation delay counts from here
  return {
    status: 200,
    body: { '@odata.context': `${req.baseUrl}/${req.version}/$metadata#microsoft.graph.passwordCredential`, ...passwordCredentialJson(credential), secretText },
  };
}

export function removePassword(req: GraphRequest, tenant: Tenant, target: CredentialTarget): GraphResponse {
  const body = readJson(req)!;
  const keyId = body.keyId;
  if (typeof keyId !== 'string') throw GE.badRequest("The request body must contain the 'keyId' of the password credential to remove.");
  if (!tenant.removePassword(target, keyId.toLowerCase())) throw GE.badRequest(`No password credential found with keyId ${keyId}.`);
  return { status: 204 };
}

export async function addKey(req: GraphRequest, tenant: Tenant, target: CredentialTarget, now: Date): Promise<GraphResponse> {
  const body = readJson(req)!;
  await verifyProof(body.proof, target, now);
  const kc = body.keyCredential as Record<string, unknown> | undefined;
  if (!kc || typeof kc !== 'object') throw GE.badRequest("The request body must contain 'keyCredential'.");
  const record = keyCredentialFromBody(kc, now);
  if (record.type === 'X509CertAndPassword') {
    const pw = body.passwordCredential as Record<string, unknown> | null | undefined;
    if (record.usage !== 'Sign' || !pw || typeof pw.secretText !== 'string') throw GE.badRequest('X509CertAndPassword needs usage Sign and passwordCredential.secretText.');
  }
  enforceCredentialPolicy(tenant, target, { kind: record.type === 'Symmetric' ? 'symmetricKey' : 'asymmetricKey', start: new Date(record.startDateTime), end: new Date(record.endDateTime) });
  tenant.addKeyCredential(target, record);
  return { status: 200, body: { '@odata.context': `${req.baseUrl}/${req.version}/$metadata#microsoft.graph.keyCredential`, ...keyCredentialJson(record, false) } };
}

export async function removeKey(req: GraphRequest, target: CredentialTarget, now: Date): Promise<GraphResponse> {
  const body = readJson(req)!;
  await verifyProof(body.proof, target, now);
  const keyId = typeof body.keyId === 'string' ? body.keyId.toLowerCase() : '';
  const before = target.keyCredentials.length;
  const kept = target.keyCredentials.filter((k) => k.keyId !== keyId);
  if (kept.length === before) throw GE.badRequest(`No key credential found with keyId ${String(body.keyId)}.`);
  target.keyCredentials.splice(0, target.keyCredentials.length, ...kept);
  return { status: 204 };
}

/** Runs one of the four credential actions on an application or a service principal. */
export async function credentialAction(req: GraphRequest, target: CredentialTarget, action: string, now: Date): Promise<GraphResponse> {
  const { tenant } = req.caller;
  switch (action) {
    case 'addPassword': return addPassword(req, tenant, target, now);
    case 'removePassword': return removePassword(req, tenant, target);
    case 'addKey': return addKey(req, tenant, target, now);
    case 'removeKey': return removeKey(req, target, now);
    default: throw GE.noRoute(action);
  }
}

/** Builds a keyCredential from a Graph body (addKey, or PATCH keyCredentials). */
export function keyCredentialFromBody(kc: Record<string, unknown>, now: Date): KeyCredentialRecord {
  const type = kc.type;
  const usage = kc.usage;
  if (type !== 'AsymmetricX509Cert' && type !== 'X509CertAndPassword' && type !== 'Symmetric') throw GE.badRequest(`Invalid value specified for property 'type' of resource 'KeyCredential'.`);
  // A symmetric key is a shared secret: the emulator keeps app secrets only as hashes, so it does not take them.
  if (type === 'Symmetric') throw GE.badRequest("The emulator does not store Symmetric key credentials (shared secrets); use addPassword or a certificate.");
  if (usage !== 'Verify' && usage !== 'Sign') throw GE.badRequest(`Invalid value specified for property 'usage' of resource 'KeyCredential'.`);
  if (typeof kc.key !== 'string' || kc.key.length === 0) throw GE.badRequest("Invalid value specified for property 'key' of resource 'KeyCredential'.");
  const der = Buffer.from(kc.key, 'base64');
  let cert: X509Certificate;
  try { cert = new X509Certificate(der); } catch { throw GE.badRequest('Key credential key is not a valid X509 certificate.'); }
  const start = new Date(cert.validFrom);
  const end = new Date(cert.validTo);
  const thumb = createHash('sha1').update(der).digest('base64');
  const given = (k: string) => (typeof kc[k] === 'string' && !Number.isNaN(Date.parse(kc[k] as string)) ? new Date(kc[k] as string) : undefined);
  const s = given('startDateTime') ?? start;
  const e = given('endDateTime') ?? end;
  if (s < start || e > end) throw GE.badRequest('Key credential start and end dates must be within the certificate\'s validity period.');
  return {
    keyId: typeof kc.keyId === 'string' ? kc.keyId.toLowerCase() : randomUUID(),
    displayName: typeof kc.displayName === 'string' ? kc.displayName : null,
    customKeyIdentifier: thumb, type, usage, startDateTime: s.toISOString(), endDateTime: e.toISOString(), key: kc.key,
  };
}

async function verifyProof(proof: unknown, target: CredentialTarget, now: Date): Promise<void> {
  const invalid = (why: string) => new GraphError(400, 'Authentication_MissingOrMalformed', `Proof of possession token validation failed: ${why}.`);
  if (typeof proof !== 'string' || proof.split('.').length !== 3) throw invalid('the proof is missing or is not a JWT');
  if (proof.split('.').slice(0, 2).some((part) => part.includes('='))) throw invalid('base64 padding is not allowed in the proof');
  let claims: Record<string, unknown>;
  try { claims = decodeJwt(proof) as Record<string, unknown>; } catch { throw invalid('the proof is not a JWT'); }
  if (claims.aud !== '00000002-0000-0000-c000-000000000000') throw invalid('aud must be 00000002-0000-0000-c000-000000000000');
  if (String(claims.iss ?? '').toLowerCase() !== target.id) throw invalid('iss must be the object id of the application or service principal');
  const t = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp < t || (typeof claims.nbf === 'number' && claims.nbf > t + 300)) throw invalid('the proof is expired or not yet valid');
  const valid = target.keyCredentials.filter((k) => k.usage === 'Verify' && k.type !== 'Symmetric' && Date.parse(k.endDateTime) > now.getTime());
  if (valid.length === 0) throw invalid('the object has no valid certificate to sign the proof with; add the first certificate with PATCH keyCredentials');
  for (const k of valid) {
    try {
      const pub = createPublicKey(new X509Certificate(Buffer.from(k.key, 'base64')).publicKey.export({ type: 'spki', format: 'pem' }));
      await compactVerify(proof, pub, { algorithms: ['RS256', 'PS256'] });
      return;
    } catch { /* try the next certificate */ }
  }
  throw invalid('the signature does not match any current certificate of the object');
}
