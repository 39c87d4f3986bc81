// discover in-process through run(options, factory), with a service principal's admin session: -o json lists
// the matching app registrations (all pages) with their secrets' expiry; without a terminal and without
// --select it lists instead of asking; flags that make a profile do not go with a listing.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as discover } from '../../../src/cli/commands/discover.ts';
import { run as login } from '../../../src/cli/commands/login.ts';
import { UsageError } from '../../../src/cli/errors.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { testFactory } from '../../helpers/test-factory.ts';
import { homeWithEmulator } from '../../helpers/token-profiles.ts';

after(cleanupCli);

test('-o json: the matches with their secrets; in a pipe without -o, tsv with a count on stderr; profile flags with a listing are refused', async () => {
  const { home, emu } = await homeWithEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  await login({ servicePrincipal: true, cloud: 'local', tenant: emu.info.tenantId, clientId, clientSecretStdin: true, timeout: '300' }, testFactory({ home, input: clientSecret }).f);

  const json = testFactory({ home });
  await discover({ search: 'Contoso Orders*', cloud: 'local', output: 'json' }, json.f);
  const apps = JSON.parse(json.out());
  const names = apps.map((a: { displayName: string }) => a.displayName);
  assert.deepEqual(names, [...names].sort(), 'sorted by name');
  assert.ok(names.includes('Contoso Orders API') && names.includes('Contoso Orders Worker'), names.join(', '));
  assert.ok(names.every((n: string) => n.startsWith('Contoso Orders')), 'only the matches');
  const worker = apps.find((a: { displayName: string }) => a.displayName === 'Contoso Orders Worker');
  assert.ok(Array.isArray(worker.secrets));

  const piped = testFactory({ home });
  await discover({ search: 'Contoso Orders*', cloud: 'local' }, piped.f);
  assert.match(piped.out(), /^Name\tApp ID\t/);
  assert.match(piped.err(), new RegExp(`^${apps.length} app registrations: `, 'm'));

  await assert.rejects(discover({ search: '*', cloud: 'local', output: 'json', name: 'x' }, testFactory({ home }).f), (e: unknown) => e instanceof UsageError && /--name makes a profile/.test(e.message));
  await assert.rejects(discover({ cloud: 'local' }, testFactory({ home }).f), (e: unknown) => e instanceof UsageError && /missing -s PATTERN/.test(e.message));
});
