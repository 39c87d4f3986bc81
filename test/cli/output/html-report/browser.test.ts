// The html report rendered in headless Chromium: it draws (screenshot pixels of the status colours in the
// timeline), its script sorts and filters the table, print hides the controls and lists every filtered row,
// names from the tenant stay text, and the page asks for nothing over the network.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createHtmlReportSink } from '../../../../src/cli/output/html-report/sink.ts';
import { STATUS_COLOR } from '../../../../src/cli/output/html-report/status-style.ts';
import type { InventoryRow } from '../../../../src/app/inventory/types.ts';
import { chromiumAvailable, launchChromiumForFiles } from '../../../helpers/browser.ts';
import { skipUnless } from '../../../helpers/tools.ts';
import { inventoryRow, inventoryRows, REPORT_NOW } from '../../../helpers/inventory-rows.ts';

// Globals of the page, for the functions Playwright runs there (the project's types have no DOM library).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, window: any, Image: any, getComputedStyle: any;

const noBrowser = skipUnless(chromiumAvailable(), 'Chromium is not installed at /usr/bin/chromium (set EAC_CHROMIUM)');
const HOSTILE_APP = '<img src=x onerror="window.pwned=1">';
const HOSTILE_NAME = '</script><script>window.pwned=2</script>';

const rows: InventoryRow[] = [
  ...inventoryRows(1500),
  inventoryRow(90001, 2, { appName: HOSTILE_APP, name: HOSTILE_NAME }),
];
let dir: string;
let file: string;
let browser: Browser;

before(async () => {
  if (noBrowser) return;
  dir = mkdtempSync(join(tmpdir(), 'eac-html-report-'));
  file = join(dir, 'report.html');
  const out = createWriteStream(file);
  const sink = createHtmlReportSink(out, { tenant: 'contoso.example', now: REPORT_NOW, zone: 'UTC', facts: () => ({ apps: 1200, servicePrincipals: 301 }) });
  for (const r of rows) await sink.write(r);
  await sink.end();
  out.end();
  await once(out, 'finish');
  browser = await launchChromiumForFiles();
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Opened { page: Page; errors: string[]; requests: string[] }

async function open(opts: { javaScriptEnabled?: boolean } = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...opts });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href);
  return { page, errors, requests };
}

const expectedShown = (text: string, statuses?: string[]) =>
  rows.filter((r) => (!statuses || statuses.includes(r.status)) && [r.appName, r.appId, r.name ?? '', ...r.owners.flatMap((o) => [o.displayName ?? '', o.userPrincipalName ?? ''])].some((v) => v.toLowerCase().includes(text.toLowerCase()))).length;

/** How many pixels of a PNG are within a small distance of each colour (decoded by the browser's canvas). */
async function colourCounts(page: Page, png: Buffer, colours: Record<string, string>): Promise<{ counts: Record<string, number>; distinct: number }> {
  const scratch = await page.context().newPage();
  try {
    return await scratch.evaluate(async ({ src, colours }) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width; canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      const want = Object.entries(colours).map(([k, hex]) => [k, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)] as const);
      const counts: Record<string, number> = Object.fromEntries(want.map(([k]) => [k, 0]));
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        for (const [k, r, g, b] of want) if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 12) counts[k]!++;
      }
      return { counts, distinct: seen.size };
    }, { src: `data:image/png;base64,${png.toString('base64')}`, colours });
  } finally {
    await scratch.close();
  }
}

const shownText = (page: Page) => page.locator('#shown').textContent();
const firstPage = (page: Page, attr: string) => page.$$eval('#creds tbody tr', (trs, a) => trs.map((tr) => tr.getAttribute(a) ?? ''), attr);

test('the report draws: summary above the table, the timeline in the status colours, no errors, no network', { skip: noBrowser }, async () => {
  const { page, errors, requests } = await open();
  try {
    const shot = await page.screenshot();
    const timeline = await page.locator('svg.timeline').screenshot();
    const { expired, 'expiring-14d': d14, 'expiring-30d': d30, 'expiring-45d': d45, ok } = STATUS_COLOR;
    const colours = await colourCounts(page, timeline, { expired, d14, d30, d45, ok });
    for (const [k, n] of Object.entries(colours.counts)) assert.ok(n > 40, `the timeline shows ${k} (${n} pixels)`);
    const whole = await colourCounts(page, shot, {});
    assert.ok(whole.distinct > 200, `the page is not blank (${whole.distinct} colours)`);
    const order = await page.$$eval('.page > *', (els) => els.map((e) => e.id));
    assert.deepEqual(order, ['summary', 'timeline', 'risk', 'credentials'], 'the script moved the summary above the table');
    const summaryBox = (await page.locator('#summary').boundingBox())!;
    const tableBox = (await page.locator('#creds').boundingBox())!;
    assert.ok(summaryBox.y < tableBox.y);
    assert.deepEqual(errors, [], 'no script error and no CSP violation');
    assert.deepEqual(requests, [], 'nothing requested beyond the file');
    assert.equal(await page.locator('#owners tfoot th').textContent(), 'No owner');
  } finally {
    await page.context().close();
  }
});

test('names from the tenant render as text: an img or a closing script tag in a name runs nothing', { skip: noBrowser }, async () => {
  const { page, errors } = await open();
  try {
    await page.fill('#q', 'onerror');
    await page.waitForFunction(() => /of 1 \(filtered/.test(document.getElementById('shown')!.textContent!));
    const cells = await page.$$eval('#creds tbody tr td', (tds) => tds.map((td) => td.childNodes[0]?.textContent));
    assert.equal(cells[3], HOSTILE_APP);
    assert.equal(cells[5], HOSTILE_NAME);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.equal(await page.locator('#creds img, #creds script').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

test('the table sorts by days left both ways (rows with no end last), and by application name', { skip: noBrowser }, async () => {
  const { page } = await open();
  try {
    const ends = rows.map((r) => (r.end ? Date.parse(r.end) : NaN));
    const dated = ends.filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
    const daysHead = page.locator('#creds th[data-col="1"]');
    assert.equal(await daysHead.getAttribute('aria-sort'), 'ascending', 'sorted by days left on open');
    assert.deepEqual((await firstPage(page, 'data-t')).map(Number), dated.slice(0, 100));
    assert.equal(await shownText(page), `Showing 1–100 of ${rows.length.toLocaleString('en-US')} credentials`);

    await daysHead.locator('button').click();
    assert.equal(await daysHead.getAttribute('aria-sort'), 'descending');
    assert.deepEqual((await firstPage(page, 'data-t')).map(Number), dated.slice(-100).reverse());
    await page.click('#pager [data-go=last]');
    assert.deepEqual(await firstPage(page, 'data-t'), [''], 'the last page: a credential with no end, last even when descending');
    await page.selectOption('#page-size', '0');
    const everyRow = await firstPage(page, 'data-t');
    const undated = ends.length - dated.length;
    assert.equal(everyRow.length, rows.length, 'rows per page: all');
    assert.deepEqual(everyRow.slice(-undated), Array(undated).fill(''));
    assert.deepEqual(everyRow.slice(0, -undated).map(Number), [...dated].reverse());
    await page.selectOption('#page-size', '100');
    await page.locator('#creds th[data-col="3"] button').click();
    assert.equal(await page.locator('#creds th[data-col="3"]').getAttribute('aria-sort'), 'ascending');
    assert.equal(await daysHead.getAttribute('aria-sort'), 'none');
    const names = await page.$$eval('#creds tbody tr td:nth-child(4)', (tds) => tds.map((td) => td.textContent!.toLowerCase()));
    const all = rows.map((r) => `${r.appName}${r.appId} · ${r.objectType === 'application' ? 'app registration' : 'service principal'}`.toLowerCase()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepEqual(names, all.slice(0, 100));
  } finally {
    await page.context().close();
  }
});

test('the filter: text and status boxes, with the counts updated', { skip: noBrowser }, async () => {
  const { page } = await open();
  try {
    const total = rows.length.toLocaleString('en-US');
    await page.fill('#q', 'Payroll');
    const payroll = expectedShown('payroll');
    await page.waitForFunction((n) => document.getElementById('shown')!.textContent!.includes(`of ${n} (filtered`), payroll.toLocaleString('en-US'));
    assert.equal(await shownText(page), `Showing 1–100 of ${payroll} (filtered from ${total}) credentials`);
    const expiredPayroll = expectedShown('payroll', ['expired']);
    assert.equal(await page.locator('.statuses [data-c="s-x"]').textContent(), String(expiredPayroll), 'the status counts follow the text filter');

    for (const cls of ['s-14', 's-30', 's-45', 's-ok', 's-no']) await page.locator(`.statuses input[value="${cls}"]`).uncheck();
    assert.equal(await shownText(page), `Showing 1–${Math.min(100, expiredPayroll)} of ${expiredPayroll} (filtered from ${total}) credentials`);
    const classes = await page.$$eval('#creds tbody tr', (trs) => [...new Set(trs.map((tr) => tr.className))]);
    assert.deepEqual(classes, ['s-x']);
    const apps = await page.$$eval('#creds tbody tr td:nth-child(4)', (tds) => tds.every((td) => /payroll/i.test(td.textContent!)));
    assert.ok(apps);

    await page.fill('#q', 'no such credential anywhere');
    await page.waitForFunction(() => /^Showing 0 of/.test(document.getElementById('shown')!.textContent!));
    assert.equal(await page.locator('#empty').isVisible(), true);
  } finally {
    await page.context().close();
  }
});

test('print: no controls, every filtered row listed; without scripts the file is a plain table of every row', { skip: noBrowser }, async () => {
  const { page } = await open();
  try {
    await page.locator('.statuses input[value="s-ok"]').uncheck();
    const listed = rows.filter((r) => r.status !== 'ok').length;
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction((n) => document.querySelectorAll('#creds tbody tr').length === n, listed);
    for (const sel of ['.controls', '#pager', '#q']) assert.equal(await page.locator(sel).isVisible(), false, `${sel} hidden in print`);
    assert.equal(await page.locator('#creds thead').isVisible(), true);
    assert.equal(await page.locator('#creds th .arrow').first().evaluate((e) => getComputedStyle(e).display), 'none');
    await page.emulateMedia({ media: 'screen' });
    await page.waitForFunction(() => document.querySelectorAll('#creds tbody tr').length === 100);
  } finally {
    await page.context().close();
  }
  const plain = await open({ javaScriptEnabled: false });
  try {
    assert.equal(await plain.page.locator('#creds tbody tr').count(), rows.length);
    assert.equal(await plain.page.locator('.controls').isVisible(), false);
    assert.equal(await plain.page.locator('#creds tbody tr').first().isVisible(), true);
  } finally {
    await plain.page.context().close();
  }
});
