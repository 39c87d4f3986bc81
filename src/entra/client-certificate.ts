// A certificate credential as MSAL wants it: the private key as unencrypted PKCS#8 PEM (kept in memory only)
// and the certificate's SHA-256 thumbprint, which makes MSAL sign a PS256 assertion with x5t#S256. Reads a
// PEM file holding the certificate and its key, or a PFX (through node-forge: node:crypto cannot read
// PKCS#12). With several certificates in the file, the one whose public key matches the private key is used.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ActionableError } from '../core/actionable-error.ts';

export interface ClientCertificate {
  privateKeyPem: string;
  /** Hex, as MSAL's clientCertificate.thumbprintSha256 takes it. */
  thumbprintSha256: string;
  notAfter: Date;
  subject: string;
}

export async function loadClientCertificate(profile: string, path: string, format: 'pem' | 'pfx', password: string | undefined, now: Date): Promise<ClientCertificate> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ActionableError(`Cannot read the certificate file ${path} (${code === 'ENOENT' ? 'it does not exist' : code ?? 'error'}).`,
      `Point the profile at the file again with \`entra-auth-cli config edit -p ${profile} --certificate PATH\`.`);
  }
  const { certs, key } = format === 'pfx' ? await fromPfx(profile, path, bytes, password) : fromPem(profile, path, bytes.toString('utf8'), password);
  const cert = certs.find((c) => c.checkPrivateKey(key));
  if (!cert) throw new ActionableError(`No certificate in ${path} matches its private key.`, 'The file must hold the certificate and the private key that belongs to it.');
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() <= now.getTime()) {
    throw new ActionableError(`The certificate in ${path} (${cert.subject.replace(/\n/g, ', ')}) expired on ${notAfter.toISOString()}.`,
      `Create a new certificate, upload its public part to the app registration (Certificates & secrets), and point the profile at it with \`entra-auth-cli config edit -p ${profile} --certificate PATH\`.`);
  }
  return {
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprintSha256: cert.fingerprint256.replace(/:/g, ''),
    notAfter,
    subject: cert.subject.replace(/\n/g, ', '),
  };
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

function fromPem(profile: string, path: string, text: string, password: string | undefined): { certs: X509Certificate[]; key: KeyObject } {
  const certs = (text.match(CERT_BLOCK) ?? []).map((pem) => new X509Certificate(pem));
  const keyPem = KEY_BLOCK.exec(text)?.[0];
  if (!certs.length || !keyPem) throw new ActionableError(`${path} must hold a certificate and its private key (PEM).`);
  try {
    return { certs, key: createPrivateKey({ key: keyPem, format: 'pem', passphrase: password }) };
  } catch {
    throw new ActionableError(`The private key in ${path} cannot be opened${password === undefined ? ': it is encrypted and the profile has no certificate password' : ' with the stored certificate password'}.`,
      `Store the right password with \`entra-auth-cli config edit -p ${profile} --certificate-password-stdin\`.`);
  }
}

async function fromPfx(profile: string, path: string, bytes: Buffer, password: string | undefined): Promise<{ certs: X509Certificate[]; key: KeyObject }> {
  const { default: forge } = await import('node-forge');
  let p12;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password ?? '');
  } catch {
    throw new ActionableError(`${path} cannot be opened as a PFX${password === undefined ? ' without a password' : ' with the stored certificate password'}.`,
      `Store the right password with \`entra-auth-cli config edit -p ${profile} --certificate-password-stdin\`, or check the file is a PFX (PKCS#12).`);
  }
  const bagsOf = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bagsOf(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bagsOf(forge.pki.oids.keyBag!)].find((b) => b.key);
  if (!keyBag?.key) throw new ActionableError(`${path} holds no private key.`, 'Export the PFX with its private key.');
  const certs = bagsOf(forge.pki.oids.certBag!).filter((b) => b.cert).map((b) => new X509Certificate(forge.pki.certificateToPem(b.cert!)));
  if (!certs.length) throw new ActionableError(`${path} holds no certificate.`);
  return { certs, key: createPrivateKey(forge.pki.privateKeyToPem(keyBag.key)) };
}
