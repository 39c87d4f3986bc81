// The local CA lives a year and is re-issued in its last 30 days (or when expired, or when a kill left a
// certificate that does not match its key); leaf certificates live 30 days, never past their CA. Clock
// injected: the `now` of ensureLocalCa / issueServerCertificate / startEmulator.
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CA_LIFETIME_DAYS, createSelfSigned, ensureLocalCa, issueServerCertificate, LEAF_LIFETIME_DAYS } from '../../../src/emulator/tls/certificates.ts';
import { startEmulator } from '../../../src/emulator/index.ts';

const root = mkdtempSync(join(tmpdir(), 'eac-ca-'));
after(() => rmSync(root, { recursive: true, force: true }));
const DAY = 86_400_000;
const T0 = new Date('2031-03-01T12:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const daysBetween = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / DAY);
const notAfter = (pem: string) => new Date(new X509Certificate(pem).validTo);

test('a new CA lives a year; it is kept until its last 30 days, then re-issued in place, and when expired', () => {
  const dir = join(root, 'ca');
  const ca = ensureLocalCa(dir, T0);
  assert.equal(ca.reissued, undefined);
  assert.equal(CA_LIFETIME_DAYS, 365);
  assert.equal(daysBetween(T0, notAfter(ca.certPem)), 365);
  assert.equal(ca.notAfter.getTime(), notAfter(ca.certPem).getTime());

  const kept = ensureLocalCa(dir, at(334)); // 31 days left
  assert.equal(kept.reissued, undefined);
  assert.equal(kept.certPem, ca.certPem, 'the same CA while more than 30 days are left');

  const expiring = ensureLocalCa(dir, at(336)); // 29 days left
  assert.equal(expiring.reissued, 'expiring');
  assert.notEqual(expiring.certPem, ca.certPem);
  assert.equal(expiring.certPath, ca.certPath, 'same file: the path clients trust stays');
  assert.equal(readFileSync(ca.certPath, 'utf8'), expiring.certPem);
  assert.equal(daysBetween(at(336), expiring.notAfter), 365);
  assert.ok(new X509Certificate(expiring.certPem).ca);

  const expired = ensureLocalCa(dir, at(336 + 400));
  assert.equal(expired.reissued, 'expired');
  assert.equal(ensureLocalCa(dir, at(336 + 401)).reissued, undefined, 'and then kept again');
});

test('a CA certificate that does not match its key (a kill between the two writes) is re-issued', () => {
  const dir = join(root, 'mismatch');
  const ca = ensureLocalCa(dir, T0);
  writeFileSync(join(dir, 'ca-key.pem'), createSelfSigned('other', 30, T0).keyPem);
  const again = ensureLocalCa(dir, at(1));
  assert.equal(again.reissued, 'mismatched');
  assert.notEqual(again.certPem, ca.certPem);
  assert.ok(new X509Certificate(again.certPem).checkPrivateKey(createPrivateKey(again.keyPem)));
});

test('a leaf lives 30 days, is signed by the CA, and never outlives it', () => {
  const ca = ensureLocalCa(join(root, 'leaf'), T0);
  const leaf = issueServerCertificate(ca, ['localhost', '127.0.0.1'], at(10));
  const x = new X509Certificate(leaf.certPem);
  assert.equal(LEAF_LIFETIME_DAYS, 30);
  assert.equal(daysBetween(at(10), notAfter(leaf.certPem)), 30);
  assert.ok(x.verify(new X509Certificate(ca.certPem).publicKey), 'signed by the CA');
  const late = issueServerCertificate(ca, ['localhost'], at(350)); // the CA has 15 days left
  assert.equal(notAfter(late.certPem).getTime(), ca.notAfter.getTime());
});

test('startEmulator re-issues a CA near expiry at start and says so in notices; a fresh one says nothing', async () => {
  const caDir = join(root, 'emu');
  let now = T0.getTime();
  const first = await startEmulator({ port: 0, caDir, now: () => now });
  await first.stop();
  assert.deepEqual(first.notices, []);
  const before = readFileSync(join(caDir, 'ca.pem'), 'utf8');
  now = at(350).getTime();
  const second = await startEmulator({ port: 0, caDir, now: () => now });
  await second.stop();
  assert.equal(second.notices.length, 1);
  assert.match(second.notices[0]!, /local CA was within 30 days of expiry and was re-issued \(.*ca\.pem, valid until 2033-02-1\d\)\. Restart the clients/);
  assert.notEqual(readFileSync(join(caDir, 'ca.pem'), 'utf8'), before);
});

