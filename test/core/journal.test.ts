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
  assert.equal(j.unfinished(new Date()).length, 0, 'our own entry is in flight, not abandoned');
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
  const ids = new SecretJournal(dir).unfinished(now).map((e) => e.id).sort();
  assert.deepEqual(ids, ['a', 'c']);
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
