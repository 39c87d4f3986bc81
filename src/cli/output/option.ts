// The commander helper every command with output uses: -o with the formats it offers and its default, and
// --query. The check itself happens in the command (output.ts: resolveOutput), so a run without commander
// (tests, get-token's fast path) checks the same way.
import type { Command } from 'commander';
import { formatHelp, type OutputSpec } from './formats.ts';

/** Adds -o and --query to `cmd`. `purpose` goes before the formats in the help (e.g. discover's "list the matches"). */
export function withOutput<F extends string>(cmd: Command, spec: OutputSpec<F>, purpose?: string): Command {
  return cmd
    .option('-o, --output <format>', `${purpose ? `${purpose}: ` : ''}${formatHelp(spec)}`)
    .option('--query <jmespath>', 'JMESPath query on the JSON form (as -o json prints it); its result is shown in the -o format, e.g. --query "[].name" -o tsv');
}
