// -o table: a grid drawn with cli-table3, for people at a terminal. Cells are terminal-safe (line breaks kept:
// a long value wraps inside its cell). No colour: a table must read the same with NO_COLOR.
import Table from 'cli-table3';
import { terminalSafe } from '../../core/terminal-text.ts';
import type { Grid } from './columns.ts';

export function tableText(grid: Grid): string {
  if (!grid.headers && !grid.rows.length) return '';
  const t = new Table({ ...(grid.headers ? { head: grid.headers.map((h) => terminalSafe(h)) } : {}), style: { head: [], border: [] }, wordWrap: true });
  for (const r of grid.rows) t.push(r.map((c) => terminalSafe(c)));
  return `${t.toString()}\n`;
}
