// Streaming a list: ndjson, tsv and csv write each row as it is given (an inventory of 100,000 apps streams);
// table, json, jsonc and yaml wait for end(). --query sees the whole list. Back-pressure is passed on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { RowView } from '../../../src/cli/output/columns.ts';
import type { OutputFormat } from '../../../src/cli/output/formats.ts';
import { compileQuery } from '../../../src/cli/output/query.ts';
import { openRowSink, writeRows } from '../../../src/cli/output/sink.ts';
import { Capture } from './capture.ts';

interface App { name: string; appId: string; secrets: number }
const VIEW: RowView<App> = {
  columns: [{ header: 'NAME', value: (a) => a.name }, { header: 'APP ID', value: (a) => a.appId }],
  json: (a) => ({ displayName: a.name, appId: a.appId, secretCount: a.secrets }),
};
const apps: App[] = [{ name: 'Orders', appId: 'a1', secrets: 2 }, { name: 'Worker', appId: 'b2', secrets: 0 }];
const out = (format: OutputFormat, query?: Awaited<ReturnType<typeof compileQuery>>) => ({ format, query, color: false });

test('ndjson, tsv, csv: each row is on the stream as soon as it is written; the header comes with the first', async () => {
  const expected: Record<string, string[]> = {
    ndjson: ['', '{"displayName":"Orders","appId":"a1","secretCount":2}\n', '{"displayName":"Worker","appId":"b2","secretCount":0}\n'],
    tsv: ['', 'NAME\tAPP ID\nOrders\ta1\n', 'Worker\tb2\n'],
    csv: ['', 'NAME,APP ID\nOrders,a1\n', 'Worker,b2\n'],
  };
  for (const [format, parts] of Object.entries(expected)) {
    const stream = new Capture();
    const sink = openRowSink(stream, out(format as OutputFormat), VIEW);
    assert.equal(stream.text, parts[0], `${format}: nothing before the first row`);
    await sink.write(apps[0]!);
    assert.equal(stream.text, parts[0]! + parts[1], `${format}: the first row is out`);
    await sink.write(apps[1]!);
    await sink.end();
    assert.equal(stream.text, parts.join(''), `${format}: end() adds nothing`);
  }
});

test('an empty list: tsv and csv still print their header; ndjson and json print nothing / []', async () => {
  const text = async (format: OutputFormat) => { const s = new Capture(); await writeRows(s, out(format), VIEW, []); return s.text; };
  assert.equal(await text('tsv'), 'NAME\tAPP ID\n');
  assert.equal(await text('csv'), 'NAME,APP ID\n');
  assert.equal(await text('ndjson'), '');
  assert.equal(await text('json'), '[]\n');
  assert.match(await text('table'), /NAME.*APP ID/);
});

test('table, json, jsonc, yaml: nothing until end(), then the whole list in its JSON form', async () => {
  for (const format of ['table', 'json', 'jsonc', 'yaml'] as const) {
    const stream = new Capture();
    const sink = openRowSink(stream, out(format), VIEW);
    for (const a of apps) await sink.write(a);
    assert.equal(stream.text, '', `${format} waits`);
    await sink.end();
    assert.notEqual(stream.text, '');
  }
  const json = new Capture();
  await writeRows(json, out('json'), VIEW, apps);
  assert.deepEqual(JSON.parse(json.text), apps.map(VIEW.json!));
});

test('rows from an async iterator (a Graph list) go through the same way', async () => {
  async function* pages() { for (const a of apps) { await new Promise((r) => setImmediate(r)); yield a; } }
  const s = new Capture();
  await writeRows(s, out('tsv'), VIEW, pages());
  assert.equal(s.text, 'NAME\tAPP ID\nOrders\ta1\nWorker\tb2\n');
});

test('--query runs on the whole list (the JSON form), then the format renders its result', async () => {
  const q = await compileQuery('[?secretCount > `0`].{name: displayName, id: appId}');
  const tsv = new Capture();
  await writeRows(tsv, out('tsv', q), VIEW, apps);
  assert.equal(tsv.text, 'name\tid\nOrders\ta1\n', 'the columns are the result\'s keys, not the command\'s');
  const nd = new Capture();
  await writeRows(nd, out('ndjson', await compileQuery('[].appId')), VIEW, apps);
  assert.equal(nd.text, '"a1"\n"b2"\n');
  const count = new Capture();
  await writeRows(count, out('json', await compileQuery('length(@)')), VIEW, apps);
  assert.equal(count.text, '2\n');
});

test('back-pressure: write() returns a promise while the stream is full, resolved on drain', async () => {
  const chunks: string[] = [];
  const slow = new Writable({
    highWaterMark: 8,
    write(chunk, _enc, done) { chunks.push(chunk.toString()); setTimeout(done, 5); },
  });
  const sink = openRowSink(slow, out('ndjson'), VIEW);
  const pending = sink.write(apps[0]!);
  assert.ok(pending instanceof Promise, 'a full stream makes the writer wait');
  await pending;
  await sink.write(apps[1]!);
  await sink.end();
  await new Promise((r) => slow.end(r));
  assert.equal(chunks.length, 2);
});
