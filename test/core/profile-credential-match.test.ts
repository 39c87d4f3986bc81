import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchProfileCredential } from '../../src/core/profile-credential-match.ts';

const creds = [{ keyId: 'k1', hint: 'abc' }, { keyId: 'k2', hint: 'xyz' }, { keyId: 'k3', hint: 'xyz' }, { keyId: 'k4', hint: null }];

test('a recorded credential wins over the hint, and is "gone" when the app no longer has it', () => {
  assert.deepEqual(matchProfileCredential({ keyId: 'k1' }, 'xyz8Q~value', creds), { how: 'recorded', keyId: 'k1' });
  assert.deepEqual(matchProfileCredential({ keyId: 'k9' }, 'abc8Q~value', creds), { how: 'gone', keyId: 'k9' });
});

test('without a record, the one credential with the value\'s hint; two with it are ambiguous', () => {
  assert.deepEqual(matchProfileCredential(undefined, 'abc8Q~value', creds), { how: 'hint', keyId: 'k1' });
  assert.deepEqual(matchProfileCredential(undefined, 'xyz8Q~value', creds), { how: 'ambiguous', keyIds: ['k2', 'k3'] });
  assert.deepEqual(matchProfileCredential(undefined, 'qqq8Q~value', creds), { how: 'none' });
  assert.deepEqual(matchProfileCredential(undefined, 'ab', creds), { how: 'none' });
  assert.deepEqual(matchProfileCredential(undefined, undefined, creds), { how: 'none' });
});
