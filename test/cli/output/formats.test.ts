// -o: the formats a command offers, its defaults by terminal, a usage error naming the offered ones, and the
// help text; and the colour decision (NO_COLOR, a pipe, TERM=dumb give plain output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT, UsageError } from '../../../src/cli/errors.ts';
import { allFormats, chooseFormat, formatHelp, OUTPUT_FORMATS } from '../../../src/cli/output/formats.ts';
import { resolveOutput, stdoutColor } from '../../../src/cli/output/output.ts';
import { LIST_OUTPUT, OBJECT_OUTPUT, SECRET_OUTPUT, TOKEN_OUTPUT } from '../../../src/cli/output/specs.ts';
import { Capture, ioOver } from './capture.ts';

test('the shared format names', () => {
  assert.deepEqual([...OUTPUT_FORMATS], ['table', 'json', 'jsonc', 'yaml', 'tsv', 'csv', 'ndjson']);
  assert.deepEqual([...TOKEN_OUTPUT.formats], ['raw', ...OUTPUT_FORMATS], 'get-token keeps raw');
});

test('defaults: table on a terminal; lists tsv in a pipe, one-object commands json, get-token raw', () => {
  assert.equal(chooseFormat(undefined, LIST_OUTPUT, true), 'table');
  assert.equal(chooseFormat(undefined, LIST_OUTPUT, false), 'tsv');
  assert.equal(chooseFormat(undefined, OBJECT_OUTPUT, false), 'json');
  assert.equal(chooseFormat(undefined, TOKEN_OUTPUT, false), 'raw');
  assert.equal(chooseFormat(undefined, SECRET_OUTPUT, false), 'table');
  for (const f of OUTPUT_FORMATS) assert.equal(chooseFormat(f, LIST_OUTPUT, true), f);
});

test('a format the command does not offer: usage error (exit 2) naming the ones it does', () => {
  const bad = (value: string, spec = LIST_OUTPUT) => {
    try {
      chooseFormat(value, spec, true);
    } catch (err) {
      assert.ok(err instanceof UsageError);
      assert.equal(err.exitCode, EXIT.usage);
      return err.message;
    }
    assert.fail(`'${value}' was accepted`);
  };
  assert.equal(bad('xml'), "-o: unknown output format 'xml'; use table, json, jsonc, yaml, tsv, csv or ndjson.");
  assert.equal(bad('raw'), "-o: unknown output format 'raw'; use table, json, jsonc, yaml, tsv, csv or ndjson.", 'raw is get-token\'s own');
  assert.equal(bad('JSON'), "-o: unknown output format 'JSON'; use table, json, jsonc, yaml, tsv, csv or ndjson.", 'names are exact');
  assert.equal(bad('', { formats: ['table', 'json'], tty: 'table', pipe: 'json' }), "-o: unknown output format ''; use table or json.");
});

test('help: formats with their notes, then the defaults', () => {
  assert.equal(formatHelp(allFormats({ tty: 'table', pipe: 'tsv' })), 'table | json | jsonc | yaml | tsv | csv | ndjson (default: table on a terminal, tsv in a pipe)');
  assert.match(formatHelp(TOKEN_OUTPUT), /^raw \(the token only\) \| table \(.+\) \| json .* \(default: table on a terminal, raw in a pipe\)$/);
  assert.match(formatHelp(SECRET_OUTPUT), /\(default: table\)$/);
});

test('colour: only a terminal stdout, never with NO_COLOR (even empty) or TERM=dumb', async () => {
  assert.equal(stdoutColor({ stdoutIsTty: true, env: {} }), true);
  assert.equal(stdoutColor({ stdoutIsTty: false, env: {} }), false);
  assert.equal(stdoutColor({ stdoutIsTty: true, env: { NO_COLOR: '' } }), false);
  assert.equal(stdoutColor({ stdoutIsTty: true, env: { NO_COLOR: '1' } }), false);
  assert.equal(stdoutColor({ stdoutIsTty: true, env: { TERM: 'dumb' } }), false);
  const out = await resolveOutput({ output: 'jsonc', query: 'a' }, LIST_OUTPUT, ioOver(new Capture(), { tty: true, env: { NO_COLOR: '1' } }));
  assert.equal(out.format, 'jsonc');
  assert.equal(out.color, false);
  assert.equal(out.query?.run({ a: 1 }), 1);
});
