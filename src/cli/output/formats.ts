// Which -o formats a command offers and its defaults, and the -o check: a format the command does not offer
// is a usage error (exit 2) naming the ones it does.
import { OUTPUT_FORMATS, unknownFormatMessage, type OutputFormat } from '../../core/output-formats.ts';
import { UsageError } from '../errors.ts';

export { OUTPUT_FORMATS, JSON_FORMATS, type OutputFormat } from '../../core/output-formats.ts';

export interface OutputSpec<F extends string = OutputFormat> {
  /** The formats this command offers, in the order its help lists them. */
  formats: readonly F[];
  /** The default when stdout is a terminal. */
  tty: F;
  /** The default in a pipe or a file. */
  pipe: F;
  /** A few words after a format's name in the help, e.g. raw: 'the token only'. */
  notes?: Partial<Record<F, string>>;
}

/** A command that offers every shared format (a list, or one object with a property table). */
export function allFormats(defaults: { tty: OutputFormat; pipe: OutputFormat }): OutputSpec {
  return { formats: OUTPUT_FORMATS, ...defaults };
}

/** The -o value, checked, or the command's default for this stdout. */
export function chooseFormat<F extends string>(value: string | undefined, spec: OutputSpec<F>, stdoutIsTty: boolean): F {
  if (value === undefined) return stdoutIsTty ? spec.tty : spec.pipe;
  if (!(spec.formats as readonly string[]).includes(value)) throw new UsageError(`-o: ${unknownFormatMessage(value, spec.formats)}`);
  return value as F;
}

/** The help text of -o: the formats (with their notes) and the defaults. */
export function formatHelp<F extends string>(spec: OutputSpec<F>): string {
  const names = spec.formats.map((f) => (spec.notes?.[f] ? `${f} (${spec.notes[f]})` : f)).join(' | ');
  const defaults = spec.tty === spec.pipe ? spec.tty : `${spec.tty} on a terminal, ${spec.pipe} in a pipe`;
  return `${names} (default: ${defaults})`;
}
