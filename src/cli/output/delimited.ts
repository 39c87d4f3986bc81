// tsv and csv lines. Both start with the same header row. TSV: a tab or line break inside a value becomes a
// space (the format has no quoting). CSV: quoted per RFC 4180, and a value a spreadsheet would run as a
// formula (= + - @ tab CR first) gets a leading apostrophe (OWASP "CSV injection"). Either way, characters a
// terminal acts on are escaped (core/terminal-text.ts).
import { terminalSafe } from '../../core/terminal-text.ts';

export function tsvLine(cells: string[]): string {
  return `${cells.map((v) => terminalSafe(v.replace(/[\t\r\n]/g, ' '))).join('\t')}\n`;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}

function csvCell(value: string): string {
  const safe = terminalSafe(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
