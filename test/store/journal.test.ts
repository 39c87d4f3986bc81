// The secret-creation journal: entries of a process that died are found again, live ones are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { SecretJournal } from '../../src/store/journal.ts';

const base = { tenant: 't', cloud: 'local', appObjectId: 'o', appId: 'a', appDisplayName: 'App', displayName: 'EAC-EXP-01-JAN-27', destination: 'profile:demo' };

test('intent -> created -> finished; files are 0600 in a 0700 dir and never hold a value', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'eac-journal-')), 'journal');
  const j = new SecretJournal(dir);
  const e = j.created(j.begin(base, new Date()), 'key-1');
  const files = readdirSync(dir);
  assert.equal(files.length, 1);
  assert.equal(statSync(join(dir, files[0]!)).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const saved = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
  assert.deepEqual(Object.keys(saved).sort(), ['appDisplayName', 'appId', 'appObjectId', 'cloud', 'destination', 'displayName', 'id', 'keyId', 'pid', 'startedAt', 'state', 'tenant']);
  assert.deepEqual(j.scan(new Date()), { abandoned: [], unreadable: [] }, 'our own entry is in flight, not abandoned');
  j.finish(e);
  assert.equal(readdirSync(dir).length, 0);
});

test('an entry whose process is gone, or that is over an hour old, is unfinished', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eac-journal-'));
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(dead.stdout);
  const now = new Date();
  writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...base, id: 'a', pid: deadPid, startedAt: now.toISOString(), state: 'created', keyId: 'k' }));
  writeFileSync(join(dir, 'b.json'), JSON.stringify({ ...base, id: 'b', pid: process.ppid, startedAt: now.toISOString(), state: 'intent' }));
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...base, id: 'c', pid: process.ppid, startedAt: new Date(now.getTime() - 2 * 3600e3).toISOString(), state: 'intent' }));
  writeFileSync(join(dir, 'junk.json'), '{not json');
  const scan = new SecretJournal(dir).scan(now);
  assert.deepEqual(scan.abandoned.map((e) => e.id).sort(), ['a', 'c']);
  assert.deepEqual(scan.unreadable, [{ file: join(dir, 'junk.json'), reason: 'it is not valid JSON' }]);
});

test('stored: the value is safe, the entry says so until finished; fileOf names the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eac-journal-'));
  const j = new SecretJournal(dir);
  const e = j.stored(j.created(j.begin({ ...base, authorityHost: 'https://login.example', graphUrl: 'https://graph.example' }, new Date()), 'key-2'));
  const saved = JSON.parse(readFileSync(j.fileOf(e), 'utf8'));
  assert.equal(saved.state, 'stored');
  assert.equal(saved.keyId, 'key-2');
  assert.equal(saved.graphUrl, 'https://graph.example');
  j.finish(e);
  assert.deepEqual(readdirSync(dir), []);
});

// Every way an entry can be garbled (issue 9, item 4): reported as unreadable with its file, never taken for an
// entry (recovery would act on half a record), never removed or rewritten by a scan.
const dead = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
const entry = (id: string) => ({ ...base, id, pid: dead(), startedAt: new Date().toISOString(), state: 'created', keyId: 'k' });
const GARBLED: Record<string, (id: string) => string> = {
  'cut short': (id) => JSON.stringify(entry(id)).slice(0, 40),
  'empty': () => '',
  'a list': (id) => JSON.stringify([entry(id)]),
  'null': () => 'null',
  'no appId': (id) => JSON.stringify({ ...entry(id), appId: undefined }),
  'a numeric tenant': (id) => JSON.stringify({ ...entry(id), tenant: 5 }),
  'a pid that is text': (id) => JSON.stringify({ ...entry(id), pid: '123' }),
  'an unknown state': (id) => JSON.stringify({ ...entry(id), state: 'rotating' }),
  'a startedAt that is no date': (id) => JSON.stringify({ ...entry(id), startedAt: 'yesterday' }),
  'a keyId that is not text': (id) => JSON.stringify({ ...entry(id), keyId: { a: 1 } }),
  'an id other than its file name': () => JSON.stringify(entry('other')),
  'binary bytes': () => '\u0000\u00ff\u001b]0;x\u0007',
};

for (const [name, text] of Object.entries(GARBLED)) {
  test(`a journal entry with ${name}: reported as unreadable (its file named) on every scan, left as it is`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'eac-journal-'));
    const file = join(dir, 'g.json');
    const content = text('g');
    writeFileSync(file, content);
    const j = new SecretJournal(dir);
    for (let run = 0; run < 2; run++) {
      const scan = j.scan(new Date());
      assert.deepEqual(scan.abandoned, []);
      assert.equal(scan.unreadable.length, 1);
      assert.equal(scan.unreadable[0]!.file, file);
      assert.ok(scan.unreadable[0]!.reason.length > 0);
    }
    assert.equal(readFileSync(file, 'utf8'), content);
  });
}
