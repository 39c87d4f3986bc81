// Client secrets as Entra makes and keeps them: a 40-character value in the current identifiable format
// (3 random chars, "8Q~", 34 random chars; see docs/protocol-notes.md, "Client-secret values"), stored only as a salted hash plus the
// 3-character hint. The value exists in clear only in the addPassword response.
// A fast keyed hash (HMAC-SHA-256 with a per-credential salt) is enough here: the values are 40 random
// characters, so there is nothing for a slow password hash to protect against, and token requests stay cheap.
import { randomBytes, randomInt, createHmac, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-';

function randomChars(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A new secret value in Entra's current 40-character format. */
export function generateSecretValue(): string {
  return `${randomChars(3)}8Q~${randomChars(34)}`;
}

export interface SecretHash {
  hint: string;
  salt: string;
  hash: string;
}

export function hashSecret(value: string): SecretHash {
  const salt = randomBytes(16).toString('base64');
  return { hint: value.slice(0, 3), salt, hash: hmac(salt, value) };
}

export function secretMatches(value: string, stored: { salt: string; hash: string }): boolean {
  const a = Buffer.from(hmac(stored.salt, value), 'base64');
  const b = Buffer.from(stored.hash, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
}

function hmac(salt: string, value: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('base64');
}
