// The html report's sink: tenant text escaped, the aggregates at their edges, rows streamed before end(),
// and memory that does not grow with the number of rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createHtmlReportSink } from '../../../../src/cli/output/html-report/sink.ts';
import { addRow, newAggregates, topOwners, TIMELINE_WEEKS } from '../../../../src/cli/output/html-report/aggregates.ts';
import { html } from '../../../../src/cli/output/html-report/escape.ts';
import { inventoryRow, inventoryRows, REPORT_NOW } from '../../../helpers/inventory-rows.ts';

class Capture extends Writable {
  text = '';
  writes = 0;
  override _write(chunk: Buffer, _enc: string, done: () => void) { this.text += chunk.toString(); this.writes++; done(); }
}

async function report(rows: Iterable<ReturnType<typeof inventoryRow>>, tenant = 'contoso.example'): Promise<string> {
  const out = new Capture();
  const sink = createHtmlReportSink(out, { tenant, now: REPORT_NOW, zone: 'UTC' });
  for (const r of rows) await sink.write(r);
  await sink.end();
  return out.text;
}

const HOSTILE = {
  appName: '<img src=x onerror="globalThis.pwned=1">',
  name: '</script><script>globalThis.pwned=2</script>',
  owner: '"><svg onload=alert(1)>',
  bidi: 'evil\u202Etxt.exe',
};

test('text from the tenant is escaped everywhere it appears: names in cells, owners, the title, the summary', async () => {
  const rows = [
    inventoryRow(1, 3, { appName: HOSTILE.appName, name: HOSTILE.name, owners: [{ displayName: HOSTILE.owner, userPrincipalName: `a'b@x` }], noOwner: false, policyViolation: '<b>bold</b>' }),
    inventoryRow(2, -4, { appName: HOSTILE.bidi }),
  ];
  const text = await report(rows, '<i>tenant</i>');
  assert.ok(!text.includes('<img'), 'no img element from a name');
  assert.ok(!text.includes('<svg onload'), 'no svg element from an owner');
  assert.ok(!text.includes('<b>bold'), 'no markup from a policy text');
  assert.ok(!text.includes('<i>tenant'), 'no markup from the tenant');
  assert.equal(text.match(/<script/g)!.length, 2, 'only the report’s own two scripts');
  assert.equal(text.match(/<\/script>/g)!.length, 2);
  assert.ok(text.includes('&lt;img src=x onerror=&quot;globalThis.pwned=1&quot;&gt;'));
  assert.ok(text.includes('&lt;/script&gt;&lt;script&gt;globalThis.pwned=2&lt;/script&gt;'));
  assert.ok(text.includes('&quot;&gt;&lt;svg onload=alert(1)&gt;'), 'owner escaped');
  assert.ok(text.includes('a&#39;b@x'), 'quotes escaped for attributes');
  assert.ok(text.includes('evil\\u202etxt.exe') && !text.includes('\u202E'), 'a bidi override is shown escaped, as on a terminal');
  // The next-to-end list (in the summary) shows the hostile app too, escaped.
  const summary = text.slice(text.indexOf('id="next"'));
  assert.ok(summary.includes('&lt;img src=x'));
  assert.equal(html(null), '');
});

test('the page allows only its own scripts (CSP with their hashes) and loads nothing from the network', async () => {
  const text = await report(inventoryRows(30));
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(text)![1]!;
  assert.match(csp, /default-src 'none'/);
  assert.equal(csp.match(/'sha256-[A-Za-z0-9+/=]+'/g)!.length, 2);
  assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline/);
  assert.doesNotMatch(text, /\b(src|href)="(https?:)?\/\//, 'no external resource');
});

test('aggregates: statuses, the weekly buckets at their edges, later, no end', () => {
  const a = newAggregates();
  const days = [0, -30, 1, 7, 8, 14, 15, 30, 45, 46, 182, 183, 400, null];
  days.forEach((d, i) => addRow(a, inventoryRow(i + 1, d)));
  assert.equal(a.total, days.length);
  assert.deepEqual(a.byStatus, { expired: 2, 'expiring-14d': 4, 'expiring-30d': 2, 'expiring-45d': 1, ok: 4, 'no-expiry': 1 });
  assert.equal(a.expired, 2);
  assert.equal(a.weeks[0]!['expiring-14d'], 2, 'days 1 and 7: the first week');
  assert.equal(a.weeks[1]!['expiring-14d'], 2, 'days 8 and 14 (exactly 14: ≤ 14 days)');
  assert.equal(a.weeks[2]!['expiring-30d'], 1, 'day 15');
  assert.equal(a.weeks[4]!['expiring-30d'], 1, 'day 30 is in week 5 (29–35)');
  assert.equal(a.weeks[6]!['expiring-45d'], 1, 'day 45 (43–49)');
  assert.equal(a.weeks[6]!.ok, 1, 'day 46 is later, in the same week');
  assert.equal(a.weeks[TIMELINE_WEEKS - 1]!.ok, 1, 'day 182: the last week');
  assert.equal(a.later, 2, 'days 183 and 400');
});

test('aggregates: owners ranked by credentials at risk, "no owner" on its own line, the next 10 soonest first', () => {
  const a = newAggregates();
  const ada = { displayName: 'Ada', userPrincipalName: 'ada@contoso.example' };
  const bob = { displayName: 'Bob', userPrincipalName: 'bob@contoso.example' };
  const rows = [
    inventoryRow(1, -2, { owners: [ada], noOwner: false }),
    inventoryRow(2, 10, { owners: [ada, bob], noOwner: false }),
    inventoryRow(3, 40, { owners: [{ displayName: 'ADA', userPrincipalName: 'ADA@contoso.example' }], noOwner: false }),
    inventoryRow(4, 300, { owners: [bob], noOwner: false }), // not at risk
    inventoryRow(5, -1, { owners: [], noOwner: true }),
    inventoryRow(6, 5, { owners: [], noOwner: true }),
  ];
  for (let i = 0; i < 20; i++) rows.push(inventoryRow(100 + i, 60 + ((i * 7) % 20), { owners: [bob], noOwner: false }));
  rows.forEach((r) => addRow(a, r));
  const top = topOwners(a);
  assert.deepEqual(top.map((o) => [o.userPrincipalName, o.expired, o.expiring]), [['ada@contoso.example', 1, 2], ['bob@contoso.example', 0, 1]]);
  assert.deepEqual([a.noOwnerAtRisk.expired, a.noOwnerAtRisk.expiring], [1, 1]);
  assert.equal(a.next.length, 10);
  assert.deepEqual(a.next.slice(0, 4).map((r) => r.daysLeft), [5, 10, 40, 60]);
  const ends = a.next.map((r) => Date.parse(r.end!));
  assert.deepEqual(ends, [...ends].sort((x, y) => x - y));
  assert.ok(a.next.every((r) => r.daysLeft! > 0), 'expired credentials are not "next"');
});

test('the summary shows the counts, the timeline bars and the owners; an empty scan is a complete page', async () => {
  const text = await report([inventoryRow(1, -3), inventoryRow(2, 3), inventoryRow(3, 3), inventoryRow(4, null)]);
  const card = (cls: string) => new RegExp(`<li class="${cls}"><span class="num">(\\d+)</span>`).exec(text)![1];
  assert.deepEqual(['s-x', 's-14', 's-30', 's-45', 's-ok', 's-no'].map(card), ['1', '2', '0', '0', '0', '1']);
  assert.match(text, /<rect class="s-x"[^>]*><title>Already ended: 1 expired<\/title>/);
  assert.match(text, /<rect class="s-14"[^>]*><title>Week of 3 Mar: 2 ≤ 14 days<\/title>/);
  assert.match(text, /scanned <time datetime="2026-03-02T09:30:00.000Z">2026-03-02 09:30 UTC<\/time>/);
  assert.equal(text.match(/<tr class="s-/g)!.length, 4 + 2, 'four rows, two in the next-to-end list');

  const many = await report([...Array.from({ length: 50 }, (_, i) => inventoryRow(i, -1 - i)), inventoryRow(99, 3)]);
  assert.match(many, /<text class="tick"[^>]*>1<\/text>/, 'the axis follows the weeks when expired ones outnumber them');
  assert.match(many, /<title>Already ended: 50 expired<\/title>/);
  assert.match(many, /<path class="break"/, 'the expired bar is drawn cut');
  assert.doesNotMatch(text, /class="break"/, 'not cut when it fits');

  const empty = await report([]);
  assert.match(empty, /^<!doctype html>/);
  assert.match(empty, /<\/html>\n$/);
  assert.match(empty, /<span class="num">0<\/span><span class="what">Expired/);
  assert.match(empty, /No credential has an end date ahead/);
});

test('rows stream: the table is written before end(), the summary only at end(), back-pressure is honoured', async () => {
  let release: () => void = () => {};
  let pending = 0;
  const out = new Capture({ highWaterMark: 1024 });
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk, _enc, done) { out.text += chunk.toString(); pending++; release = () => { pending--; done(); }; },
  });
  const sink = createHtmlReportSink(slow, { tenant: 't', now: REPORT_NOW, zone: 'UTC' });
  let waited = 0;
  for (const row of inventoryRows(2000)) {
    const w = sink.write(row);
    if (w) { waited++; setImmediate(() => release()); await w; }
  }
  assert.ok(waited > 0, 'the sink asked to wait for a slow stream');
  assert.ok(out.text.length > 500_000, 'most rows are already written');
  assert.match(out.text, /^<!doctype html>/);
  assert.ok(!out.text.includes('id="summary"'), 'the summary waits for the last row');
  const ending = sink.end();
  setImmediate(() => release());
  await ending;
  assert.equal(pending, 0);
  assert.ok(out.text.includes('id="summary"'));
  assert.equal(out.text.match(/<tr class="s-[^"]+" data-t=/g)!.length, 2000);
});

test('memory does not grow with the rows: 50,000 rows hold no more heap than 10,000', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let bytes = 0;
  const out = new Writable({ write(chunk, _enc, done) { bytes += chunk.length; done(); } });
  const sink = createHtmlReportSink(out, { tenant: 't', now: REPORT_NOW, zone: 'UTC' });
  const heapAt: Record<number, number> = {};
  let i = 0;
  for (const row of inventoryRows(50_000)) {
    await sink.write(row);
    if (++i === 10_000 || i === 50_000) { gc(); gc(); heapAt[i] = process.memoryUsage().heapUsed; }
  }
  await sink.end();
  assert.ok(bytes > 20_000_000, `${bytes} bytes written`);
  const growth = heapAt[50_000]! - heapAt[10_000]!;
  // 40,000 more rows kept would be tens of MB (a row is ~1 kB as objects, ~450 B as HTML).
  assert.ok(growth < 4_000_000, `heap grew by ${(growth / 1e6).toFixed(1)} MB from 10,000 to 50,000 rows`);
});
