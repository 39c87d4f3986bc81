// A command offering -o html next to the shared formats: html gets the report's sink, the rest the shared row
// sink; --query does not apply to html; commands without html do not offer it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { openListOrReportSink } from '../../../src/cli/output/report-sink.ts';
import { chooseFormat } from '../../../src/cli/output/formats.ts';
import { compileQuery } from '../../../src/cli/output/query.ts';
import { INVENTORY_OUTPUT, LIST_OUTPUT } from '../../../src/cli/output/specs.ts';
import { UsageError } from '../../../src/cli/errors.ts';
import type { RowSink } from '../../../src/cli/output/sink.ts';

const view = { columns: [{ header: 'NAME', value: (r: { name: string }) => r.name }] };

test('html: the report sink; tsv: the shared sink; --query with html is a usage error', async () => {
  const written: string[] = [];
  const html: RowSink<{ name: string }> = { write: (r) => { written.push(r.name); }, end: async () => { written.push('end'); } };
  const out = new PassThrough();
  const sink = openListOrReportSink(out, { format: 'html', color: false }, view, { html: () => html });
  await sink.write({ name: 'a' });
  await sink.end();
  assert.deepEqual(written, ['a', 'end']);

  const tsv = openListOrReportSink(out, { format: 'tsv', color: false }, view, { html: () => html });
  await tsv.write({ name: 'b' });
  await tsv.end();
  assert.equal(out.read().toString(), 'NAME\nb\n');

  const query = await compileQuery('[].name');
  assert.throws(() => openListOrReportSink(out, { format: 'html', color: false, query }, view, { html: () => html }), (e: unknown) => e instanceof UsageError && /--query does not apply to -o html/.test(e.message));
});

test('inventory offers html besides the shared formats; a list command does not', () => {
  assert.equal(chooseFormat('html', INVENTORY_OUTPUT, false), 'html');
  assert.equal(chooseFormat(undefined, INVENTORY_OUTPUT, false), 'tsv');
  assert.throws(() => chooseFormat('html', LIST_OUTPUT, false), /unknown output format 'html'; use table, json, jsonc, yaml, tsv, csv or ndjson/);
});
