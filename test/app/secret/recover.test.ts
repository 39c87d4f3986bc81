// Recovery (src/app/secret/recover.ts) and a journal file it cannot read (issue 9, item 4): the person is told
// on every run which file it is and what to do, the file is kept as it is, and readable entries beside it are
// still recovered.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { journalDir } from '../../../src/app/secret/journal-check.ts';
import { recoverAbandonedSecrets } from '../../../src/app/secret/recover.ts';
import { cleanupCli, tempDir } from '../../helpers/cli.ts';
import { AbsentPerson, testAdminDeps } from '../../helpers/admin-deps.ts';

after(cleanupCli);

test('a garbled journal entry is reported on every run, naming its file and what to do; never dropped or rewritten', async () => {
  const home = tempDir('eac-recover-');
  const deps = testAdminDeps(home);
  const dir = journalDir(deps.paths);
  mkdirSync(dir, { recursive: true });
  const garbled = join(dir, '1b2c.json');
  writeFileSync(garbled, '{"id": "1b2c", "appId": "6a1f');
  // A readable entry already stored: only its bookkeeping is left, so recovery finishes it.
  writeFileSync(join(dir, 'ok.json'), JSON.stringify({
    id: 'ok', pid: 999_999_999, startedAt: new Date().toISOString(), state: 'stored', tenant: 't', cloud: 'local',
    appObjectId: 'o', appId: 'a', appDisplayName: 'App', displayName: 'EAC-EXP-01-JAN-27', destination: 'profile:p', keyId: 'k',
  }));
  for (let run = 0; run < 2; run++) {
    const person = new AbsentPerson();
    await recoverAbandonedSecrets(testAdminDeps(home, { interaction: person }));
    assert.equal(person.warnings.length, 1, `run ${run}: one warning`);
    assert.ok(person.warnings[0]!.includes(garbled), 'names the file');
    assert.match(person.warnings[0]!, /not valid JSON/);
    assert.match(person.warnings[0]!, /Certificates & secrets[\s\S]*then delete the file/);
  }
  assert.deepEqual(readdirSync(dir), ['1b2c.json'], 'the readable entry was finished, the garbled one kept');
  assert.equal(readFileSync(garbled, 'utf8'), '{"id": "1b2c", "appId": "6a1f');
});
