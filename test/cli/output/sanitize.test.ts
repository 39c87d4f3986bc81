// A hostile app name (escape sequences, C1 controls, BEL, bidi overrides) in every format: never raw on the
// terminal. Table, tsv and csv show visible escapes; json, jsonc, ndjson and yaml escape it in the format's
// own syntax, so a parser still reads the exact name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import type { RowView } from '../../../src/cli/output/columns.ts';
import { OUTPUT_FORMATS } from '../../../src/cli/output/formats.ts';
import { writeRecord } from '../../../src/cli/output/record.ts';
import { writeRows } from '../../../src/cli/output/sink.ts';
import { Capture } from './capture.ts';

const HOSTILE = 'Evil\x1b]8;;https://x.example\x07App\x1b[2J\x9b6n\u202eppa\x07\x85';
const RAW = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\x1b(?!\[\d*m)/;
const VIEW: RowView<{ name: string }> = { columns: [{ header: 'NAME', value: (r) => r.name }] };

test('a hostile name in every format: no raw control reaches the terminal, parsers read the exact name', async () => {
  for (const format of OUTPUT_FORMATS) {
    for (const color of [false, true]) {
      const s = new Capture();
      await writeRows(s, { format, color }, VIEW, [{ name: HOSTILE }]);
      assert.doesNotMatch(s.text, RAW, `${format}${color ? ' (colour)' : ''}: ${JSON.stringify(s.text)}`);
      if (format === 'json' || format === 'jsonc') assert.equal(JSON.parse(s.text.replace(/\x1b\[\d+m/g, ''))[0].name, HOSTILE);
      if (format === 'ndjson') assert.equal(JSON.parse(s.text).name, HOSTILE);
      if (format === 'yaml') assert.equal(YAML.parse(s.text)[0].name, HOSTILE);
      if (format === 'tsv' || format === 'csv' || format === 'table') assert.match(s.text, /Evil\\x1b\]8;;https:\/\/x\.example\\x07App\\x1b\[2J\\x9b6n\\u202eppa\\x07\\x85/);
    }
  }
});

test('one-object answers and headers too', async () => {
  for (const format of OUTPUT_FORMATS) {
    const s = new Capture();
    await writeRecord(s, { format, color: false }, { json: { [HOSTILE]: HOSTILE }, rows: { columns: [{ header: HOSTILE, value: (r: string) => r }], rows: [HOSTILE] } });
    assert.doesNotMatch(s.text, RAW, format);
  }
});
