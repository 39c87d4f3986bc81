// The timeline of the html report: one bar for what has expired, then a bar per week ahead, stacked by
// status, drawn as inline SVG (no library, no network: the file works offline). Dashed lines mark the 14,
// 30 and 45 day thresholds. Each segment has a <title> (the tooltip) and the chart an aria-label.
import { EXPIRY_THRESHOLDS, type CredentialStatus } from '../../../core/credential-status.ts';
import { TIMELINE_WEEKS, type ReportAggregates } from './aggregates.ts';
import { STATUS_CLASS, STATUS_COLOR, STATUS_LABEL } from './status-style.ts';
import type { ReportClock } from './time-text.ts';

const DAY_MS = 86_400_000;
const W = 960;
const H = 260;
const M = { left: 48, right: 12, top: 22, bottom: 44 };
const STACK: CredentialStatus[] = ['expiring-14d', 'expiring-30d', 'expiring-45d', 'ok'];

/** A round axis maximum (1, 2 or 5 times a power of ten per step) with about four steps. */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 4, step: 1 };
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step: Math.max(1, step) };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export function timelineSvg(a: ReportAggregates, now: Date, clock: ReportClock): string {
  const slots = TIMELINE_WEEKS + 1; // the expired bar, then the weeks
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / (slots + 0.5); // half a slot of space after the expired bar
  const barW = slot * 0.72;
  const weekX = (k: number) => M.left + slot * (k + 1.5); // left edge of week k's slot
  const totals = a.weeks.map((w) => STACK.reduce((s, st) => s + w[st], 0));
  // Expired credentials often outnumber any week many times over: then the axis follows the weeks and the
  // expired bar is drawn cut (a break mark), with its count above it.
  const weekMax = Math.max(...totals);
  const cut = weekMax > 0 && a.expired > 2 * weekMax;
  const { top, step } = axis(cut ? weekMax : Math.max(a.expired, weekMax));
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const weekStart = (k: number) => new Date(now.getTime() + (7 * k + 1) * DAY_MS);
  const out: string[] = [];

  for (let v = 0; v <= top; v += step) {
    out.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`,
      `<text class="tick" x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`);
  }
  const bar = (x: number, from: number, count: number, status: CredentialStatus, what: string) => {
    if (!count) return;
    const fill = status === 'ok' ? 'url(#hatch)' : STATUS_COLOR[status];
    out.push(`<rect class="${STATUS_CLASS[status]}" x="${x.toFixed(1)}" y="${y(from + count).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(from) - y(from + count)).toFixed(1)}" fill="${fill}"><title>${what}: ${fmt(count)} ${STATUS_LABEL[status].toLowerCase()}</title></rect>`);
  };
  const expiredX = M.left + slot * 0.14;
  const shownExpired = cut ? top : a.expired;
  bar(expiredX, 0, shownExpired, 'expired', 'Already ended');
  if (cut) {
    out[out.length - 1] = out[out.length - 1]!.replace(/: \d[\d,]* expired</, `: ${fmt(a.expired)} expired<`);
    const yb = y(top * 0.8);
    out.push(`<path class="break" d="M${(expiredX - 3).toFixed(1)} ${(yb + 4).toFixed(1)} l${(barW + 6).toFixed(1)} -8 m0 6 l${-(barW + 6).toFixed(1)} 8"/>`);
  }
  if (a.expired) out.push(`<text class="count" x="${(expiredX + barW / 2).toFixed(1)}" y="${(y(shownExpired) - 4).toFixed(1)}" text-anchor="middle">${fmt(a.expired)}</text>`);
  out.push(`<text class="label" x="${(expiredX + barW / 2).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">Expired</text>`);

  a.weeks.forEach((w, k) => {
    let from = 0;
    const what = `Week of ${clock.day(weekStart(k))}`;
    for (const st of STACK) { bar(weekX(k) + (slot - barW) / 2, from, w[st], st, what); from += w[st]; }
    if (k % 2 === 0) out.push(`<text class="label" x="${(weekX(k) + slot / 2).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${clock.day(weekStart(k))}</text>`);
  });
  for (const days of EXPIRY_THRESHOLDS) {
    const x = (weekX(0) + (days / 7) * slot).toFixed(1);
    out.push(`<line class="threshold" x1="${x}" x2="${x}" y1="${M.top - 6}" y2="${H - M.bottom}"/>`,
      `<text class="threshold-label" x="${x}" y="${M.top - 9}" text-anchor="middle">${days} d</text>`);
  }
  out.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${y(0)}" y2="${y(0)}"/>`,
    `<text class="label" x="${(weekX(0) + (plotW - slot * 1.5) / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle">weeks ahead, by the day each week starts (${clock.zone})</text>`);

  const ahead = totals.reduce((s, n) => s + n, 0);
  const label = `Expiries per week: ${fmt(a.expired)} already expired, ${fmt(ahead)} ending in the next ${TIMELINE_WEEKS} weeks, ${fmt(a.later)} later, ${fmt(a.byStatus['no-expiry'])} with no end date.`;
  const hatch = `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${STATUS_COLOR.ok}" fill-opacity="0.25"/><rect width="3" height="6" fill="${STATUS_COLOR.ok}"/></pattern></defs>`;
  return `<svg class="timeline" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}">${hatch}${out.join('')}</svg>`
    + `<p class="legend">${(['expired', ...STACK] as CredentialStatus[]).map((s) => `<span class="key ${STATUS_CLASS[s]}"><i></i>${STATUS_LABEL[s]}</span>`).join('')}`
    + `<span class="note">${fmt(a.later)} end after ${TIMELINE_WEEKS} weeks · ${fmt(a.byStatus['no-expiry'])} have no end date</span></p>`;
}
