// The credential table of the html report: its columns, and one <tr> per row written as the row arrives.
// What the page's script sorts on travels in the row itself (data-t: the end, data-l: the last sign-in, as
// epoch ms; the status as the row's class), so sorting needs no second copy of the data. Cells and rows are
// left unclosed (valid HTML: the parser closes them) to keep a 300,000-row file smaller.
import type { InventoryRow } from '../../../app/inventory/types.ts';
import { html } from './escape.ts';
import { STATUS_CLASS, STATUS_LABEL } from './status-style.ts';
import type { ReportClock } from './time-text.ts';

/** How the script sorts a column: by status rank, by a data attribute (number), or by the cell's text. */
type SortKind = 'status' | 't' | 'l' | 'text';

interface ReportColumn {
  title: string;
  sort: SortKind;
  numeric?: boolean;
}

/** Times are in the report's zone, named above the table (sink.ts) rather than in narrow column headers. */
const COLUMNS: ReportColumn[] = [
  { title: 'Status', sort: 'status' },
  { title: 'Days left', sort: 't', numeric: true },
  { title: 'Ends', sort: 't' },
  { title: 'Application', sort: 'text' },
  { title: 'Type', sort: 'text' },
  { title: 'Credential', sort: 'text' },
  { title: 'Owners', sort: 'text' },
  { title: 'Last sign-in', sort: 'l' },
  { title: 'Notes', sort: 'text' },
];

/** The table's opening and header row: each header is a button that sorts (aria-sort on the <th>). */
export function tableHead(): string {
  const ths = COLUMNS.map((c, i) =>
    `<th scope="col" aria-sort="none" data-sort="${c.sort}" data-col="${i}"${c.numeric ? ' class="n"' : ''}><button type="button">${html(c.title)}<span class="arrow" aria-hidden="true"></span></button></th>`).join('');
  return `<table id="creds"><caption class="sr">Every credential; the column headers sort the table</caption><thead><tr>${ths}</tr></thead><tbody>\n`;
}

export function tableFoot(): string {
  return '</tbody></table>\n<p id="empty" class="empty" hidden>No credential matches the filter.</p>\n';
}

const epoch = (iso: string | null | undefined): string => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? '' : String(t);
};

export function rowHtml(row: InventoryRow, clock: ReportClock): string {
  const type = row.credentialType === 'password' ? 'Secret' : `Certificate${row.usage ? ` (${html(row.usage)})` : ''}`;
  const object = row.objectType === 'application' ? 'app registration' : 'service principal';
  const owners = row.noOwner || !row.owners.length
    ? '<em class="none">no owner</em>'
    : row.owners.map((o) => `<div>${o.displayName && o.userPrincipalName
      ? `${html(o.displayName)}<small>${html(o.userPrincipalName)}</small>`
      : html(o.displayName ?? o.userPrincipalName)}</div>`).join('');
  const signIn = row.lastSignIn === undefined ? '<span class="muted">unknown</span>' : row.lastSignIn === null ? 'never' : html(clock.dateTime(row.lastSignIn));
  const notes = [
    row.policyViolation ? `<span class="warn">policy: ${html(row.policyViolation)}</span>` : '',
    row.credentialType === 'password' && !row.followsConvention ? '<span class="muted">not named EAC-EXP-…</span>' : '',
    row.lifetimeDays !== null ? `<span class="muted">lifetime ${row.lifetimeDays} d</span>` : '',
  ].filter(Boolean).join('<br>');
  const signInKey = row.lastSignIn === null ? '0' : epoch(row.lastSignIn);
  return `<tr class="${STATUS_CLASS[row.status]}" data-t="${epoch(row.end)}" data-l="${signInKey}">`
    + `<td><span class="b">${STATUS_LABEL[row.status]}</span>`
    + `<td class="n">${row.daysLeft ?? ''}`
    + `<td>${html(clock.dateTime(row.end))}`
    + `<td>${html(row.appName)}<small>${html(row.appId)} · ${object}</small>`
    + `<td>${type}`
    + `<td>${html(row.name) || '<span class="muted">(no name)</span>'}${row.hint ? `<small>hint ${html(row.hint)}…</small>` : ''}`
    + `<td>${owners}`
    + `<td>${signIn}`
    + `<td>${notes}\n`;
}
