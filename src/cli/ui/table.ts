// Rendering rows as a table (TTY), TSV (pipes), CSV or JSON: the -o formats every listing command shares.
import Table from 'cli-table3';
import { UsageError } from '../errors.ts';

export type OutputFormat = 'table' | 'tsv' | 'csv' | 'json';

export interface Column<T> { header: string; value: (row: T) => string }

export function renderRows<T>(rows: T[], columns: Column<T>[], format: OutputFormat, json: () => unknown = () => rows): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(json(), null, 2)}\n`;
    case 'tsv':
      return rows.map((r) => columns.map((c) => c.value(r).replace(/[\t\n]/g, ' ')).join('\t')).join('\n') + (rows.length ? '\n' : '');
    case 'csv':
      return [columns.map((c) => csvCell(c.header)).join(','), ...rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(','))].join('\n') + '\n';
    case 'table': {
      const t = new Table({ head: columns.map((c) => c.header), style: { head: [], border: [] }, wordWrap: true });
      for (const r of rows) t.push(columns.map((c) => c.value(r)));
      return `${t.toString()}\n`;
    }
  }
}

function csvCell(v: string): string {
  // Quote per RFC 4180, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The -o value, checked: a wrong one is a usage error (exit 2) naming the formats this command has. */
export function parseFormat(value: string | undefined, allowed: OutputFormat[], stdoutIsTty: boolean): OutputFormat {
  if (value === undefined) return stdoutIsTty ? 'table' : 'tsv';
  if (!(allowed as string[]).includes(value)) throw new UsageError(`-o: unknown output format '${value}'; use one of ${allowed.join(', ')}`);
  return value as OutputFormat;
}
