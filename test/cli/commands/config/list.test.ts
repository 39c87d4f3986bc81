// config list and show in-process: data on stdout (JSON here: the pipe's default is TSV), never a value or
// where in the store it sits; where the secret is, and what to do when it is missing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run as list } from '../../../../src/cli/commands/config/list.ts';
import { run as show } from '../../../../src/cli/commands/config/show.ts';
import { cleanupCli, tempDir } from '../../../helpers/cli.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { homeWithEmulator, saveProfile } from '../../../helpers/token-profiles.ts';
import { run as create } from '../../../../src/cli/commands/config/create.ts';

after(cleanupCli);

test('config list: every profile, the default marked; none yet says how to make one', async () => {
  const home = tempDir('eac-list-');
  const empty = testFactory({ home });
  await list({ output: 'json' }, empty.f);
  assert.equal(empty.out(), '[]\n');
  const tsv = testFactory({ home });
  await list({}, tsv.f);
  assert.match(tsv.err(), /No profiles yet\. Create one with: entra-auth-cli config create/);

  const flags = { cloud: 'public', tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', authMethod: 'ClientSecret', scope: ['https://graph.microsoft.com/.default'], flow: 'client-credentials' };
  await create({ ...flags, name: 'b', clientSecretStdin: true }, testFactory({ home, input: 'b-value-0123456789' }).f);
  await create({ ...flags, name: 'a', secretRef: 'env:A' }, testFactory({ home }).f);
  const t = testFactory({ home });
  await list({ output: 'json' }, t.f);
  const rows = JSON.parse(t.out());
  assert.deepEqual(rows.map((r: any) => [r.name, r.default]), [['a', false], ['b', true]]);
  assert.ok(!t.out().includes('b-value') && !t.out().includes('profile/b/'), 'no value and no store key in the list');
});

test('config show: where the secret is (never the value, nor its key); a missing value says how to set it', async () => {
  const { home, emu } = await homeWithEmulator();
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, authMethod: 'ClientSecret' }, { clientSecret: 'demo-value-0123456789' });
  await saveProfile(home, { name: 'empty', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, authMethod: 'ClientSecret' });

  const t = testFactory({ home });
  await show({ profile: 'demo', output: 'json' }, t.f);
  const shown = JSON.parse(t.out());
  assert.deepEqual(shown.clientSecret, { storage: 'file', location: join(home, 'config', 'secrets.json'), present: true });
  assert.deepEqual(shown.secret, { kind: 'stored' });
  assert.equal(shown.endpoints.authorityHost, emu.info.authorityHost, 'a local profile: the running emulator');
  assert.ok(!t.out().includes('demo-value'));

  const missing = testFactory({ home });
  await show({ profile: 'empty', output: 'table' }, missing.f);
  assert.match(missing.out(), /MISSING from .*secrets\.json; set it with: entra-auth-cli config edit -p empty --client-secret-stdin/);
});
