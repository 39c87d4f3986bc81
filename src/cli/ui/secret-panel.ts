// The one-time display of a created secret (issue 5 seed): a highlighted panel "⚠ Secret Value (copy now -
// shown only once!)" with the value, a details table (Application, Secret Name, Key ID, Expires with days),
// then "✓ Secret created and saved to ...". This is the only place a value is ever printed.
// Text from the tenant (the application's name) is made terminal-safe; colour follows the stream written to.
import Table from 'cli-table3';
import pc from 'picocolors';
import { expiryText } from '../../core/secret-display.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import { line, paint, type Io } from '../io.ts';
import { stdoutColor } from '../output/output.ts';
import type { CreatedSecret, StoredIn } from '../../app/secret/types.ts';

export const PANEL_TITLE = '⚠ Secret Value (copy now - shown only once!)';

export interface ShowOptions {
  /** Print the value in the panel. False: the details and the saved line only (--no-display). */
  display: boolean;
  /** Where the panel and table go: stdout (the command's data, default) or stderr (inside a question flow). */
  stream?: 'out' | 'err';
  /** Display zone (tests); the system's by default. */
  zone?: string;
  now?: Date;
}

/**
 * The panel with the value, alone (also used when storing failed and the value must be saved by hand).
 * `color`: whether the stream it goes to gets colour (stdout's rule by default).
 */
export function secretPanel(io: Io, value: string, color = stdoutColor(io)): string {
  const c = pc.createColors(color);
  const t = new Table({ head: [c.yellow(c.bold(PANEL_TITLE))], style: { head: [], border: color ? ['yellow'] : [] } });
  t.push([c.bold(terminalSafe(value, { keepLayout: false }))]);
  return `${t.toString()}\n`;
}

export function detailsTable(io: Io, created: CreatedSecret, now: Date, zone?: string, color = stdoutColor(io)): string {
  const c = pc.createColors(color);
  const t = new Table({ head: [c.bold('Property'), c.bold('Value')], style: { head: [], border: [] } });
  t.push(...[['Application', created.application], ['Secret Name', created.displayName], ['Key ID', created.keyId], ['Expires', expiryText(new Date(created.endDateTime), now, zone)]]
    .map(([k, v]) => [k!, terminalSafe(v!)]));
  return `${t.toString()}\n`;
}

export function savedLine(stored: StoredIn): string {
  if (stored.kind === 'keyvault') {
    return `✓ Secret created and saved to Key Vault ${stored.vault}/${stored.name}${stored.profile ? ` (profile '${stored.profile}' reads it through ${stored.reference})` : ''}`;
  }
  return `✓ Secret created and saved to profile '${stored.profile}'${stored.profileCreated ? ' (a new profile)' : ''}`;
}

/**
 * Shows a created secret: the panel with the value (only when `display`), the details table, then the
 * saved line on stderr. Call it once per secret.
 */
export function showCreatedSecret(io: Io, created: CreatedSecret, opts: ShowOptions): void {
  const out = opts.stream === 'err' ? io.err : io.out;
  const color = opts.stream === 'err' ? io.color : stdoutColor(io);
  const now = opts.now ?? new Date();
  if (opts.display) out.write(secretPanel(io, created.secretText, color));
  out.write(detailsTable(io, created, now, opts.zone, color));
  line(io.err, paint(io).green(terminalSafe(savedLine(created.storedIn))));
}
