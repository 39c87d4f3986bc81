// Fixtures are built at run time (test/helpers/fake-secrets.ts): never a committed secret-shaped string. gitleaks:allow
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entropy, findSecretShapes, secretShapeOf } from '../../src/core/secret-patterns.ts';
import { fakeCurrentSecret, fakeLegacySecret, fakePreviousSecret } from '../helpers/fake-secrets.ts';

test('the current (40) and previous (37) shapes are found with their position, hint and length', () => {
  const cur = fakeCurrentSecret('Ab1');
  const prev = fakePreviousSecret('Zz9');
  const text = `CLIENT_SECRET=${cur}\n  "secret": "${prev}",`;
  const found = findSecretShapes(text);
  assert.deepEqual(found.map((f) => ({ ...f })), [
    { index: text.indexOf(cur), length: 40, hint: 'Ab1', format: 'current' },
    { index: text.indexOf(prev), length: 37, hint: 'Zz9', format: 'previous' },
  ]);
  assert.equal(secretShapeOf(cur)?.format, 'current');
  assert.equal(secretShapeOf(prev)?.length, 37);
});

test("gitleaks' boundaries: quoted, after = : ( , > and backtick, before ; ) < — but not inside a longer token", () => {
  const v = fakeCurrentSecret();
  for (const wrap of [[' ', ' '], ['"', '"'], ["'", "'"], ['`', '`'], ['=', ';'], [':', ','], ['(', ')'], ['>', '<'], ['\\', '\\']]) {
    assert.equal(findSecretShapes(`x${wrap[0]}${v}${wrap[1]}y`).length, 1, `between ${wrap.join(' and ')}`);
  }
  assert.equal(findSecretShapes(`a${v}`).length, 0, 'a longer token that ends like one');
  assert.equal(findSecretShapes(`${v}a`).length, 0, 'a longer token that starts like one');
  assert.equal(findSecretShapes(`/${v}/`).length, 0, 'a path segment');
  assert.equal(findSecretShapes(`${v.slice(0, 39)}`).length, 0, 'one character short');
});

test('the marker must fit the length: 8 with 40 characters, 7 with 37; other digits are not Entra secrets', () => {
  const cur = fakeCurrentSecret();
  assert.equal(secretShapeOf(`${cur.slice(0, 3)}7${cur.slice(4)}`), undefined, '7 with 40 characters');
  assert.equal(secretShapeOf(`${cur.slice(0, 3)}5${cur.slice(4)}`), undefined, 'another digit');
  const prev = fakePreviousSecret();
  assert.equal(secretShapeOf(`${prev.slice(0, 3)}8${prev.slice(4)}`), undefined, '8 with 37 characters');
});

test('placeholders with little entropy are not reported', () => {
  const placeholder = `xxx8${'Q~'}${'x'.repeat(34)}`;
  assert.ok(entropy(placeholder) < 3);
  assert.deepEqual(findSecretShapes(`secret: ${placeholder}`), []);
});

test('legacy 32/34-character values only with legacy, and only with a separator, a letter and a digit', () => {
  const legacy = fakeLegacySecret();
  assert.deepEqual(findSecretShapes(`k=${legacy}`), []);
  assert.equal(findSecretShapes(`k=${legacy}`, { legacy: true })[0]?.format, 'legacy-34');
  assert.deepEqual(findSecretShapes(`k=${'ab12'.repeat(8)}`, { legacy: true }), [], 'no separator: a hex-like id');
  const cur = fakeCurrentSecret();
  assert.equal(findSecretShapes(`k=${cur}`, { legacy: true }).length, 1, 'a current value is not also legacy');
});
