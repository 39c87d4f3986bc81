// One-object answers (config show, whoami, get-token, secret create, inspect): the JSON form declared once,
// rows for table/tsv/csv, a panel for people, a command's own format (raw), and --query over the JSON form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import type { OutputFormat } from '../../../src/cli/output/formats.ts';
import { compileQuery } from '../../../src/cli/output/query.ts';
import { recordText, type RecordView } from '../../../src/cli/output/record.ts';

const json = { accessToken: 'eyJ.x.y', expiresOn: '2026-01-01T00:00:00.000Z', scopes: ['a/.default'] };
const view: RecordView<[string, string]> = {
  json,
  rows: { columns: [{ header: 'PROPERTY', value: (r) => r[0] }, { header: 'VALUE', value: (r) => r[1] }], rows: [['Expires', '1 Jan 2026'], ['Scopes', 'a/.default']] },
  panel: () => 'PANEL\n',
  extra: { raw: () => `${json.accessToken}\n` },
};
const text = async (format: string, query?: string) => recordText({ format, query: await compileQuery(query), color: false }, view);

test('each format: panel for table, rows for tsv/csv, the JSON form for json/jsonc/yaml/ndjson, raw its own', async () => {
  assert.equal(await text('table'), 'PANEL\n');
  assert.equal(await text('tsv'), 'PROPERTY\tVALUE\nExpires\t1 Jan 2026\nScopes\ta/.default\n');
  assert.equal(await text('csv'), 'PROPERTY,VALUE\nExpires,1 Jan 2026\nScopes,a/.default\n');
  assert.equal(await text('json'), `${JSON.stringify(json, null, 2)}\n`);
  assert.equal(await text('jsonc'), `${JSON.stringify(json, null, 2)}\n`);
  assert.deepEqual(YAML.parse(await text('yaml')), json);
  assert.equal(await text('ndjson'), `${JSON.stringify(json)}\n`);
  assert.equal(await text('raw'), 'eyJ.x.y\n');
});

test('without rows, table/tsv/csv show the JSON form as a grid', async () => {
  const bare = async (format: OutputFormat) => recordText({ format, color: false }, { json });
  assert.equal(await bare('tsv'), 'accessToken\texpiresOn\tscopes\neyJ.x.y\t2026-01-01T00:00:00.000Z\t["a/.default"]\n');
  assert.match(await bare('table'), /accessToken.*expiresOn.*scopes/);
});

test('--query: on the JSON form in every format; the panel and rows give way to the result', async () => {
  assert.equal(await text('tsv', 'accessToken'), 'eyJ.x.y\n');
  assert.equal(await text('json', 'scopes'), '[\n  "a/.default"\n]\n');
  assert.equal(await text('raw', 'accessToken'), 'eyJ.x.y\n', 'raw prints a string result bare');
  assert.equal(await text('raw', 'scopes'), '[\n  "a/.default"\n]\n', 'and anything else as JSON');
  assert.doesNotMatch(await text('table', '{t: accessToken}'), /PANEL/);
  assert.match(await text('table', '{t: accessToken}'), /│ t\s+│\n.*\n│ eyJ\.x\.y │/);
  assert.equal(await text('yaml', 'expiresOn'), '2026-01-01T00:00:00.000Z\n');
});
