// config export / import in-process: the passphrase asked twice (hidden) or piped; the profile and its
// secret travel only with --include-secrets; --overwrite replaces a profile without inheriting its values.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run as create } from '../../../../src/cli/commands/config/create.ts';
import { run as exportProfile } from '../../../../src/cli/commands/config/export.ts';
import { run as importProfile } from '../../../../src/cli/commands/config/import.ts';
import { UsageError } from '../../../../src/cli/errors.ts';
import { cleanupCli, tempDir } from '../../../helpers/cli.ts';
import { ScriptedInteraction } from '../../../helpers/scripted-interaction.ts';
import { storedValue, valuesKept } from '../../../helpers/stored-secrets.ts';
import { testFactory } from '../../../helpers/test-factory.ts';

after(cleanupCli);

const PASSPHRASE = 'correct horse battery staple';
const flags = { cloud: 'public', tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', authMethod: 'ClientSecret', clientSecretStdin: true, scope: ['https://graph.microsoft.com/.default'], flow: 'client-credentials' };

test('export asks the passphrase twice, hidden (a mismatch asks again); import brings the profile and its secret; --overwrite does not inherit', async () => {
  const home = tempDir('eac-export-');
  const other = tempDir('eac-import-');
  await create({ ...flags, name: 'demo' }, testFactory({ home, input: 'demo-value-0123456789' }).f);
  const file = join(home, 'demo.eac.json');

  const person = new ScriptedInteraction([
    { q: 'Passphrase to protect the export', answer: PASSPHRASE },
    { q: 'Repeat the passphrase', answer: 'something else' },
    { q: 'Passphrase to protect the export', answer: 'short' },
    { q: 'Passphrase to protect the export', answer: PASSPHRASE },
    { q: 'Repeat the passphrase', answer: PASSPHRASE },
  ]);
  const ex = testFactory({ home, interaction: person });
  await exportProfile({ profile: 'demo', includeSecrets: true, out: file }, ex.f);
  person.assertDone();
  assert.deepEqual(person.notices, ['The two passphrases differ; try again.']);
  assert.match(person.refused[0]!.problem, /at least 8 characters/);
  assert.ok(person.asked.every((a) => a.hidden));
  assert.match(ex.err(), /Exported profile 'demo' to .* \(with its secret, sealed with your passphrase\)/);

  await assert.rejects(importProfile({ file }, testFactory({ home: other }).f), (e: unknown) => e instanceof UsageError && /^missing --passphrase-stdin \(no terminal to ask in\)$/.test(e.message));
  const im = testFactory({ home: other, input: PASSPHRASE });
  await importProfile({ file, passphraseStdin: true }, im.f);
  assert.match(im.err(), /Imported profile 'demo' \(the default profile\)/);
  assert.equal(storedValue(other, 'demo'), 'demo-value-0123456789');

  // Without secrets, over the one there: the old value does not carry over to the replacing profile.
  const bare = join(home, 'bare.eac.json');
  await exportProfile({ profile: 'demo', out: bare, passphraseStdin: true }, testFactory({ home, input: PASSPHRASE }).f);
  await assert.rejects(importProfile({ file: bare, passphraseStdin: true }, testFactory({ home: other, input: PASSPHRASE }).f), /already exists; nothing was imported/);
  const over = testFactory({ home: other, input: PASSPHRASE });
  await importProfile({ file: bare, passphraseStdin: true, overwrite: true }, over.f);
  assert.match(over.err(), /replacing the one there was[\s\S]*The export has no client secret/);
  assert.deepEqual(valuesKept(other, 'demo'), [], 'the replaced profile\'s value is gone and not read by the new one');
  assert.equal(storedValue(other, 'demo'), undefined);
});
