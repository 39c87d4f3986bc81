// The summary a scan writes to stderr when it ends: what was scanned, counts by status, objects without an
// owner, and the next 10 credentials to end with their local time and zone. App names come from the tenant:
// terminal-safe before they are written.
import type { InventorySummary } from '../../../app/inventory/types.ts';
import { formatTime } from '../../../core/claims.ts';
import { CREDENTIAL_STATUSES, timeLeftText } from '../../../core/credential-status.ts';
import { terminalSafe } from '../../../core/terminal-text.ts';
import type { Io } from '../../io.ts';
import { line } from '../../io.ts';

/** A name with a line break in it could draw a fake line of the summary: escaped as well. */
const ONE_LINE = { keepLayout: false };

const n = (v: number) => v.toLocaleString('en-US');
/** "1 credential", "2 credentials": a tiny tenant (or a filtered scan) often has just one. */
const count = (v: number, noun: string) => `${n(v)} ${noun}${v === 1 ? '' : 's'}`;

export function writeSummary(io: Io, s: InventorySummary, now: Date): void {
  const err = io.err;
  line(err, `Scanned ${count(s.apps, 'application')} and ${count(s.servicePrincipals, 'service principal')} of tenant ${terminalSafe(s.tenant, ONE_LINE)}${s.mode === 'resumed' ? ' (resumed)' : s.mode === 'delta' ? ' (delta: changes since the last --delta scan)' : ''}: ${count(s.credentials, 'credential')}.`);
  line(err, `  ${CREDENTIAL_STATUSES.map((st) => `${st} ${n(s.byStatus[st])}`).join(' · ')} · no owner ${n(s.noOwner)}`);
  if (s.signIns !== 'read') line(err, `  last sign-ins: ${s.signIns}`);
  if (!s.next.length) return;
  line(err, `Next ${s.next.length} to end:`);
  for (const r of s.next) {
    line(err, `  ${formatTime(new Date(r.end!))} (${timeLeftText(r.end, now)})  ${terminalSafe(r.appName, ONE_LINE)}  ${r.credentialType}  ${terminalSafe(r.name ?? r.keyId, ONE_LINE)}`);
  }
}
