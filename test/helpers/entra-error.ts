// Asserts that a response is an Entra OAuth error: the status, `error`, AADSTS code and the exact body shape
// (error_description with Trace ID / Correlation ID / Timestamp lines, error_codes, timestamp, ids).
import assert from 'node:assert/strict';
import type { RawResponse } from './emulator.ts';

export function assertEntraError(res: RawResponse, status: number, error: string, code: number): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error, error);
  assert.deepEqual(res.json.error_codes, [code]);
  assert.match(res.json.error_description, new RegExp(`^AADSTS${code}: `));
  assert.match(res.json.error_description, /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.match(res.json.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.match(res.json.trace_id, /^[0-9a-f-]{36}$/);
  assert.match(res.json.correlation_id, /^[0-9a-f-]{36}$/);
}
