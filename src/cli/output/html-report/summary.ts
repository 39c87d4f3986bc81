// The summary parts of the html report, written after the table once every row has been seen: the header
// (tenant, scan time with its zone, counts by status), the timeline, the owners with the most at risk and
// the next credentials to end. The CSS places them above the table and the script moves them there in the
// document too (docs/inventory.md "HTML report").
import { CREDENTIAL_STATUSES } from '../../../core/credential-status.ts';
import type { InventorySummary } from '../../../app/inventory/types.ts';
import { topOwners, type OwnerRisk, type ReportAggregates } from './aggregates.ts';
import { html } from './escape.ts';
import { STATUS_CLASS, STATUS_LABEL } from './status-style.ts';
import { timelineSvg } from './timeline.ts';
import type { ReportClock } from './time-text.ts';

export type ScanFacts = Partial<Pick<InventorySummary, 'apps' | 'servicePrincipals' | 'signIns' | 'mode'>>;

const fmt = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;

export function headerHtml(a: ReportAggregates, tenant: string, now: Date, clock: ReportClock, facts: ScanFacts): string {
  const scanned = facts.apps !== undefined || facts.servicePrincipals !== undefined
    ? ` in ${plural(facts.apps ?? 0, 'application')} and ${plural(facts.servicePrincipals ?? 0, 'service principal')}`
    : '';
  const notes = [
    facts.mode === 'delta' ? 'changes since the last scan (delta)' : facts.mode === 'resumed' ? 'a resumed scan' : '',
    facts.signIns === 'unreadable' ? 'last sign-ins unreadable (the report needs AuditLog.Read.All)' : facts.signIns === 'skipped' ? 'last sign-ins not read' : '',
  ].filter(Boolean);
  const cards = CREDENTIAL_STATUSES.map((s) =>
    `<li class="${STATUS_CLASS[s]}"><span class="num">${fmt(a.byStatus[s])}</span><span class="what">${STATUS_LABEL[s]}</span></li>`).join('');
  return `<header id="summary" class="summary"><h1>Credential inventory</h1>`
    + `<p class="meta">Tenant <b>${html(tenant)}</b> · scanned <time datetime="${now.toISOString()}">${html(clock.moment(now))}</time></p>`
    + `<p class="meta">${plural(a.total, 'credential')}${scanned} · ${plural(a.noOwnerCredentials, 'credential')} of objects with no owner${notes.length ? ` · ${notes.join(' · ')}` : ''}</p>`
    + `<ul class="cards" aria-label="Credentials by status">${cards}</ul></header>\n`;
}

export function timelineHtml(a: ReportAggregates, now: Date, clock: ReportClock): string {
  return `<section id="timeline" class="panel" aria-labelledby="timeline-h"><h2 id="timeline-h">Expiries by week</h2>${timelineSvg(a, now, clock)}</section>\n`;
}

function ownerName(o: OwnerRisk): string {
  if (o.displayName && o.userPrincipalName) return `${html(o.displayName)} <small>${html(o.userPrincipalName)}</small>`;
  return html(o.displayName ?? o.userPrincipalName ?? '(no name)');
}

export function ownersHtml(a: ReportAggregates): string {
  const top = topOwners(a);
  const most = Math.max(1, ...top.map((o) => o.expired + o.expiring), a.noOwnerAtRisk.expired + a.noOwnerAtRisk.expiring);
  const line = (name: string, o: OwnerRisk, cls = '') => {
    const pct = (n: number) => ((n / most) * 100).toFixed(1);
    return `<tr${cls ? ` class="${cls}"` : ''}><th scope="row">${name}</th><td class="n">${fmt(o.expired)}</td><td class="n">${fmt(o.expiring)}</td>`
      + `<td class="bar" aria-hidden="true"><span class="s-x" style="width:${pct(o.expired)}%"></span><span class="s-14" style="width:${pct(o.expiring)}%"></span></td></tr>`;
  };
  const body = top.length ? top.map((o) => line(ownerName(o), o)).join('') : '<tr><td colspan="4" class="muted">No owner has a credential at risk.</td></tr>';
  const none = a.noOwnerAtRisk.expired + a.noOwnerAtRisk.expiring ? `<tfoot>${line('<em>No owner</em>', a.noOwnerAtRisk, 'no-owner')}</tfoot>` : '';
  return `<section id="owners" class="panel" aria-labelledby="owners-h"><h2 id="owners-h">Owners with the most at risk</h2>`
    + `<table class="owners"><thead><tr><th scope="col">Owner</th><th scope="col" class="n">Expired</th><th scope="col" class="n">Within 45 days</th><th scope="col"><span class="sr">Share</span></th></tr></thead>`
    + `<tbody>${body}</tbody>${none}</table></section>\n`;
}

export function nextHtml(a: ReportAggregates, clock: ReportClock): string {
  const rows = a.next.map((r) =>
    `<tr class="${STATUS_CLASS[r.status]}"><td>${html(clock.dateTime(r.end))}</td><td class="n">${r.daysLeft}</td><td>${html(r.appName)}</td><td>${html(r.name) || '<span class="muted">(no name)</span>'}</td></tr>`).join('');
  return `<section id="next" class="panel" aria-labelledby="next-h"><h2 id="next-h">Next to end</h2>`
    + (rows
      ? `<table class="next"><thead><tr><th scope="col">Ends (${html(clock.zone)})</th><th scope="col" class="n">Days</th><th scope="col">Application</th><th scope="col">Credential</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p class="muted">No credential has an end date ahead.</p>')
    + '</section>\n';
}
