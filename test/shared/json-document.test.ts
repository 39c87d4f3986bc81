// Reading a versioned JSON document in one read: a missing file (or a parent that is a file) is the empty
// document; a path that cannot be read is the document's own error naming why, never a bare fs error.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readIfPresent, readJsonDocument, type JsonDocumentSpec } from '../../src/shared/json-document.ts';
import { readTokenCacheEnvelope, TokenCacheFileError } from '../../src/store/token-cache-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'eac-jsondoc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

class DocError extends Error {}
const spec = (path: string): JsonDocumentSpec<{ schemaVersion: number }> => ({
  path, what: 'test document', schemaVersion: 1,
  empty: () => ({ schemaVersion: 0 }),
  shapeOk: () => true,
  fail: (reason) => new DocError(reason),
});

test('missing file, or a parent that is a file: the empty document', () => {
  writeFileSync(join(dir, 'plain'), 'x');
  assert.deepEqual(readJsonDocument(spec(join(dir, 'absent.json'))), { schemaVersion: 0 });
  assert.deepEqual(readJsonDocument(spec(join(dir, 'plain', 'doc.json'))), { schemaVersion: 0 });
  assert.equal(readIfPresent(join(dir, 'absent.json')), undefined);
});

test('a present file is read once and parsed', () => {
  writeFileSync(join(dir, 'ok.json'), '{"schemaVersion":1}');
  assert.deepEqual(readJsonDocument(spec(join(dir, 'ok.json'))), { schemaVersion: 1 });
});

test('a folder where the file should be: the document\'s error, naming why', () => {
  mkdirSync(join(dir, 'folder.json'));
  assert.throws(() => readJsonDocument(spec(join(dir, 'folder.json'))), (e) => e instanceof DocError && /cannot be read \(EISDIR/.test(e.message));
  mkdirSync(join(dir, 'p.cache'));
  assert.throws(() => readTokenCacheEnvelope(join(dir, 'p.cache')), (e) => e instanceof TokenCacheFileError && /cannot be read/.test(e.message));
  assert.equal(readTokenCacheEnvelope(join(dir, 'absent.cache')), undefined);
});
