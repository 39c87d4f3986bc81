// Checking a certificate file before a profile points at it: PEM (certificate + private key) or PFX,
// whether it needs a password, and whether a given password opens it. Told by content, not extension.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ActionableError } from '../core/actionable-error.ts';

export type CertificateFormat = 'pem' | 'pfx';

export class CertificateFileError extends ActionableError {}

export interface CertificateFileInfo {
  format: CertificateFormat;
  /** The private key (PEM) or the PFX is protected by a password. */
  needsPassword: boolean;
}

function load(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CertificateFileError(code === 'ENOENT' ? `The certificate file ${path} does not exist.` : `Cannot read the certificate file ${path} (${code ?? 'error'}).`);
  }
}

export async function inspectCertificateFile(path: string): Promise<CertificateFileInfo> {
  const bytes = load(path);
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) {
    if (!/-----BEGIN CERTIFICATE-----/.test(text)) throw new CertificateFileError(`${path} has no certificate (-----BEGIN CERTIFICATE-----); it must hold the certificate and its private key.`);
    if (!/-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(text)) throw new CertificateFileError(`${path} has no private key; put the certificate and its private key in one PEM file, or use a PFX.`);
    return { format: 'pem', needsPassword: /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text) };
  }
  return { format: 'pfx', needsPassword: (await openPfx(path, bytes, '')) !== undefined && (await openPfx(path, bytes, null)) !== undefined };
}

/** Undefined when `password` opens the file; otherwise a message saying it does not. */
export async function checkCertificatePassword(path: string, format: CertificateFormat, password: string): Promise<string | undefined> {
  const bytes = load(path);
  if (format === 'pfx') return openPfx(path, bytes, password);
  const key = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(bytes.toString('utf8'))?.[0];
  if (!key) return `${path} has no private key.`;
  try {
    createPrivateKey({ key, format: 'pem', passphrase: password });
    return undefined;
  } catch {
    return `That password does not open the private key in ${path}.`;
  }
}

/** Undefined when the PFX opens with this password (null = no password at all). */
async function openPfx(path: string, bytes: Buffer, password: string | null): Promise<string | undefined> {
  // node-forge, because node:crypto cannot read PKCS#12 outside a TLS context; loaded only for a PFX.
  const { default: forge } = await import('node-forge');
  let asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  } catch {
    throw new CertificateFileError(`${path} is neither a PEM file nor a PFX (PKCS#12) file.`);
  }
  try {
    forge.pkcs12.pkcs12FromAsn1(asn1, false, password as string);
    return undefined;
  } catch (err) {
    const m = (err as Error).message ?? '';
    if (/MAC could not be verified|Invalid password|password/i.test(m)) return `That password does not open ${path}.`;
    if (password === null || password === '') return `That password does not open ${path}.`;
    throw new CertificateFileError(`${path} is not a readable PFX (PKCS#12) file: ${m}`);
  }
}
