// Any JSON value in any shared format: how a --query result, or the JSON form of a command that declares no
// rows, is printed. json, jsonc, yaml and ndjson print the value; table, tsv and csv print it as a grid
// (columns.ts: gridFromJson).
import { jsonLine, jsonText } from '../../core/json-text.ts';
import { gridFromJson, type Grid } from './columns.ts';
import { csvLine, tsvLine } from './delimited.ts';
import type { OutputFormat } from './formats.ts';
import { tableText } from './table.ts';

export async function renderValue(value: unknown, format: OutputFormat, color: boolean): Promise<string> {
  switch (format) {
    case 'json': return jsonText(value);
    case 'jsonc': return (await import('./jsonc.ts')).jsoncText(value, color);
    case 'yaml': return (await import('./yaml.ts')).yamlText(value);
    case 'ndjson': return ndjsonText(value);
    default: return renderGrid(gridFromJson(value), format);
  }
}

/** A grid as table, tsv or csv (tsv and csv with the same header row, when the grid has one). */
export function renderGrid(grid: Grid, format: 'table' | 'tsv' | 'csv'): string {
  if (format === 'table') return tableText(grid);
  const line = format === 'tsv' ? tsvLine : csvLine;
  return [...(grid.headers ? [grid.headers] : []), ...grid.rows].map(line).join('');
}

/** ndjson: a list gives one line per element, anything else one line. */
export function ndjsonText(value: unknown): string {
  return Array.isArray(value) ? value.map(jsonLine).join('') : jsonLine(value);
}
