// config import of an export made by someone else (issue 9, item 5): custom endpoints, secret references and
// certificate paths are shown and taken only with consent (a yes on a terminal, or --trust-endpoints /
// --allow-references); without it nothing is written and the flag is named (exit 2). Each risky element is
// refused alone, accepted with its consent; a profile with none imports with no question.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run as exportProfile } from '../../../../src/cli/commands/config/export.ts';
import { run as importProfile, type ImportOptions } from '../../../../src/cli/commands/config/import.ts';
import { cleanupCli, tempDir } from '../../../helpers/cli.ts';
import { ScriptedInteraction } from '../../../helpers/scripted-interaction.ts';
import { testFactory } from '../../../helpers/test-factory.ts';
import { saveProfile, type ProfileInput } from '../../../helpers/token-profiles.ts';

after(cleanupCli);

const PASSPHRASE = 'correct horse battery staple';
const base = { tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', cloud: 'public' as const };
const custom = { cloud: 'custom' as const, custom: { authorityHost: 'https://login.attacker.example', graphUrl: 'https://graph.attacker.example', keyVaultSuffix: '.vault.attacker.example' } };

const RISKY: { name: string; profile: ProfileInput; flags: (keyof Omit<ImportOptions, 'file'>)[]; shows: RegExp }[] = [
  { name: 'custom endpoints', profile: { ...base, ...custom, name: 'p', authMethod: 'ClientSecret' }, flags: ['trustEndpoints'], shows: /custom sign-in authority https:\/\/login\.attacker\.example/ },
  { name: 'a file: reference', profile: { ...base, name: 'p', authMethod: 'ClientSecret', secret: { kind: 'reference', ref: 'file:/home/victim/.ssh/id_rsa' } }, flags: ['allowReferences'], shows: /reads the file \/home\/victim\/\.ssh\/id_rsa/ },
  { name: 'an env: reference', profile: { ...base, name: 'p', authMethod: 'ClientSecret', secret: { kind: 'reference', ref: 'env:AWS_SECRET_ACCESS_KEY' } }, flags: ['allowReferences'], shows: /environment variable AWS_SECRET_ACCESS_KEY/ },
  { name: 'a keyvault:// reference', profile: { ...base, name: 'p', authMethod: 'ClientSecret', secret: { kind: 'reference', ref: 'keyvault://victim-vault/prod-db' } }, flags: ['allowReferences'], shows: /keyvault:\/\/victim-vault\/prod-db/ },
  { name: 'a certificate path', profile: { ...base, name: 'p', authMethod: 'Certificate', defaultFlow: 'client-credentials', certificate: { path: '/home/victim/key.pem', format: 'pem', hasPassword: false } }, flags: ['allowReferences'], shows: /certificate file \/home\/victim\/key\.pem/ },
  { name: 'custom endpoints and a file: reference', profile: { ...base, ...custom, name: 'p', authMethod: 'ClientSecret', secret: { kind: 'reference', ref: 'file:/etc/passwd' } }, flags: ['trustEndpoints', 'allowReferences'], shows: /sends it as the client secret to https:\/\/login\.attacker\.example/ },
];

const FLAG = { trustEndpoints: '--trust-endpoints', allowReferences: '--allow-references' } as Record<string, string>;

/** An export written by someone else's entra-auth-cli. */
async function foreignExport(profile: ProfileInput): Promise<string> {
  const home = tempDir('eac-exporter-');
  await saveProfile(home, profile, profile.authMethod === 'ClientSecret' && !profile.secret ? { clientSecret: 'their-value-0123456789' } : {});
  const file = join(home, 'x.eac.json');
  await exportProfile({ profile: profile.name, out: file, passphraseStdin: true }, testFactory({ home, input: PASSPHRASE }).f);
  return file;
}

const imported = (home: string) => Object.keys(testFactory({ home }).f.profiles.read().profiles);

for (const r of RISKY) {
  test(`import of ${r.name}: refused without ${r.flags.map((k) => FLAG[k]).join(' ')} (exit 2, nothing written), accepted with it`, async () => {
    const file = await foreignExport(r.profile);
    const victim = tempDir('eac-victim-');

    // No consent at all, and each flag alone when two are needed: refused, the missing flag named.
    for (let given = 0; given < r.flags.length; given++) {
      const opts: Omit<ImportOptions, 'file'> = { passphraseStdin: true, ...Object.fromEntries(r.flags.slice(0, given).map((k) => [k, true])) };
      const t = testFactory({ home: victim, input: PASSPHRASE });
      await assert.rejects(importProfile({ file, ...opts }, t.f), (e: Error & { exitCode?: number }) => {
        assert.equal(e.exitCode, 2);
        for (const k of r.flags.slice(given)) assert.ok(e.message.includes(FLAG[k]!), `names ${FLAG[k]}: ${e.message}`);
        assert.match(e.message, /nothing was imported/);
        return true;
      });
      assert.match(t.err(), r.shows, 'shows what the export brings');
      assert.deepEqual(imported(victim), [], 'nothing written');
    }

    // On a terminal: "no" writes nothing; "yes" imports.
    const no = new ScriptedInteraction([{ q: /Passphrase/, answer: PASSPHRASE }, { q: /Trust what it brings/, answer: false, kind: 'confirm' }]);
    await assert.rejects(importProfile({ file }, testFactory({ home: victim, interaction: no }).f), /Not imported.*nothing was written/);
    assert.ok(no.notices.some((n) => r.shows.test(n)));
    assert.deepEqual(imported(victim), []);
    const yes = new ScriptedInteraction([{ q: /Passphrase/, answer: PASSPHRASE }, { q: /Trust what it brings/, answer: true, kind: 'confirm' }]);
    await importProfile({ file }, testFactory({ home: victim, interaction: yes }).f);
    yes.assertDone();
    assert.deepEqual(imported(victim), ['p']);

    // Without a terminal, with the flags.
    const other = tempDir('eac-victim-');
    const opts: Omit<ImportOptions, 'file'> = { passphraseStdin: true, ...Object.fromEntries(r.flags.map((k) => [k, true])) };
    const t = testFactory({ home: other, input: PASSPHRASE });
    await importProfile({ file, ...opts }, t.f);
    assert.match(t.err(), r.shows);
    assert.deepEqual(imported(other), ['p']);
  });
}

test('a profile with standard endpoints and a stored secret imports as before: nothing to consent to, nothing asked', async () => {
  const file = await foreignExport({ ...base, name: 'plain', authMethod: 'ClientSecret' });
  const person = new ScriptedInteraction([{ q: /Passphrase/, answer: PASSPHRASE }]);
  const t = testFactory({ home: tempDir('eac-victim-'), interaction: person });
  await importProfile({ file }, t.f);
  person.assertDone();
  assert.deepEqual(person.notices, []);
  assert.deepEqual(imported(t.home), ['plain']);
});
