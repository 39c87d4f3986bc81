// config edit in-process: a new secret replaces the old one only once it is stored; an edit made by another
// command while the questions were answered is not overwritten; a script changes only what its flags name.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run as edit } from '../../../../src/cli/commands/config/edit.ts';
import { run as use } from '../../../../src/cli/commands/config/use.ts';
import { cleanupCli } from '../../../helpers/cli.ts';
import { ScriptedInteraction, type Step } from '../../../helpers/scripted-interaction.ts';
import { storedValue, valuesKept } from '../../../helpers/stored-secrets.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { appWithSecret, GRAPH_DEFAULT, homeWithEmulator, saveProfile } from '../../../helpers/token-profiles.ts';

after(cleanupCli);

/** The edit questions of a local ClientSecret profile, keeping everything but the secret (and the scopes). */
function newSecretAnswers(secret: Step, scopes = ''): Step[] {
  return [
    { q: 'Cloud', answer: 'local' }, { q: 'Tenant', answer: '' }, { q: 'Client ID', answer: '' }, { q: 'Auth method', answer: 'ClientSecret' },
    { q: 'Update client secret?', answer: true }, { q: 'Client secret', answer: 'value', kind: 'choose' }, secret,
    { q: 'Scopes', answer: scopes }, { q: 'Default flow', answer: 'client-credentials' },
  ];
}

test('on a terminal: "Update client secret?" y -> Enter existing; the old value goes once the new one is in place; cached tokens too', async () => {
  const { home, emu } = await homeWithEmulator();
  const { app, secretText } = appWithSecret(emu, 'Edited App');
  // A profile saved the way older versions did (the value under the per-name key).
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: 'old-value-0123456789' });
  const tokens = join(home, 'cache', 'tokens');
  mkdirSync(tokens, { recursive: true });
  writeFileSync(join(tokens, 'demo.json'), '{}');

  const person = new ScriptedInteraction(newSecretAnswers({ q: 'Enter client secret', answer: secretText }));
  const t = testFactory({ home, interaction: person });
  await edit({ profile: 'demo' }, t.f);
  person.assertDone();
  assert.match(t.err(), /Editing profile 'demo'/);
  assert.match(t.err(), /✔ Updated profile 'demo': client secret\. Its cached tokens were removed\./);
  assert.deepEqual(valuesKept(home, 'demo'), [secretText], 'the old value (at the per-name key) is gone, the new one is read');
  assert.equal(storedValue(home, 'demo'), secretText);
  assert.deepEqual(readdirSync(tokens), []);
});

test('another command edits the profile while the questions are answered: that edit wins, nothing is written over it', async () => {
  const { home, emu } = await homeWithEmulator();
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, authMethod: 'ClientSecret' }, { clientSecret: 'kept-value-0123456789' });
  const theirs = () => edit({ profile: 'demo', scope: ['api://theirs/.default'] }, testFactory({ home }).f);
  const person = new ScriptedInteraction(newSecretAnswers({ q: 'Enter client secret', answer: 'lost-value-0123456789', meanwhile: theirs }, 'api://ours/.default'));
  const t = testFactory({ home, interaction: person });
  await assert.rejects(edit({ profile: 'demo' }, t.f), /The profile 'demo' was changed by another command meanwhile; nothing was changed/);
  const p = t.f.profiles.read().profiles.demo!;
  assert.deepEqual(p.scopes, ['api://theirs/.default']);
  assert.deepEqual(valuesKept(home, 'demo'), ['kept-value-0123456789'], 'the value it had stays; ours was removed again');
});

test('in a script: only the flags given change anything; --default alone; a secret reference removes the stored value', async () => {
  const { home, emu } = await homeWithEmulator();
  await saveProfile(home, { name: 'first', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, authMethod: 'ClientSecret' }, { clientSecret: 'first-value-0123456789' });
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: emu.info.bootstrap.clientId, authMethod: 'ClientSecret', scopes: [GRAPH_DEFAULT] }, { clientSecret: 'demo-value-0123456789' });

  const none = testFactory({ home });
  await edit({ profile: 'demo' }, none.f);
  assert.match(none.err(), /No changes to profile 'demo'/);

  const def = testFactory({ home });
  await edit({ profile: 'demo', default: true }, def.f);
  assert.match(def.err(), /Updated profile 'demo': now the default\./);
  assert.equal(def.f.profiles.read().defaultProfile, 'demo');
  assert.equal(storedValue(home, 'demo'), 'demo-value-0123456789', 'the value stays where it was');

  const ref = testFactory({ home });
  await edit({ profile: 'demo', secretRef: 'env:DEMO_SECRET' }, ref.f);
  assert.match(ref.err(), /Updated profile 'demo': secret\. Its cached tokens were removed\./);
  assert.deepEqual(valuesKept(home, 'demo'), []);
  assert.equal(storedValue(home, 'first'), 'first-value-0123456789', 'another profile keeps its value');

  const useIt = testFactory({ home });
  await use({ name: 'first' }, useIt.f);
  assert.equal(useIt.f.profiles.read().defaultProfile, 'first');
  await assert.rejects(use({ name: 'nope' }, testFactory({ home }).f), /There is no profile named 'nope'/);
});
