// Which of an app's password credentials a profile's secret is. Entra never gives a value back, only its
// hint (the first 3 characters), so: the credential the profile recorded when entra-auth-cli created the
// value (core/profile.ts CredentialRef), else the one credential whose hint the value starts with. Two
// credentials with the same hint cannot be told apart without a sign-in (then: ambiguous). Pure.
import type { CredentialRef } from './profile.ts';

export type CredentialMatch =
  | { how: 'recorded' | 'hint'; keyId: string }
  /** Several credentials carry the value's hint. */
  | { how: 'ambiguous'; keyIds: string[] }
  /** The recorded credential is no longer in the app (removed or expired and cleaned up). */
  | { how: 'gone'; keyId: string }
  | { how: 'none' };

export const HINT_LENGTH = 3;

export function matchProfileCredential(
  recorded: CredentialRef | undefined,
  value: string | undefined,
  credentials: readonly { keyId: string; hint?: string | null }[],
): CredentialMatch {
  if (recorded) {
    return credentials.some((c) => c.keyId === recorded.keyId) ? { how: 'recorded', keyId: recorded.keyId } : { how: 'gone', keyId: recorded.keyId };
  }
  if (!value || value.length < HINT_LENGTH) return { how: 'none' };
  const hint = value.slice(0, HINT_LENGTH);
  const same = credentials.filter((c) => c.hint === hint).map((c) => c.keyId);
  if (same.length === 1) return { how: 'hint', keyId: same[0]! };
  return same.length ? { how: 'ambiguous', keyIds: same } : { how: 'none' };
}
