// `-o html`: the inventory as one self-contained HTML file (docs/inventory.md "HTML report"), written as a
// row sink (cli/output/sink.ts) so it streams: the page's head and the table's opening go out with the first
// row, each row is written as it comes, and only aggregates are kept (aggregates.ts); the summary, the
// timeline and the owners at risk are written after the table, at end(), and shown above it. A 300,000-row
// report is never held in memory. A Content-Security-Policy allows the page's own script and style only: no
// request leaves the page, and markup that slipped into a name could not run.
import { createHash } from 'node:crypto';
import { CREDENTIAL_STATUSES } from '../../../core/credential-status.ts';
import type { InventoryRow } from '../../../app/inventory/types.ts';
import type { RowSink } from '../sink.ts';
import { addRow, newAggregates } from './aggregates.ts';
import { html } from './escape.ts';
import { rowHtml, tableFoot, tableHead } from './rows.ts';
import { HEAD_SCRIPT, REPORT_SCRIPT } from './script.ts';
import { STATUS_CLASS, STATUS_LABEL } from './status-style.ts';
import { REPORT_CSS } from './style.ts';
import { headerHtml, nextHtml, ownersHtml, timelineHtml, type ScanFacts } from './summary.ts';
import { reportClock } from './time-text.ts';

export interface HtmlReportOptions {
  /** The tenant scanned (its id or domain), shown in the title and the header. */
  tenant: string;
  /** When the scan ran: the header's time and the timeline's start. */
  now: Date;
  /** IANA zone for every time shown; the machine's by default. */
  zone?: string;
  /** Facts only the scan knows (objects seen, sign-in report, mode), read at end(). */
  facts?: () => ScanFacts;
}

/** Rows are gathered into chunks of about this many characters before a write (fewer, larger writes). */
const CHUNK = 64 * 1024;

const hash = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src ${hash(HEAD_SCRIPT)} ${hash(REPORT_SCRIPT)}; img-src data:; form-action 'none'; base-uri 'none'`;

const PAGER = '<nav id="pager" class="pager" aria-label="Pages of the table">'
  + '<button type="button" data-go="first">« First</button><button type="button" data-go="prev">‹ Previous</button>'
  + '<span id="page-of" aria-live="polite"></span>'
  + '<button type="button" data-go="next">Next ›</button><button type="button" data-go="last">Last »</button>'
  + '<label>Rows per page <select id="page-size"><option value="50">50</option><option value="100" selected>100</option>'
  + '<option value="500">500</option><option value="1000">1,000</option><option value="0">all</option></select></label></nav>\n';

function pageStart(tenant: string, zone: string): string {
  const boxes = CREDENTIAL_STATUSES.map((s) =>
    `<label class="${STATUS_CLASS[s]}"><input type="checkbox" value="${STATUS_CLASS[s]}" checked> ${STATUS_LABEL[s]} <span class="c" data-c="${STATUS_CLASS[s]}"></span></label>`).join('');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">`
    + `<meta http-equiv="Content-Security-Policy" content="${CSP}">`
    + `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="generator" content="entra-auth-cli">`
    + `<title>Credential inventory · ${html(tenant)}</title><script>${HEAD_SCRIPT}</script><style>${REPORT_CSS}</style></head>\n<body><main class="page">\n`
    + `<section id="credentials" class="panel creds" aria-labelledby="creds-h"><h2 id="creds-h">Every credential <small class="muted">times in ${html(zone)}</small></h2>`
    + `<div class="controls" role="search" aria-label="Filter the credentials">`
    + `<label>Filter<input id="q" type="search" placeholder="app, appId, owner, name…" autocomplete="off"></label>`
    + `<fieldset class="statuses"><legend>Status</legend>${boxes}</fieldset><output id="shown" aria-live="polite"></output></div>\n`
    + tableHead();
}

export function createHtmlReportSink(out: NodeJS.WritableStream, opts: HtmlReportOptions): RowSink<InventoryRow> {
  const clock = reportClock(opts.zone);
  const agg = newAggregates();
  let buffer = '';
  let started = false;
  const start = () => { started = true; buffer = pageStart(opts.tenant, clock.zone); };
  const flush = (): void | Promise<void> => {
    const text = buffer;
    buffer = '';
    if (!out.write(text)) return new Promise((resolve) => out.once('drain', () => resolve()));
  };
  return {
    write(row) {
      if (!started) start();
      addRow(agg, row);
      buffer += rowHtml(row, clock);
      if (buffer.length >= CHUNK) return flush();
    },
    async end() {
      if (!started) start();
      buffer += tableFoot() + PAGER + '</section>\n'
        + headerHtml(agg, opts.tenant, opts.now, clock, opts.facts?.() ?? {})
        + timelineHtml(agg, opts.now, clock)
        + `<div id="risk" class="pair">${ownersHtml(agg)}${nextHtml(agg, clock)}</div>\n`
        + `</main>\n<script>${REPORT_SCRIPT}</script>\n</body></html>\n`;
      await flush();
    },
  };
}
