// The export envelope: what the passphrase seals opens only with that passphrase, and any change to the
// file, header included, makes opening fail instead of yielding something else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EnvelopeFormatError, WrongPassphraseError, open, parseEnvelope, seal } from '../../src/core/sealed-export.ts';

const payload = { profile: { name: 'demo' }, secrets: { clientSecret: `s-${randomBytes(16).toString('hex')}` } };

test('round trip, and the clear text holds nothing of the payload', async () => {
  const e = await seal(payload, 'correct horse battery', true);
  const text = JSON.stringify(e);
  assert.ok(!text.includes(payload.secrets.clientSecret));
  assert.ok(!text.includes('demo'));
  assert.equal(e.kdf.N, 2 ** 17);
  assert.deepEqual(await open(parseEnvelope(text), 'correct horse battery'), payload);
  // The same passphrase typed in another Unicode form (NFD) opens it too.
  const accented = await seal(payload, 'caf\u00e9 au lait', false);
  assert.deepEqual(await open(accented, 'cafe\u0301 au lait'), payload);
});

test('a wrong passphrase or any changed field fails with WrongPassphraseError', async () => {
  const e = await seal(payload, 'correct horse battery', true);
  await assert.rejects(open(e, 'correct horse batterY'), WrongPassphraseError);
  const flip = (b64: string) => { const b = Buffer.from(b64, 'base64'); b[0]! ^= 1; return b.toString('base64'); };
  await assert.rejects(open({ ...e, ciphertext: flip(e.ciphertext) }, 'correct horse battery'), WrongPassphraseError);
  await assert.rejects(open({ ...e, cipher: { ...e.cipher, tag: flip(e.cipher.tag) } }, 'correct horse battery'), WrongPassphraseError);
  await assert.rejects(open({ ...e, cipher: { ...e.cipher, iv: flip(e.cipher.iv) } }, 'correct horse battery'), WrongPassphraseError);
  await assert.rejects(open({ ...e, includesSecrets: false }, 'correct horse battery'), WrongPassphraseError);
  await assert.rejects(open({ ...e, kdf: { ...e.kdf, salt: flip(e.kdf.salt) } }, 'correct horse battery'), WrongPassphraseError);
});

test('parseEnvelope refuses what is not ours, newer versions and weak or huge KDF parameters', async () => {
  const e = await seal(payload, 'correct horse battery', true);
  const bad = (v: unknown, why: RegExp) => assert.throws(() => parseEnvelope(JSON.stringify(v)), (err: Error) => err instanceof EnvelopeFormatError && why.test(err.message));
  assert.throws(() => parseEnvelope('not json'), EnvelopeFormatError);
  bad({ ...e, format: 'something-else' }, /not an entra-auth-cli profile export/);
  bad({ ...e, version: 2 }, /newer entra-auth-cli/);
  bad({ ...e, kdf: { ...e.kdf, N: 2 ** 10 } }, /out of range/);
  bad({ ...e, kdf: { ...e.kdf, N: 2 ** 24 } }, /out of range/);
  bad({ ...e, kdf: { ...e.kdf, N: 2 ** 20, r: 16 } }, /out of range/);
  bad({ ...e, kdf: { ...e.kdf, N: 100_000 } }, /out of range/);
  bad({ ...e, cipher: { ...e.cipher, name: 'aes-128-cbc' } }, /cipher/);
  bad({ ...e, includesSecrets: 'yes' }, /secrets/);
});
