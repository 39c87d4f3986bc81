// config delete in-process: asks on a terminal (no means nothing changes), needs --yes without one, and
// removes the profile, every value it keeps (under recorded and per-name keys) and its token cache.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run as create } from '../../../../src/cli/commands/config/create.ts';
import { run as del } from '../../../../src/cli/commands/config/delete.ts';
import { UsageError } from '../../../../src/cli/errors.ts';
import { cleanupCli, tempDir } from '../../../helpers/cli.ts';
import { ScriptedInteraction } from '../../../helpers/scripted-interaction.ts';
import { storedSecrets } from '../../../helpers/stored-secrets.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { GRAPH_DEFAULT } from '../../../helpers/token-profiles.ts';

after(cleanupCli);

test('config delete: "no" keeps everything; --yes is needed without a terminal; then profile, values and tokens go', async () => {
  const home = tempDir('eac-delete-');
  const flags = { cloud: 'public', tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', authMethod: 'ClientSecret', clientSecretStdin: true, scope: [GRAPH_DEFAULT], flow: 'client-credentials' };
  await create({ ...flags, name: 'gone' }, testFactory({ home, input: 'gone-value-0123456789' }).f);
  await create({ ...flags, name: 'gone.b' }, testFactory({ home, input: 'other-value-0123456789' }).f);
  const tokens = join(home, 'cache', 'tokens');
  mkdirSync(tokens, { recursive: true });
  for (const f of ['gone.json', 'gone.b.json']) writeFileSync(join(tokens, f), '{}');

  const no = new ScriptedInteraction([{ q: "Delete profile 'gone', its stored secrets and its cached tokens?", answer: false }]);
  const kept = testFactory({ home, interaction: no });
  await del({ profile: 'gone' }, kept.f);
  assert.match(kept.err(), /Nothing was deleted\./);
  assert.ok(kept.f.profiles.read().profiles.gone);

  await assert.rejects(del({ profile: 'gone' }, testFactory({ home }).f), (e: unknown) => e instanceof UsageError
    && e.message === "missing --yes (deleting 'gone' needs a confirmation; no terminal to ask in)");
  await assert.rejects(del({}, testFactory({ home }).f), /missing -p NAME/);

  const t = testFactory({ home });
  await del({ profile: 'gone', yes: true }, t.f);
  assert.match(t.err(), /✔ Deleted profile 'gone' \(and 1 stored secret from .*secrets\.json, 1 token cache file\)\./);
  assert.equal(t.f.profiles.read().profiles.gone, undefined);
  assert.deepEqual(Object.values(storedSecrets(home)), ['other-value-0123456789'], 'only the other profile\'s value is left');
  assert.deepEqual(readdirSync(tokens), ['gone.b.json']);
  await assert.rejects(del({ profile: 'gone', yes: true }, testFactory({ home }).f), /There is no profile named 'gone'/);
});
