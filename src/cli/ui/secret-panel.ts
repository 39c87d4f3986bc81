// The one-time display of a created secret (issue 5 seed): a highlighted panel "⚠ Secret Value (copy now -
// shown only once!)" with the value, a details table (Application, Secret Name, Key ID, Expires with days),
// then "✓ Secret created and saved to ...". This is the only place a value is ever printed.
import Table from 'cli-table3';
import { createdSecretJson, expiryText } from '../../core/secret-display.ts';
import { line, paint, type Io } from '../io.ts';
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

/** The panel with the value, alone (also used when storing failed and the value must be saved by hand). */
export function secretPanel(io: Io, value: string): string {
  const c = paint(io);
  const t = new Table({ head: [c.yellow(c.bold(PANEL_TITLE))], style: { head: [], border: io.color ? ['yellow'] : [] } });
  t.push([c.bold(value)]);
  return `${t.toString()}\n`;
}

export function detailsTable(io: Io, created: CreatedSecret, now: Date, zone?: string): string {
  const c = paint(io);
  const t = new Table({ head: [c.bold('Property'), c.bold('Value')], style: { head: [], border: [] } });
  t.push(['Application', created.application], ['Secret Name', created.displayName], ['Key ID', created.keyId], ['Expires', expiryText(new Date(created.endDateTime), now, zone)]);
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
  const now = opts.now ?? new Date();
  if (opts.display) out.write(secretPanel(io, created.secretText));
  out.write(detailsTable(io, created, now, opts.zone));
  line(io.err, paint(io).green(savedLine(created.storedIn)));
}

/** -o json: the facts, and the value only with --show-secret. */
export function createdSecretJsonText(created: CreatedSecret, showSecret: boolean): string {
  return `${JSON.stringify(createdSecretJson(created, showSecret ? created.secretText : undefined), null, 2)}\n`;
}
