// The TTY view of a token: a titled panel with the token on its own line (no border beside it, so a
// triple-click copies exactly the token), then a table of what matters about it. Colour follows stdout,
// where the panel goes; every value is terminal-safe (the scopes and tenant come from the token).
import Table from 'cli-table3';
import pc from 'picocolors';
import { terminalSafe } from '../../core/terminal-text.ts';
import { tokenFacts, type TokenView } from '../../core/token-output.ts';
import type { Io } from '../io.ts';
import { stdoutColor } from '../output/output.ts';

export function renderTokenPanel(v: TokenView, title: string, now: Date, io: Io, zone?: string): string {
  const c = pc.createColors(stdoutColor(io));
  const width = Math.max(40, Math.min(process.stdout.columns ?? 80, 100));
  const head = `── ${terminalSafe(title)} `;
  const rule = (s: string) => c.dim(s + '─'.repeat(Math.max(0, width - s.length)));
  const table = new Table({ style: { head: [], border: [] }, wordWrap: true, colWidths: [18, Math.max(20, width - 21)] });
  for (const f of tokenFacts(v, now, zone)) table.push([c.bold(f.label), terminalSafe(f.value)]);
  return `${rule(head)}\n${terminalSafe(v.accessToken, { keepLayout: false })}\n${rule('')}\n${table.toString()}\n`;
}
