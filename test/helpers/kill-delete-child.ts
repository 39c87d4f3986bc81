// The child of the secret delete kill test (test/app/secret/delete-kill.test.ts): runs `secret delete --yes
// -o json` in this process with nobody at a terminal, and SIGKILLs itself when the use case reports the step
// KILL_AT (app/secret/delete.ts DELETE_STEPS), as a power cut would. Without a kill it prints the steps it
// went through, one per line, on stderr, after the command's own output. Input: KILL_AT, APP_ID, KEY_ID.
import { createFactory } from '../../src/cli/factory.ts';
import { processIo } from '../../src/cli/io.ts';
import { KillAtStep } from './kill-at-step-interaction.ts';

const { KILL_AT = 'none', APP_ID = '', KEY_ID = '' } = process.env;
const person = new KillAtStep(KILL_AT, (text) => process.stderr.write(`${text}\n`));
const f = createFactory(processIo(), { interaction: person });
const { run } = await import('../../src/cli/commands/secret/delete.ts');
await run({ app: APP_ID, keyId: KEY_ID, yes: true, output: 'json' }, f);
process.stderr.write(`steps: ${person.steps.join(' ')}\n`);
