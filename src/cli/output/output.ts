// The output a command was asked for, decided once from -o, --query and the terminal: the format (checked
// against what the command offers), the compiled query, and whether stdout gets colour.
import type { Io } from '../io.ts';
import { chooseFormat, type OutputSpec } from './formats.ts';
import { compileQuery, type Query } from './query.ts';

export interface OutputFlags {
  output?: string;
  query?: string;
}

export interface Output<F extends string = string> {
  format: F;
  query?: Query;
  /** Colour on stdout: only on a terminal, never with NO_COLOR or TERM=dumb. */
  color: boolean;
}

export async function resolveOutput<F extends string>(flags: OutputFlags, spec: OutputSpec<F>, io: Io): Promise<Output<F>> {
  const format = chooseFormat(flags.output, spec, io.stdoutIsTty);
  return { format, query: await compileQuery(flags.query), color: stdoutColor(io) };
}

export function stdoutColor(io: Pick<Io, 'stdoutIsTty' | 'env'>): boolean {
  return io.stdoutIsTty && !('NO_COLOR' in io.env) && io.env.TERM !== 'dumb';
}
