// admin-sessions.json of a shape this version did not write (issue 9, item 4): every read refuses it with an
// error naming the file, and nothing is written over it, whatever the shape. The cases are the ways a file can
// be "almost" ours: valid JSON that a loose check would take for an empty or partial document.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AdminSessionsFileError, AdminSessionStore, type AdminSession } from '../../src/store/admin-sessions.ts';
import { cleanupCli, tempDir } from '../helpers/cli.ts';

after(cleanupCli);

const session: AdminSession = {
  id: 'abc', cloudKey: 'local', authorityHost: 'https://127.0.0.1:1', graphUrl: 'https://127.0.0.1:1/graph', tenant: 't', kind: 'user',
  clientId: 'c', signedInAt: '2025-01-01T00:00:00.000Z',
};
const good = { schemaVersion: 1, current: 'abc', sessions: { abc: session } };

const CORRUPT_SESSIONS: Record<string, string> = {
  'not JSON': '{"schemaVersion": 1, "sessions": {',
  'an empty list': '[]',
  'sessions is an empty list': JSON.stringify({ schemaVersion: 1, current: null, sessions: [] }),
  'sessions is a list of sessions': JSON.stringify({ schemaVersion: 1, current: null, sessions: [session] }),
  'sessions is null': JSON.stringify({ schemaVersion: 1, current: null, sessions: null }),
  'no sessions at all': JSON.stringify({ schemaVersion: 1, current: null }),
  'a newer schema': JSON.stringify({ ...good, schemaVersion: 2 }),
  'no schema version': JSON.stringify({ current: null, sessions: {} }),
  'a session under another id': JSON.stringify({ ...good, sessions: { other: session } }),
  'a session without a tenant': JSON.stringify({ ...good, sessions: { abc: { ...session, tenant: undefined } } }),
  'a session of an unknown kind': JSON.stringify({ ...good, sessions: { abc: { ...session, kind: 'robot' } } }),
  'a session that is a string': JSON.stringify({ ...good, current: null, sessions: { abc: 'x' } }),
  'current names no session': JSON.stringify({ ...good, current: 'missing' }),
  'current is a number': JSON.stringify({ ...good, current: 1 }),
  'current is __proto__': JSON.stringify({ ...good, current: '__proto__' }),
  'a JSON string': '"sessions"',
  'null': 'null',
};

function homeWith(text: string): { store: AdminSessionStore; path: string } {
  const dir = join(tempDir('eac-sessions-'), 'config');
  mkdirSync(dir, { recursive: true });
  const store = new AdminSessionStore(dir);
  writeFileSync(store.path, text);
  return { store, path: store.path };
}

for (const [name, text] of Object.entries(CORRUPT_SESSIONS)) {
  test(`admin-sessions.json with ${name}: every read and update refuses it, naming the file; the file is untouched`, async () => {
    const { store, path } = homeWith(text);
    const refused = (e: unknown) => e instanceof AdminSessionsFileError && e.message.includes(path);
    assert.throws(() => store.read(), refused);
    assert.throws(() => store.current(), refused);
    assert.throws(() => store.find('local', 't'), refused);
    assert.throws(() => store.readBack('abc'), refused);
    await assert.rejects(store.update((doc) => { doc.sessions.x = { ...session, id: 'x' }; }), refused);
    assert.equal(readFileSync(path, 'utf8'), text);
  });
}

test('a well-formed file reads, and an update keeps what it has', async () => {
  const { store } = homeWith(JSON.stringify(good));
  assert.equal(store.current()?.id, 'abc');
  await store.update((doc) => { doc.sessions.x = { ...session, id: 'x' }; doc.current = 'x'; });
  assert.deepEqual(Object.keys(store.read().sessions).sort(), ['abc', 'x']);
  assert.equal(store.readBack('x')?.id, 'x');
  assert.equal(store.readBack('constructor'), undefined, 'no inherited names');
});
