// Every format for the same data: json (2-space), jsonc (json when colour is off), yaml, ndjson, and table,
// tsv and csv with the same header row; a --query result of any shape as a grid (as the Azure CLI shows it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { cellText, gridFromJson } from '../../../src/cli/output/columns.ts';
import { renderGrid, renderValue } from '../../../src/cli/output/render.ts';

const rows = [
  { name: 'orders', scopes: ['api://orders/.default'], default: true, note: null },
  { name: 'worker, "bg"', scopes: [], default: false, extra: 1 },
];

test('json: 2-space indented and a final newline; ndjson: one compact line per element', async () => {
  assert.equal(await renderValue(rows, 'json', false), `${JSON.stringify(rows, null, 2)}\n`);
  assert.equal(await renderValue(rows, 'ndjson', false), `${JSON.stringify(rows[0])}\n${JSON.stringify(rows[1])}\n`);
  assert.equal(await renderValue({ a: 1 }, 'ndjson', false), '{"a":1}\n', 'one object: one line');
  assert.equal(await renderValue([], 'ndjson', false), '', 'no elements: no lines');
  assert.equal(await renderValue(undefined, 'json', false), 'null\n');
});

test('jsonc: coloured on a terminal, exactly -o json without colour', async () => {
  assert.equal(await renderValue(rows, 'jsonc', false), await renderValue(rows, 'json', false));
  const coloured = await renderValue(rows, 'jsonc', true);
  assert.match(coloured, /\x1b\[\d+m/);
  assert.deepEqual(JSON.parse(coloured.replace(/\x1b\[\d+m/g, '')), rows, 'the same JSON under the colour');
});

test('yaml: the same data for a YAML parser', async () => {
  const text = await renderValue(rows, 'yaml', false);
  assert.match(text, /^- name: orders\n/);
  assert.deepEqual(YAML.parse(text), rows);
});

test('tsv and csv: the same header row; tsv flattens tabs and line breaks, csv quotes per RFC 4180 and defuses formulas', async () => {
  const grid = { headers: ['NAME', 'NOTE'], rows: [['a\tb', 'line1\nline2'], ['=SUM(A1)', 'say "hi", then go'], ['-1', '@x'], ['+1', 'plain']] };
  assert.equal(renderGrid(grid, 'tsv'), 'NAME\tNOTE\na b\tline1 line2\n=SUM(A1)\tsay "hi", then go\n-1\t@x\n+1\tplain\n');
  assert.equal(renderGrid(grid, 'csv'), `NAME,NOTE\na\tb,"line1\nline2"\n'=SUM(A1),"say ""hi"", then go"\n'-1,'@x\n'+1,plain\n`);
  const header = (t: string) => t.split('\n')[0]!.split(/[\t,]/);
  assert.deepEqual(header(renderGrid(grid, 'tsv')), header(renderGrid(grid, 'csv')));
});

test('table: a header and a row per item', async () => {
  const text = renderGrid({ headers: ['NAME', 'CLOUD'], rows: [['orders', 'local'], ['worker', 'public']] }, 'table');
  const lines = text.trimEnd().split('\n').filter((l) => l.startsWith('│'));
  assert.deepEqual(lines.map((l) => l.split('│').slice(1, -1).map((c) => c.trim())), [['NAME', 'CLOUD'], ['orders', 'local'], ['worker', 'public']]);
  assert.equal(renderGrid({ headers: null, rows: [] }, 'table'), '', 'nothing to show: nothing printed');
});

test('any JSON value as a grid: objects give columns (first-seen key order), scalars give bare values', () => {
  assert.deepEqual(gridFromJson(rows), {
    headers: ['name', 'scopes', 'default', 'note', 'extra'],
    rows: [['orders', '["api://orders/.default"]', 'true', '', ''], ['worker, "bg"', '[]', 'false', '', '1']],
  });
  assert.deepEqual(gridFromJson({ a: 1, b: 'x' }), { headers: ['a', 'b'], rows: [['1', 'x']] });
  assert.deepEqual(gridFromJson(['a', 'b']), { headers: null, rows: [['a'], ['b']] });
  assert.deepEqual(gridFromJson('token'), { headers: null, rows: [['token']] });
  assert.deepEqual(gridFromJson(null), { headers: null, rows: [] });
  assert.deepEqual(gridFromJson([{ a: 1 }, 2]), { headers: null, rows: [['{"a":1}'], ['2']] }, 'mixed lists: one value per line');
  assert.equal(cellText(false), 'false');
  assert.equal(cellText({ k: [1] }), '{"k":[1]}');
});

test('a query result in tsv: a string alone is the value and a newline (for $(...))', async () => {
  assert.equal(await renderValue('eyJ0eXAi', 'tsv', false), 'eyJ0eXAi\n');
  assert.equal(await renderValue(['a', 'b'], 'csv', false), 'a\nb\n');
  assert.equal(await renderValue([{ n: 'a', c: 'x' }], 'tsv', false), 'n\tc\na\tx\n');
  assert.equal(await renderValue(null, 'tsv', false), '');
});
