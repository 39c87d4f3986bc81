// The export passphrase: piped (--passphrase-stdin) or typed hidden, twice when it is being chosen.
import { UsageError } from '../../errors.ts';
import type { Asker } from '../../ui/ask.ts';

const MIN_LENGTH = 8;

export async function askPassphrase(ask: Asker, fromStdin: boolean | undefined, mode: 'choose' | 'enter'): Promise<string> {
  const short = (v: string) => (mode === 'choose' && v.length < MIN_LENGTH ? `Use at least ${MIN_LENGTH} characters (a few words are easy to type and hard to guess).` : undefined);
  if (fromStdin) {
    const v = await ask.secretFromStdin('--passphrase-stdin');
    const problem = short(v);
    if (problem) throw new UsageError(`invalid --passphrase-stdin: ${problem}`);
    return v;
  }
  const person = ask.interaction;
  const flag = '--passphrase-stdin';
  if (mode === 'enter') return person.ask({ flag, message: 'Passphrase of the export file', hidden: true, validate: (v) => (v ? undefined : 'The passphrase is empty.') });
  for (;;) {
    const first = await person.ask({ flag, message: 'Passphrase to protect the export', hidden: true, validate: short });
    const again = await person.ask({ flag, message: 'Repeat the passphrase', hidden: true });
    if (first === again) return first;
    person.notice('The two passphrases differ; try again.');
  }
}
