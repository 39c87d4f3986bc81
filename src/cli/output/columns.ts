// What a command declares once for its rows: the columns (a header and a value per row) that table, tsv and
// csv print, and the JSON form of a row that json, yaml, ndjson and --query use.

export interface Column<R> {
  header: string;
  value: (row: R) => string;
}

export interface RowView<R> {
  columns: Column<R>[];
  /** The row's JSON form; the row itself when not given. */
  json?: (row: R) => unknown;
}

/** Header and cells of plain text, ready for a table, tsv or csv. `headers` null: values only (no header row). */
export interface Grid {
  headers: string[] | null;
  rows: string[][];
}

export function gridOf<R>(rows: Iterable<R>, columns: Column<R>[]): Grid {
  return { headers: columns.map((c) => c.header), rows: [...rows].map((r) => columns.map((c) => c.value(r))) };
}

/**
 * Any JSON value as a grid, the way the Azure CLI shows a --query result as a table or tsv: objects give a
 * column per key (in first-seen order), a list of them a row each; scalars and lists of scalars give values
 * with no header; nested objects and lists are shown as JSON; null prints nothing.
 */
export function gridFromJson(value: unknown): Grid {
  if (value === null || value === undefined) return { headers: null, rows: [] };
  const items = Array.isArray(value) ? value : [value];
  if (items.length && items.every(isRecord)) {
    const keys = [...new Set(items.flatMap((o) => Object.keys(o as object)))];
    return { headers: keys, rows: items.map((o) => keys.map((k) => cellText((o as Record<string, unknown>)[k]))) };
  }
  return { headers: null, rows: items.map((v) => [cellText(v)]) };
}

function isRecord(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value as one cell: strings as they are, null as empty, lists and objects as compact JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
