// The html report's scripts (vanilla JS, no framework, no network). A line in the head marks the page as
// scripted, so the CSS keeps the streamed rows out of layout while the file loads (laying out 100,000 table
// rows takes a browser tens of seconds; docs/inventory.md "HTML report"). The page script then takes the
// rows out of the table, keeps their sort keys (rows.ts: class = status, data-t = end, data-l = last
// sign-in; cell text for the rest) and shows one page of the sorted, filtered rows at a time: sorting or
// filtering 100,000 rows is array work plus one page of DOM. Printing shows every filtered row. Without
// scripts the file is a plain table. Plain JS in strings: it runs in the browser, not in Node.
export const HEAD_SCRIPT = "document.documentElement.className='js'";

export const REPORT_SCRIPT = String.raw`(function () {
'use strict';
var doc = document, page = doc.querySelector('.page'), section = doc.getElementById('credentials');
['summary', 'timeline', 'risk'].forEach(function (id) { var el = doc.getElementById(id); if (el) page.insertBefore(el, section); });
var table = doc.getElementById('creds'), tbody = table.tBodies[0], rows = Array.prototype.slice.call(tbody.rows), n = rows.length;
tbody.textContent = '';
doc.documentElement.className = 'js ready';
var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
var RANK = { 's-x': 0, 's-14': 1, 's-30': 2, 's-45': 3, 's-ok': 4, 's-no': 5 };
var status = new Array(n), keys = {}, texts = new Array(n), order = [], shown = [], at = 0, size = 100, printing = false;
for (var i = 0; i < n; i++) { status[i] = rows[i].className; order.push(i); }
var fmt = function (v) { return v.toLocaleString('en-US'); };

// The text of every cell, lower-cased, for the filter and the text columns' sort: built in slices after the
// page shows (reading 100,000 rows' text takes seconds), or at once when asked for before it is done.
var textCols = {}, indexed = 0;
heads.forEach(function (th) { if (th.getAttribute('data-sort') === 'text') textCols[+th.getAttribute('data-col')] = new Array(n); });
function indexUpTo(limit) {
  for (; indexed < limit; indexed++) {
    var cells = rows[indexed].cells, all = '';
    for (var c = 0; c < cells.length; c++) { var t = cells[c].textContent.toLowerCase(); all += t + '\n'; if (textCols[c]) textCols[c][indexed] = t; }
    texts[indexed] = all;
  }
}
function indexSome() { indexUpTo(Math.min(n, indexed + 2000)); if (indexed < n) setTimeout(indexSome, 0); }
function numbers(attr) {
  var k = new Float64Array(n);
  for (var i = 0; i < n; i++) { var v = rows[i].getAttribute(attr); k[i] = v === '' || v === null ? NaN : +v; }
  return k;
}
function keyOf(th) {
  var col = +th.getAttribute('data-col'), kind = th.getAttribute('data-sort');
  if (keys[col]) return keys[col];
  var k;
  if (kind === 't' || kind === 'l') k = numbers('data-' + kind);
  else if (kind === 'status') { var t = keyOf(heads[1]); k = new Float64Array(n); for (var i = 0; i < n; i++) k[i] = RANK[status[i]] * 1e15 + (isNaN(t[i]) ? 9e14 : t[i] / 10); }
  else { indexUpTo(n); k = textCols[col]; }
  return (keys[col] = k);
}
// Rows without a value (no end, no sign-in) stay last in either direction; ties keep the scan's order.
function sortBy(th, dir) {
  var k = keyOf(th), numeric = k instanceof Float64Array;
  order.sort(function (a, b) {
    var x = k[a], y = k[b];
    if (numeric) { var xa = x !== x, ya = y !== y; if (xa || ya) return xa === ya ? a - b : xa ? 1 : -1; return (x - y) * dir || a - b; }
    return x < y ? -dir : x > y ? dir : a - b;
  });
  heads.forEach(function (h) { h.setAttribute('aria-sort', h === th ? (dir > 0 ? 'ascending' : 'descending') : 'none'); });
  at = 0;
  filter();
}

var q = doc.getElementById('q'), count = doc.getElementById('shown'), empty = doc.getElementById('empty');
var boxes = Array.prototype.slice.call(doc.querySelectorAll('.statuses input'));
var countEls = {};
Array.prototype.forEach.call(doc.querySelectorAll('.statuses .c'), function (el) { countEls[el.getAttribute('data-c')] = el; });
function filter() {
  var text = q.value.trim().toLowerCase(), on = {}, counts = {};
  boxes.forEach(function (b) { on[b.value] = b.checked; counts[b.value] = 0; });
  if (text) indexUpTo(n);
  shown = [];
  for (var j = 0; j < n; j++) {
    var i = order[j], s = status[i];
    if (text && texts[i].indexOf(text) === -1) continue;
    counts[s]++;
    if (on[s]) shown.push(i);
  }
  for (var c in countEls) countEls[c].textContent = fmt(counts[c] || 0);
  if (at >= shown.length) at = 0;
  render();
}

var pager = doc.getElementById('pager'), pageOf = doc.getElementById('page-of'), sizeSel = doc.getElementById('page-size');
function render() {
  var all = printing || size === 0, from = all ? 0 : at, to = all ? shown.length : Math.min(shown.length, at + size);
  var frag = doc.createDocumentFragment();
  for (var j = from; j < to; j++) frag.appendChild(rows[shown[j]]);
  tbody.textContent = '';
  tbody.appendChild(frag);
  count.textContent = shown.length ? 'Showing ' + fmt(from + 1) + '–' + fmt(to) + ' of ' + fmt(shown.length) + (shown.length < n ? ' (filtered from ' + fmt(n) + ')' : '') + ' credentials' : 'Showing 0 of ' + fmt(n) + ' credentials';
  empty.hidden = shown.length > 0;
  var pages = all ? 1 : Math.max(1, Math.ceil(shown.length / size));
  pageOf.textContent = 'Page ' + fmt(all ? 1 : Math.floor(at / size) + 1) + ' of ' + fmt(pages);
  pager.querySelector('[data-go=first]').disabled = pager.querySelector('[data-go=prev]').disabled = all || at === 0;
  pager.querySelector('[data-go=next]').disabled = pager.querySelector('[data-go=last]').disabled = all || to >= shown.length;
}
pager.addEventListener('click', function (e) {
  var go = e.target.closest && e.target.closest('button') && e.target.closest('button').getAttribute('data-go');
  if (!go) return;
  var last = Math.max(0, Math.floor((shown.length - 1) / size) * size);
  at = go === 'first' ? 0 : go === 'prev' ? Math.max(0, at - size) : go === 'next' ? Math.min(last, at + size) : last;
  render();
});
sizeSel.addEventListener('change', function () { size = +sizeSel.value; at = 0; render(); });
heads.forEach(function (th) {
  th.querySelector('button').addEventListener('click', function () { sortBy(th, th.getAttribute('aria-sort') === 'ascending' ? -1 : 1); });
});
var timer;
q.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { at = 0; filter(); }, 80); });
boxes.forEach(function (b) { b.addEventListener('change', function () { at = 0; filter(); }); });
// Print every filtered row, in the order shown, then go back to pages.
function setPrinting(on) { if (printing !== on) { printing = on; render(); } }
var media = window.matchMedia('print');
(media.addEventListener ? media.addEventListener.bind(media, 'change') : media.addListener.bind(media))(function (e) { setPrinting(e.matches); });
window.addEventListener('beforeprint', function () { setPrinting(true); });
window.addEventListener('afterprint', function () { setPrinting(media.matches); });
sortBy(heads[1], 1);
setTimeout(indexSome, 0);
})();`;
