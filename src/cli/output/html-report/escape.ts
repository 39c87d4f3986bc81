// Text from a tenant in the html report: app, owner and credential names are chosen by whoever can create
// an app, so they are data, never markup. The five characters that matter in HTML text and quoted attribute
// values are replaced (a one-line rule on the hot path of a 300,000-row report, not worth a dependency), and
// the characters core/terminal-text.ts shows escaped (controls, bidi overrides that reorder what is shown:
// Trojan Source) are shown escaped here too, as in every other -o format.
import { terminalSafe } from '../../../core/terminal-text.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe as HTML text or inside a quoted attribute value. */
export function html(text: string | null | undefined): string {
  if (!text) return '';
  return terminalSafe(text, { keepLayout: false }).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
