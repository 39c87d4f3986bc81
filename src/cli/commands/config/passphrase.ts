// The export passphrase: piped (--passphrase-stdin) or typed hidden, twice when it is being chosen.
import { UsageError } from '../../errors.ts';
import { readSecretStdin } from '../../stdin.ts';
import type { Asker } from '../../ui/ask.ts';

const MIN_LENGTH = 8;

export async function askPassphrase(ask: Asker, fromStdin: boolean | undefined, mode: 'choose' | 'enter', err: NodeJS.WritableStream = process.stderr): Promise<string> {
  const short = (v: string) => (mode === 'choose' && v.length < MIN_LENGTH ? `Use at least ${MIN_LENGTH} characters (a few words are easy to type and hard to guess).` : undefined);
  if (fromStdin) {
    const v = await readSecretStdin('--passphrase-stdin');
    const problem = short(v);
    if (problem) throw new UsageError(`invalid --passphrase-stdin: ${problem}`);
    return v;
  }
  const p = ask.prompter;
  if (!p) throw ask.missing('--passphrase-stdin');
  if (mode === 'enter') return p.password({ message: 'Passphrase of the export file', validate: (v) => (v ? undefined : 'The passphrase is empty.') });
  for (;;) {
    const first = await p.password({ message: 'Passphrase to protect the export', validate: short });
    const again = await p.password({ message: 'Repeat the passphrase' });
    if (first === again) return first;
    err.write('The two passphrases differ; try again.\n');
  }
}
