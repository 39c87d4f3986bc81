// Writing the answer of a command whose answer is one thing (a profile, a token, a created secret, who is
// signed in): its JSON form, declared once, for json/jsonc/yaml/ndjson and --query; optionally its rows for
// table/tsv/csv (e.g. PROPERTY/VALUE), a panel that replaces the table for people, and a text for a
// format of its own (get-token's raw).
import { terminalSafe } from '../../core/terminal-text.ts';
import { gridOf, type Column } from './columns.ts';
import type { OutputFormat } from './formats.ts';
import type { Output } from './output.ts';
import { renderGrid, renderValue } from './render.ts';

export interface RecordView<R = unknown> {
  /** The JSON form: what -o json prints and what --query runs on. */
  json: unknown;
  /** Rows for table, tsv and csv; without them those formats show the JSON form as a grid. */
  rows?: { columns: Column<R>[]; rows: R[] };
  /** The view for people at -o table (without --query), in place of the rows. Must be terminal-safe. */
  panel?: () => string;
  /** Formats of this command alone (get-token's raw): their text. */
  extra?: Record<string, () => string>;
}

export async function recordText<R>(output: Output<string>, view: RecordView<R>): Promise<string> {
  const { format, query } = output;
  const own = view.extra?.[format];
  if (query) {
    const result = query.run(view.json);
    // A format of the command's own prints a query's result as plain text: a string as it is (`-o raw --query accessToken`).
    if (own) return typeof result === 'string' ? `${terminalSafe(result, { keepLayout: false })}\n` : renderValue(result, 'json', false);
    return renderValue(result, format as OutputFormat, output.color);
  }
  if (own) return own();
  if (format === 'table' && view.panel) return view.panel();
  if (view.rows && (format === 'table' || format === 'tsv' || format === 'csv')) return renderGrid(gridOf(view.rows.rows, view.rows.columns), format);
  return renderValue(view.json, format as OutputFormat, output.color);
}

export async function writeRecord<R>(out: NodeJS.WritableStream, output: Output<string>, view: RecordView<R>): Promise<void> {
  out.write(await recordText(output, view));
}
