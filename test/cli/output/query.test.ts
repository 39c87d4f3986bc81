// --query: JMESPath on the JSON form, as the Azure CLI runs it; a bad expression, or one that fails on the
// data, is a usage error (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT, UsageError } from '../../../src/cli/errors.ts';
import { compileQuery } from '../../../src/cli/output/query.ts';

const apps = [
  { displayName: 'Orders API', appId: 'a1', secrets: [{ daysLeft: 3 }, { daysLeft: 200 }] },
  { displayName: 'Worker', appId: 'b2', secrets: [] },
];

test('no --query: nothing to run', async () => {
  assert.equal(await compileQuery(undefined), undefined);
});

test('JMESPath as the Azure CLI uses it: projections, filters, multiselect, functions, literals', async () => {
  const run = async (q: string, data: unknown = apps) => (await compileQuery(q))!.run(data);
  assert.deepEqual(await run('[].displayName'), ['Orders API', 'Worker']);
  assert.deepEqual(await run("[?appId=='b2'].displayName | [0]"), 'Worker');
  assert.deepEqual(await run('[].{name: displayName, soon: length(secrets[?daysLeft < `30`])}'), [{ name: 'Orders API', soon: 1 }, { name: 'Worker', soon: 0 }]);
  assert.deepEqual(await run('sort_by([], &displayName)[-1].appId'), 'b2');
  assert.equal(await run('nothing.here'), null);
  assert.equal(await run('length(@)'), 2);
});

test('the query sees the JSON form: dates as strings, undefined fields gone', async () => {
  const q = (await compileQuery('[when, gone]'))!;
  assert.deepEqual(q.run({ when: new Date('2026-01-02T03:04:05Z'), gone: undefined }), ['2026-01-02T03:04:05.000Z', null]);
});

test('a bad expression is a usage error naming it; so is one that fails on the data', async () => {
  const usage = async (q: string, data?: unknown) => {
    try {
      const compiled = await compileQuery(q);
      compiled!.run(data ?? apps);
    } catch (err) {
      assert.ok(err instanceof UsageError, String(err));
      assert.equal(err.exitCode, EXIT.usage);
      return err.message;
    }
    assert.fail(`'${q}' was accepted`);
  };
  assert.match(await usage('[].displayName['), /^--query: invalid JMESPath expression '\[\]\.displayName\[': /);
  assert.match(await usage('[?name=="x"'), /^--query: invalid JMESPath expression/);
  assert.match(await usage('   '), /^--query: empty JMESPath expression/);
  assert.match(await usage('length(`1`)'), /^--query 'length\(`1`\)' failed on the data: /);
  assert.match(await usage('unknown_function(@)'), /unknown_function/);
});
