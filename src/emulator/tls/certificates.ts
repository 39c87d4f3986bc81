// Certificates for the emulator: a local CA (created once, trusted by the user via NODE_EXTRA_CA_CERTS or
// REQUESTS_CA_BUNDLE), a server certificate it signs, and self-signed certificates for token signing keys.
// Keys come from node:crypto (fast, native); node-forge builds the X.509 structures, which node:crypto cannot.
import { generateKeyPairSync, createHash, createPrivateKey, X509Certificate, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { ensurePrivateDir, writeFileAtomic } from '../../shared/files.ts';

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface LocalCa extends PemPair {
  certPath: string;
  notAfter: Date;
  /** Set when this call replaced a CA that had expired or was within CA_RENEW_DAYS of expiry. */
  reissued?: 'expired' | 'expiring' | 'mismatched';
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A local CA lives about a year and is re-issued in its last 30 days; its leaf certificates live 30 days
 * and are issued on every start. A short-lived CA limits what a copied ca-key.pem can do, and for how long
 * (issue 9). Why it has no name constraints: docs/emulator.md, "The local CA".
 */
export const CA_LIFETIME_DAYS = 365;
export const CA_RENEW_DAYS = 30;
export const LEAF_LIFETIME_DAYS = 30;

function newRsaKey(bits = 2048): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

function baseCert(publicPem: string, subjectCn: string, validDays: number, now: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  // Positive, random 16-byte serial (leading nibble forced below 8 so it is never read as negative).
  cert.serialNumber = '4' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - DAY);
  cert.validity.notAfter = new Date(now.getTime() + validDays * DAY);
  cert.setSubject([{ name: 'commonName', value: subjectCn }, { name: 'organizationName', value: 'entra-auth-cli emulator' }]);
  return cert;
}

/** A self-signed certificate for `keyPem`'s key (used for token-signing keys and test client certificates). */
export function createSelfSigned(subjectCn: string, validDays = 3650, now = new Date()): PemPair {
  const key = newRsaKey();
  const cert = baseCert(key.publicPem, subjectCn, validDays, now);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true }]);
  cert.sign(forge.pki.privateKeyFromPem(key.privatePem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.privatePem };
}

/** Where the local CA lives inside a state dir (so `emulator ca --state-dir` prints the one start uses). */
export function stateCaDir(stateDir: string): string {
  return join(stateDir, 'tls');
}

/**
 * Loads the local CA from `dir`, creating it on first use and re-issuing it (new key, same files) when it
 * has expired or expires within CA_RENEW_DAYS of `now`. Files: ca.pem (public), ca-key.pem (0600).
 */
export function ensureLocalCa(dir: string, now = new Date()): LocalCa {
  const certPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'ca-key.pem');
  let reissued: LocalCa['reissued'];
  if (existsSync(certPath) && existsSync(keyPath)) {
    const certPem = readFileSync(certPath, 'utf8');
    const keyPem = readFileSync(keyPath, 'utf8');
    const x509 = new X509Certificate(certPem);
    const notAfter = new Date(x509.validTo);
    const left = notAfter.getTime() - now.getTime();
    if (left > CA_RENEW_DAYS * DAY && x509.checkPrivateKey(createPrivateKey(keyPem))) return { certPath, certPem, keyPem, notAfter };
    reissued = left <= 0 ? 'expired' : left <= CA_RENEW_DAYS * DAY ? 'expiring' : 'mismatched';
  }
  ensurePrivateDir(dir);
  const key = newRsaKey();
  const cert = baseCert(key.publicPem, 'entra-auth-cli emulator local CA', CA_LIFETIME_DAYS, now);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(key.privatePem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  // A kill between these two writes leaves a certificate that does not match its key: the next call sees
  // it (checkPrivateKey above) and issues the CA again.
  writeFileAtomic(keyPath, key.privatePem, 0o600);
  writeFileAtomic(certPath, certPem, 0o644);
  return { certPath, certPem, keyPem: key.privatePem, notAfter: cert.validity.notAfter, ...(reissued ? { reissued } : {}) };
}

/** The DNS names and IPs a default server certificate covers: loopback under every usual name. */
export const DEFAULT_SERVER_NAMES = ['localhost', '*.localhost', '*.vault.localhost', '127.0.0.1', '::1'];

/** Issues a server certificate signed by the CA for the given names (DNS names or IP addresses). */
export function issueServerCertificate(ca: PemPair, names: string[], now = new Date()): PemPair {
  const key = newRsaKey();
  // Issued on every start, so a short life costs nothing; never past the CA's own end.
  const cert = baseCert(key.publicPem, names[0] ?? 'localhost', LEAF_LIFETIME_DAYS, now);
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  if (cert.validity.notAfter > caCert.validity.notAfter) cert.validity.notAfter = caCert.validity.notAfter;
  cert.setIssuer(caCert.subject.attributes);
  const altNames = names.map((n) => (isIp(n) ? { type: 7, ip: n } : { type: 2, value: n }));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.privatePem };
}

function isIp(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':');
}

/** Base64url SHA-1 / SHA-256 of a certificate's DER: the x5t / x5t#S256 values Entra uses. */
export function thumbprints(certPemOrDer: string | Buffer): { sha1: Buffer; sha256: Buffer; der: Buffer } {
  const der = typeof certPemOrDer === 'string' ? pemToDer(certPemOrDer) : certPemOrDer;
  return { der, sha1: createHash('sha1').update(der).digest(), sha256: createHash('sha256').update(der).digest() };
}

export function pemToDer(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}

export function derToPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}
