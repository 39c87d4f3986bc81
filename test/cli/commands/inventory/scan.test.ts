// inventory scan's flags: durations, statuses and --fail-on words are checked before anything runs (exit 2
// with the accepted values named); --resume only with a format written row by row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScanFlags, run } from '../../../../src/cli/commands/inventory/scan.ts';
import { UsageError } from '../../../../src/cli/errors.ts';
import type { Factory } from '../../../../src/cli/factory.ts';
import { PassThrough } from 'node:stream';

test('flags parse into filters and --fail-on words', () => {
  const p = parseScanFlags({ expiringWithin: '45d', status: 'expired, expiring-14d', owner: 'a@b.c', app: 'Orders', failOn: 'expired,expiring' });
  assert.equal(p.filters.expiringWithinDays, 45);
  assert.deepEqual([...p.filters.statuses!], ['expired', 'expiring-14d']);
  assert.equal(p.filters.owner, 'a@b.c');
  assert.equal(p.filters.app, 'Orders');
  assert.deepEqual([...p.failOn], ['expired', 'expiring']);
  assert.equal(parseScanFlags({ expiringWithin: '12h' }).expiringDays, 1, 'rounded up to whole days');
});

test('bad values are usage errors naming what is accepted', () => {
  assert.throws(() => parseScanFlags({ expiringWithin: 'soon' }), (e) => e instanceof UsageError && /--expiring-within 'soon'/.test(e.message));
  assert.throws(() => parseScanFlags({ status: 'expired,late' }), (e) => e instanceof UsageError && /expiring-14d/.test(e.message));
  assert.throws(() => parseScanFlags({ failOn: 'overdue' }), (e) => e instanceof UsageError && /expired, expiring/.test(e.message));
  assert.throws(() => parseScanFlags({ failOn: ',' }), UsageError);
});

test('--resume with -o json or --query is refused before anything is read', async () => {
  const io = { out: new PassThrough(), err: new PassThrough(), stdoutIsTty: false, canPrompt: false, color: false, env: {} };
  const f = { io } as unknown as Factory;
  await assert.rejects(run({ resume: true, output: 'json' }, f), (e) => e instanceof UsageError && /ndjson, tsv or csv/.test(e.message));
  await assert.rejects(run({ resume: true, output: 'ndjson', query: '[0]' }, f), UsageError);
});
