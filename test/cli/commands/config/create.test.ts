// config create in-process: the questions answered by a script (as a person at a terminal would), or only
// flags and a pipe (as a pipeline would), against a temp home and the emulator; then the profile is used.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { run as create } from '../../../../src/cli/commands/config/create.ts';
import { CliError, UsageError } from '../../../../src/cli/errors.ts';
import { cleanupCli, tempDir } from '../../../helpers/cli.ts';
import { ScriptedInteraction, UnexpectedQuestionError } from '../../../helpers/scripted-interaction.ts';
import { storedSecrets, storedValue } from '../../../helpers/stored-secrets.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { appWithSecret, GRAPH_DEFAULT, homeWithEmulator } from '../../../helpers/token-profiles.ts';

after(cleanupCli);

test('on a terminal: every question in order, the secret asked hidden, the profile saved with it; a token works with it', async () => {
  const { home, emu } = await homeWithEmulator();
  const { app, secretText: secret } = appWithSecret(emu, 'Scripted App');
  const person = new ScriptedInteraction([
    { q: 'Profile name', answer: 'Not a name!' },
    { q: 'Profile name', answer: 'scripted' },
    { q: 'Cloud', answer: 'local' },
    { q: 'Tenant', answer: '' },
    { q: 'Client ID', answer: app.appId.toUpperCase() },
    { q: 'Auth method', answer: 'ClientSecret' },
    { q: 'Client secret', answer: 'value', kind: 'choose' },
    { q: 'Enter client secret', answer: secret },
    { q: 'Scopes', answer: '' },
    { q: 'Default flow', answer: 'client-credentials' },
  ]);
  const t = testFactory({ home, interaction: person });
  await create({}, t.f);
  person.assertDone();

  assert.match(person.refused[0]!.problem, /Profile names are 1-64 letters/);
  assert.deepEqual(person.asked.find((a) => a.flag === '--client-secret-stdin')?.hidden, true, 'the secret is asked hidden');
  assert.ok(!JSON.stringify(person.asked).includes(secret), 'the value is not in what was recorded');
  const p = t.f.profiles.read().profiles.scripted!;
  assert.equal(p.tenant, emu.info.tenantId, 'Enter took the running emulator\'s tenant');
  assert.equal(p.clientId, app.appId, 'the client ID is kept in lower case');
  assert.deepEqual(p.scopes, [GRAPH_DEFAULT]);
  assert.equal(storedValue(home, 'scripted'), secret);
  assert.match(t.err(), /✔ Saved profile 'scripted' \(the default profile\)/);
  assert.equal(t.out(), '', 'config create prints no data');

  // The saved profile signs in: the stored value is the one the app accepts.
  const { ConfidentialClientApplication } = await import('@azure/msal-node');
  const cca = new ConfidentialClientApplication({
    auth: { clientId: p.clientId, authority: `${emu.info.authorityHost}/${p.tenant}`, clientSecret: (await (await t.f.secrets()).get(p.secret?.kind === 'stored' ? p.secret.key! : ''))!, knownAuthorities: [new URL(emu.info.authorityHost).host] },
  });
  const token = await cca.acquireTokenByClientCredential({ scopes: p.scopes });
  assert.ok(token?.accessToken);
});

test('in a pipeline: flags and a piped secret; a missing flag is named with why it could not be asked', async () => {
  const { home, emu } = await homeWithEmulator();
  const { app, secretText: secret } = appWithSecret(emu, 'Piped App');
  const flags = { name: 'piped', cloud: 'local', clientId: app.appId, authMethod: 'ClientSecret', scope: [GRAPH_DEFAULT] };

  const missing = testFactory({ home });
  await assert.rejects(create(flags, missing.f), (e: unknown) => e instanceof UsageError && e.exitCode === 2
    && /^missing --client-secret-stdin, --secret-ref or --create-secret \(a ClientSecret profile needs its secret; no terminal to ask in\)$/.test(e.message));
  assert.deepEqual({ ...missing.f.profiles.read().profiles }, {}, 'nothing was written');

  const t = testFactory({ home, input: `${secret}\n` });
  await create({ ...flags, clientSecretStdin: true }, t.f);
  assert.equal(storedValue(home, 'piped'), secret, 'the trailing newline of the pipe is dropped');
  assert.match(t.err(), /Its client secret is in .*secrets\.json/);

  const again = testFactory({ home, input: secret });
  await assert.rejects(create({ ...flags, clientSecretStdin: true }, again.f), (e: unknown) => e instanceof CliError && /A profile named 'piped' already exists/.test(e.message));
});

test('a second profile asks whether it becomes the default; an unexpected question fails the test loudly', async () => {
  const { home } = await homeWithEmulator();
  const base = { cloud: 'public', tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', authMethod: 'ClientSecret', secretRef: 'env:APP_SECRET', scope: [GRAPH_DEFAULT], flow: 'client-credentials' };
  await create({ ...base, name: 'first' }, testFactory({ home }).f);
  const person = new ScriptedInteraction([{ q: '--default', answer: true, kind: 'confirm' }]);
  await create({ ...base, name: 'second' }, testFactory({ home, interaction: person }).f);
  assert.equal(person.asked[0]!.message, "Make 'second' the default profile?");
  const doc = testFactory({ home }).f.profiles.read();
  assert.equal(doc.defaultProfile, 'second');
  assert.deepEqual(doc.profiles.second!.secret, { kind: 'reference', ref: 'env:APP_SECRET' });

  await assert.rejects(create({ ...base, name: 'third' }, testFactory({ home, interaction: new ScriptedInteraction([]) }).f), UnexpectedQuestionError);
});

test('the name is taken by another command while the questions are answered: nothing is written over it', async () => {
  const { home, emu } = await homeWithEmulator();
  const { app } = appWithSecret(emu, 'Raced App');
  const other = { name: 'race', cloud: 'public', tenant: 'contoso.onmicrosoft.com', clientId: app.appId, authMethod: 'ClientSecret', secretRef: 'env:OTHER', scope: [GRAPH_DEFAULT], flow: 'client-credentials' };
  const person = new ScriptedInteraction([
    { q: 'Tenant', answer: '' },
    { q: 'Client ID', answer: app.appId },
    { q: 'Client secret', answer: 'value', kind: 'choose' },
    { q: 'Enter client secret', answer: 'a-secret-value-that-never-lands', meanwhile: () => create(other, testFactory({ home }).f) },
    { q: 'Scopes', answer: '' },
    { q: '--default', answer: false },
  ]);
  const t = testFactory({ home, interaction: person });
  await assert.rejects(create({ name: 'race', cloud: 'local', authMethod: 'ClientSecret', flow: 'client-credentials' }, t.f), /A profile named 'race' already exists/);
  const doc = t.f.profiles.read();
  assert.deepEqual(doc.profiles.race!.secret, { kind: 'reference', ref: 'env:OTHER' });
  assert.deepEqual(Object.values(storedSecrets(home)), [], 'the value was removed again');
});

test('"Create new" while the emulator stops: on a terminal, "enter an existing secret instead" is offered and the profile is saved with it', async () => {
  const { home, emu } = await homeWithEmulator();
  const { app } = appWithSecret(emu, 'Stopping');
  const value = 'existing-value-0123456789';
  const person = new ScriptedInteraction([
    { q: 'Client secret', answer: 'create', kind: 'choose', meanwhile: () => emu.stop() },
    { q: 'Would you like to enter an existing secret instead?', answer: true, kind: 'confirm' },
    { q: 'Enter client secret', answer: value },
  ]);
  const t = testFactory({ home, interaction: person });
  await create({ name: 'offline', cloud: 'local', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret', scope: [GRAPH_DEFAULT], flow: 'client-credentials' }, t.f);
  person.assertDone();
  assert.match(t.err(), /emulator|reach/i, 'why creating failed is shown first');
  assert.equal(storedValue(home, 'offline'), value);
});

test("--tenant with the running emulator's tenant ID and no --cloud: a local profile; another tenant stays public", async () => {
  const { home, emu } = await homeWithEmulator();
  const { app, secretText: secret } = appWithSecret(emu, 'Tenant Means Local');
  const flags = { clientId: app.appId, authMethod: 'ClientSecret', scope: [GRAPH_DEFAULT], clientSecretStdin: true };
  await create({ ...flags, name: 'bytenant', tenant: emu.info.tenantId }, testFactory({ home, input: secret }).f);
  assert.equal(testFactory({ home }).f.profiles.get('bytenant')?.cloud, 'local');
  await create({ ...flags, name: 'elsewhere', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47', scope: ['https://graph.microsoft.com/.default'] }, testFactory({ home, input: secret }).f);
  assert.equal(testFactory({ home }).f.profiles.get('elsewhere')?.cloud, 'public');
});
