// The one reader of certificate files: PEM (certificate + private key) or PFX, told by content, not extension.
// Before a profile points at a file: which format, whether it needs a password, whether a password opens it.
// At token time: the credential MSAL wants, the private key as unencrypted PKCS#8 PEM (kept in memory only)
// and the certificate's SHA-256 thumbprint (MSAL then signs a PS256 assertion with x5t#S256). With several
// certificates in the file, the one whose public key matches the private key is used. A PFX is read with
// node-forge (loaded only for one), because node:crypto cannot read PKCS#12 outside a TLS context.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ActionableError } from '../core/actionable-error.ts';

export type CertificateFormat = 'pem' | 'pfx';

export class CertificateFileError extends ActionableError {}

export interface CertificateFileInfo {
  format: CertificateFormat;
  /** The private key (PEM) or the PFX is protected by a password. */
  needsPassword: boolean;
}

export interface ClientCertificate {
  privateKeyPem: string;
  /** Hex, as MSAL's clientCertificate.thumbprintSha256 takes it. */
  thumbprintSha256: string;
  notAfter: Date;
  subject: string;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

function load(path: string, hint?: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (hint) throw new CertificateFileError(`Cannot read the certificate file ${path} (${code === 'ENOENT' ? 'it does not exist' : code ?? 'error'}).`, hint);
    throw new CertificateFileError(code === 'ENOENT' ? `The certificate file ${path} does not exist.` : `Cannot read the certificate file ${path} (${code ?? 'error'}).`);
  }
}

type Forge = typeof import('node-forge');

/** The PKCS#12 structure, or 'password' when this password does not open it. */
async function parsePfx(path: string, bytes: Buffer, password: string | null): Promise<{ forge: Forge; p12: import('node-forge').pkcs12.Pkcs12Pfx } | 'password'> {
  const { default: forge } = await import('node-forge');
  let asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  } catch {
    throw new CertificateFileError(`${path} is neither a PEM file nor a PFX (PKCS#12) file.`);
  }
  try {
    return { forge, p12: forge.pkcs12.pkcs12FromAsn1(asn1, false, password as string) };
  } catch (err) {
    const m = (err as Error).message ?? '';
    if (/MAC could not be verified|Invalid password|password/i.test(m) || password === null || password === '') return 'password';
    throw new CertificateFileError(`${path} is not a readable PFX (PKCS#12) file: ${m}`);
  }
}

export async function inspectCertificateFile(path: string): Promise<CertificateFileInfo> {
  const bytes = load(path);
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) {
    if (!/-----BEGIN CERTIFICATE-----/.test(text)) throw new CertificateFileError(`${path} has no certificate (-----BEGIN CERTIFICATE-----); it must hold the certificate and its private key.`);
    if (!KEY_BLOCK.test(text)) throw new CertificateFileError(`${path} has no private key; put the certificate and its private key in one PEM file, or use a PFX.`);
    return { format: 'pem', needsPassword: /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text) };
  }
  return { format: 'pfx', needsPassword: (await parsePfx(path, bytes, '')) === 'password' && (await parsePfx(path, bytes, null)) === 'password' };
}

/** Undefined when `password` opens the file; otherwise a message saying it does not. */
export async function checkCertificatePassword(path: string, format: CertificateFormat, password: string): Promise<string | undefined> {
  const bytes = load(path);
  if (format === 'pfx') return (await parsePfx(path, bytes, password)) === 'password' ? `That password does not open ${path}.` : undefined;
  const key = KEY_BLOCK.exec(bytes.toString('utf8'))?.[0];
  if (!key) return `${path} has no private key.`;
  try {
    createPrivateKey({ key, format: 'pem', passphrase: password });
    return undefined;
  } catch {
    return `That password does not open the private key in ${path}.`;
  }
}

/** What a certificate file says about the certificate a profile signs in with, without its key: for reports. */
export interface CertificateFacts {
  /** Hex SHA-1, as the portal's "Thumbprint" and Graph's customKeyIdentifier show it. */
  thumbprint: string;
  thumbprintSha256: string;
  notAfter: Date;
  subject: string;
}

/** The certificate of `owner` (a profile name, or "service principal <appId>") that matches the file's key, and that key. */
async function matchedCertificate(owner: string, path: string, format: CertificateFormat, password: string | undefined): Promise<{ cert: X509Certificate; key: KeyObject }> {
  const bytes = load(path, `Point the profile at the file again with \`entra-auth-cli config edit -p ${owner} --certificate PATH\`.`);
  const { certs, key } = format === 'pfx' ? await fromPfx(owner, path, bytes, password) : fromPem(owner, path, bytes.toString('utf8'), password);
  const cert = certs.find((c) => c.checkPrivateKey(key));
  if (!cert) throw new ActionableError(`No certificate in ${path} matches its private key.`, 'The file must hold the certificate and the private key that belongs to it.');
  return { cert, key };
}

/** Thumbprints, end and subject of the certificate of `owner`, whether or not it has expired. */
export async function readCertificateFacts(owner: string, path: string, format: CertificateFormat, password: string | undefined): Promise<CertificateFacts> {
  const { cert } = await matchedCertificate(owner, path, format, password);
  return {
    thumbprint: cert.fingerprint.replace(/:/g, '').toLowerCase(), thumbprintSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    notAfter: new Date(cert.validTo), subject: cert.subject.replace(/\n/g, ', '),
  };
}

/** The certificate credential of `owner` (a profile name, or "service principal <appId>"), checked against `now`. */
export async function loadClientCertificate(owner: string, path: string, format: CertificateFormat, password: string | undefined, now: Date): Promise<ClientCertificate> {
  const { cert, key } = await matchedCertificate(owner, path, format, password);
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() <= now.getTime()) {
    throw new ActionableError(`The certificate in ${path} (${cert.subject.replace(/\n/g, ', ')}) expired on ${notAfter.toISOString()}.`,
      `Create a new certificate, upload its public part to the app registration (Certificates & secrets), and point the profile at it with \`entra-auth-cli config edit -p ${owner} --certificate PATH\`.`);
  }
  return {
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprintSha256: cert.fingerprint256.replace(/:/g, ''),
    notAfter,
    subject: cert.subject.replace(/\n/g, ', '),
  };
}

function fromPem(owner: string, path: string, text: string, password: string | undefined): { certs: X509Certificate[]; key: KeyObject } {
  const certs = (text.match(CERT_BLOCK) ?? []).map((pem) => new X509Certificate(pem));
  const keyPem = KEY_BLOCK.exec(text)?.[0];
  if (!certs.length || !keyPem) throw new ActionableError(`${path} must hold a certificate and its private key (PEM).`);
  try {
    return { certs, key: createPrivateKey({ key: keyPem, format: 'pem', passphrase: password }) };
  } catch {
    throw new ActionableError(`The private key in ${path} cannot be opened${password === undefined ? ': it is encrypted and the profile has no certificate password' : ' with the stored certificate password'}.`,
      `Store the right password with \`entra-auth-cli config edit -p ${owner} --certificate-password-stdin\`.`);
  }
}

async function fromPfx(owner: string, path: string, bytes: Buffer, password: string | undefined): Promise<{ certs: X509Certificate[]; key: KeyObject }> {
  let parsed;
  try {
    parsed = await parsePfx(path, bytes, password ?? '');
  } catch {
    parsed = 'password' as const;
  }
  if (parsed === 'password') {
    throw new ActionableError(`${path} cannot be opened as a PFX${password === undefined ? ' without a password' : ' with the stored certificate password'}.`,
      `Store the right password with \`entra-auth-cli config edit -p ${owner} --certificate-password-stdin\`, or check the file is a PFX (PKCS#12).`);
  }
  const { forge, p12 } = parsed;
  const bagsOf = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bagsOf(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bagsOf(forge.pki.oids.keyBag!)].find((b) => b.key);
  if (!keyBag?.key) throw new ActionableError(`${path} holds no private key.`, 'Export the PFX with its private key.');
  const certs = bagsOf(forge.pki.oids.certBag!).filter((b) => b.cert).map((b) => new X509Certificate(forge.pki.certificateToPem(b.cert!)));
  if (!certs.length) throw new ActionableError(`${path} holds no certificate.`);
  return { certs, key: createPrivateKey(forge.pki.privateKeyToPem(keyBag.key)) };
}

/** The credential MSAL takes for a certificate. */
export function msalCertificate(c: ClientCertificate): { clientCertificate: { thumbprintSha256: string; privateKey: string } } {
  return { clientCertificate: { thumbprintSha256: c.thumbprintSha256, privateKey: c.privateKeyPem } };
}
