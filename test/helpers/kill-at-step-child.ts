// The child of the kill-at-every-step tests (test/app/kill-harness.ts): runs one command that creates a
// client secret or saves a profile (secret create, secret rotate, secret prune, leak respond, config create / edit / import), in this process, with a
// factory whose person is absent and whose progress SIGKILLs this process when the named step is reached
// (nothing runs after it, as with a power cut).
// Without a kill it prints the steps it went through, one per line, on stdout. Input: KILL_AT, SCENARIO,
// APP_ID, EXPORT_FILE as environment variables (test/app/kill-harness.ts); EAC_HOME is the home; a value or
// passphrase the command reads comes on stdin.
import { createFactory } from '../../src/cli/factory.ts';
import { processIo, type Io } from '../../src/cli/io.ts';
import { KillAtStep } from './kill-at-step-interaction.ts';

const { KILL_AT = 'none', SCENARIO = '', APP_ID = '', EXPORT_FILE = '' } = process.env;
const person = new KillAtStep(KILL_AT);
const quiet = { write: () => true } as unknown as Io['out'];
const f = createFactory({ ...processIo(), out: quiet, err: process.stderr }, { interaction: person });

const scopes = ['https://graph.microsoft.com/.default'];
if (SCENARIO === 'config-create') {
  const { run } = await import('../../src/cli/commands/config/create.ts');
  await run({ name: 'fresh', cloud: 'local', clientId: APP_ID, authMethod: 'ClientSecret', createSecret: true, display: false, scope: scopes, flow: 'client-credentials' }, f);
} else if (SCENARIO === 'edit-create' || SCENARIO === 'edit-stdin') {
  // edit-stdin: the new value comes on stdin.
  const { run } = await import('../../src/cli/commands/config/edit.ts');
  await run({ profile: 'p', ...(SCENARIO === 'edit-create' ? { createSecret: true, display: false } : { clientSecretStdin: true }) }, f);
} else if (SCENARIO === 'import-overwrite' || SCENARIO === 'import-new') {
  // The passphrase comes on stdin.
  const { run } = await import('../../src/cli/commands/config/import.ts');
  await run({ file: EXPORT_FILE, passphraseStdin: true, overwrite: SCENARIO === 'import-overwrite' }, f);
} else if (SCENARIO.startsWith('leak-respond:')) {
  // leak respond for the key after the colon (test/app/leak/kill-at-step.test.ts).
  const { run } = await import('../../src/cli/commands/leak/respond.ts');
  await run({ app: APP_ID, keyId: SCENARIO.slice('leak-respond:'.length), yes: true, replacement: false, output: 'json' }, f);
} else if (SCENARIO === 'prune') {
  // The old secrets a rotation left pending, their overlap passed (test/app/secret/prune-kill.test.ts).
  const { run } = await import('../../src/cli/commands/secret/prune.ts');
  await run({ output: 'json' }, f);
} else if (SCENARIO === 'rotate' || SCENARIO === 'rotate-keyvault') {
  // Both rotate in place: the profile's store, or its keyvault:// secret (set up by the test).
  const { run } = await import('../../src/cli/commands/secret/rotate.ts');
  await run({ profile: 'p', removeOld: 'now', output: 'json' }, f);
} else {
  const { run } = await import('../../src/cli/commands/secret/create.ts');
  await run({ profile: 'p', display: false, output: 'json', ...(SCENARIO === 'keyvault' ? { toKeyvault: 'default/p-secret' } : {}) }, f);
}
process.stdout.write(`${person.steps.join('\n')}\n`);
