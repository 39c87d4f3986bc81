// Text from a tenant shown on a terminal: every character a terminal acts on (ESC, BEL, CR, BS, DEL, C1,
// bidi controls, line separators) is shown as a visible escape; ordinary text, accents and emoji are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeJsonText, hasRawAfterJson, terminalSafe } from '../../src/core/terminal-text.ts';
import { jsonLine, jsonText } from '../../src/core/json-text.ts';

test('control characters and escape sequences become visible escapes', () => {
  assert.equal(terminalSafe('\x1b[31mred\x1b[0m'), '\\x1b[31mred\\x1b[0m');
  assert.equal(terminalSafe('\x1b]0;pwned\x07title'), '\\x1b]0;pwned\\x07title', 'OSC title + BEL');
  assert.equal(terminalSafe('\x9b31m C1 CSI'), '\\x9b31m C1 CSI');
  assert.equal(terminalSafe('\x85 NEL \x9d OSC \x80'), '\\x85 NEL \\x9d OSC \\x80');
  assert.equal(terminalSafe('over\rwrite\bx\x7f'), 'over\\x0dwrite\\x08x\\x7f');
  assert.equal(terminalSafe('abc\u202edef\u2066'), 'abc\\u202edef\\u2066', 'bidi override and isolate');
  assert.equal(terminalSafe('a\u2028b'), 'a\\u2028b');
  assert.equal(terminalSafe('\x00'), '\\x00');
});

test('layout: tab and newline kept unless asked; plain, accented and emoji text untouched', () => {
  assert.equal(terminalSafe('a\tb\nc'), 'a\tb\nc');
  assert.equal(terminalSafe('a\tb\nc', { keepLayout: false }), 'a\\x09b\\x0ac');
  const plain = "Bob's App — Zürich 東京 🚀 (prod) [x] {y} \\ \"q\"";
  assert.equal(terminalSafe(plain), plain);
  assert.equal(terminalSafe(plain, { keepLayout: false }), plain);
});

test('JSON: what JSON.stringify leaves raw (DEL, C1, bidi, line separators) is \\u-escaped; the value is unchanged', () => {
  const value = { name: 'a\x9b\x1b[2J\u202e\x7f\u2028z', 'k\x85': ['\x90'] };
  for (const text of [jsonText(value), jsonLine(value)]) {
    assert.doesNotMatch(text, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, 'no raw controls');
    assert.deepEqual(JSON.parse(text), value, 'the same JSON value');
  }
  assert.equal(jsonText({ a: 1 }), '{\n  "a": 1\n}\n');
  assert.equal(jsonLine({ a: 1 }), '{"a":1}\n');
  assert.equal(escapeJsonText('"\x9b"'), '"\\u009b"');
  assert.equal(hasRawAfterJson('x\x9by'), true);
  assert.equal(hasRawAfterJson('x\x1by'), false, 'JSON escapes C0 itself');
});
