// Writing a list one row at a time. ndjson, tsv and csv write each row as it comes (a 100,000-app inventory
// streams with flat memory; tsv and csv start with their header row); table, json, jsonc and yaml need every
// row before they can print, so they keep them until end(). With --query the whole list is the query's
// input (as in the Azure CLI), so the rows are kept and the result is printed at end().
import { jsonLine } from '../../core/json-text.ts';
import { gridOf, type RowView } from './columns.ts';
import { csvLine, tsvLine } from './delimited.ts';
import type { OutputFormat } from './formats.ts';
import type { Output } from './output.ts';
import { renderGrid, renderValue } from './render.ts';

export interface RowSink<R> {
  /** Adds a row. Returns a promise when the stream asks to wait (back-pressure): await it in long loops. */
  write(row: R): void | Promise<void>;
  /** Writes what was kept, or the header of an empty tsv/csv. Call once, after the last row. */
  end(): Promise<void>;
}

/** `header: false`: tsv and csv start without their header row (rows appended to a file that has it: inventory scan --resume). */
export function openRowSink<R>(out: NodeJS.WritableStream, output: Output<OutputFormat>, view: RowView<R>, opts: { header?: boolean } = {}): RowSink<R> {
  const json = view.json ?? ((r: R) => r);
  const { format, query } = output;
  const send = (text: string): void | Promise<void> => {
    if (!out.write(text)) return new Promise((resolve) => out.once('drain', () => resolve()));
  };

  if (!query && (format === 'ndjson' || format === 'tsv' || format === 'csv')) {
    const line = format === 'tsv' ? tsvLine : format === 'csv' ? csvLine : undefined;
    let started = format === 'ndjson' || opts.header === false;
    const header = () => { started = true; return line!(view.columns.map((c) => c.header)); };
    return {
      write(row) {
        if (!line) return send(jsonLine(json(row)));
        return send((started ? '' : header()) + line(view.columns.map((c) => c.value(row))));
      },
      async end() {
        if (!started) await send(header());
      },
    };
  }

  const rows: R[] = [];
  return {
    write(row) {
      rows.push(row);
    },
    async end() {
      if (query) await send(await renderValue(query.run(rows.map(json)), format, output.color));
      else if (format === 'table') await send(renderGrid(gridOf(rows, view.columns), 'table'));
      else await send(await renderValue(rows.map(json), format, output.color));
    },
  };
}

/** Every row of `rows` through a sink: the whole answer of a list command. */
export async function writeRows<R>(out: NodeJS.WritableStream, output: Output<OutputFormat>, view: RowView<R>, rows: Iterable<R> | AsyncIterable<R>): Promise<void> {
  const sink = openRowSink(out, output, view);
  for await (const row of rows) await sink.write(row);
  await sink.end();
}
