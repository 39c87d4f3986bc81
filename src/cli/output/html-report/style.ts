// The html report's style sheet, inline so the file stands alone. The summary parts come after the table in
// the file (they are known only at the end) and are placed above it with `order`; print drops the controls,
// repeats the table header on each page and keeps the status colours (print-color-adjust), which also step
// down in lightness so greyscale stays readable (status-style.ts).
import { STATUS_CLASS, STATUS_COLOR } from './status-style.ts';
import type { CredentialStatus } from '../../../core/credential-status.ts';

const TEXT_ON: Record<CredentialStatus, string> = {
  expired: '#fff', 'expiring-14d': '#fff', 'expiring-30d': '#1a1a1a', 'expiring-45d': '#1a1a1a', ok: '#fff', 'no-expiry': '#1a1a1a',
};

const statusRules = (Object.keys(STATUS_CLASS) as CredentialStatus[]).map((s) => {
  const c = STATUS_CLASS[s];
  return `.${c} .b,.cards .${c}::before,.key.${c} i,.bar .${c}{background:${STATUS_COLOR[s]};color:${TEXT_ON[s]}}`;
}).join('\n');

export const REPORT_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--accent:#0b5cad;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
*{box-sizing:border-box}
body{margin:0}
.page{display:flex;flex-direction:column;gap:18px;max-width:1400px;margin:0 auto;padding:20px 24px 40px}
#summary{order:-3}#timeline{order:-2}#risk{order:-1}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:0 0 10px}
.meta{margin:2px 0;color:var(--muted)}.meta b{color:var(--fg)}
small{display:block;color:var(--muted);font-size:.86em}
.muted{color:var(--muted)}.warn{color:#9a3412;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.cards{display:flex;flex-wrap:wrap;gap:10px;list-style:none;margin:14px 0 0;padding:0}
.cards li{position:relative;flex:1 1 130px;border:1px solid var(--line);border-radius:8px;padding:10px 12px 10px 20px;background:#fff}
.cards li::before{content:"";position:absolute;left:0;top:0;bottom:0;width:8px;border-radius:8px 0 0 8px}
.cards .num{display:block;font-size:26px;font-weight:700;font-variant-numeric:tabular-nums}
.cards .what{color:var(--muted)}
svg.timeline{width:100%;height:auto;display:block}
svg .grid{stroke:#eaeef2}svg .axis{stroke:#8c959f}
svg .tick,svg .label{font-size:11px;fill:var(--muted)}svg .count{font-size:11px;font-weight:600;fill:var(--fg)}
svg .break{stroke:#fff;stroke-width:3;fill:none}svg .threshold{stroke:#6e7781;stroke-dasharray:4 3}svg .threshold-label{font-size:11px;fill:#424a53}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:8px 0 0;color:var(--muted);font-size:13px}
.key i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px;border:1px solid rgba(0,0,0,.25)}
.legend .note{margin-left:auto}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:18px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
thead th{background:var(--bg);font-weight:600}
.n{text-align:right;font-variant-numeric:tabular-nums}
.owners .bar{width:40%}.bar span{display:inline-block;height:12px;vertical-align:middle}
.owners thead th,.next td:first-child{white-space:nowrap}
.owners tfoot th,.owners tfoot td{border-top:2px solid var(--line)}
.creds{overflow-x:auto}
#creds{table-layout:fixed;min-width:1100px;font-size:13px}
#creds th:nth-child(1){width:92px}#creds th:nth-child(2){width:66px}#creds th:nth-child(3){width:100px}#creds th:nth-child(4){width:22%}
#creds th:nth-child(5){width:84px}#creds th:nth-child(6){width:13%}#creds th:nth-child(7){width:16%}#creds th:nth-child(8){width:100px}
#creds td{overflow-wrap:anywhere}
#creds thead th{position:sticky;top:0;z-index:1}
#creds th button{all:unset;cursor:pointer;display:block;width:100%}
#creds th button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
#creds th .arrow::after{content:" \\2195";color:#8c959f}
#creds th[aria-sort=ascending] .arrow::after{content:" \\25B2";color:var(--fg)}
#creds th[aria-sort=descending] .arrow::after{content:" \\25BC";color:var(--fg)}
.b{display:inline-block;padding:1px 7px;border-radius:10px;font-size:.92em;font-weight:600;white-space:nowrap}
.none{color:#9a3412}
.controls{display:none;flex-wrap:wrap;align-items:center;gap:10px 18px;margin:0 0 10px}
.js .controls{display:flex}
.controls input[type=search]{font:inherit;padding:5px 8px;border:1px solid #8c959f;border-radius:6px;min-width:300px;margin-left:6px}
.controls fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center}
.controls legend{float:left;margin-right:6px;font-weight:600}
.controls fieldset label{white-space:nowrap}
.controls .c{color:var(--muted);font-variant-numeric:tabular-nums}
.controls .c::before{content:"("}.controls .c::after{content:")"}
#shown{margin-left:auto;color:var(--muted)}
.empty{color:var(--muted);padding:10px 8px}
.js:not(.ready) #creds tbody{display:none}
.pager{display:none;flex-wrap:wrap;align-items:center;gap:8px;margin-top:10px}
.js .pager{display:flex}
.pager button,.pager select{font:inherit;padding:4px 10px;border:1px solid #8c959f;border-radius:6px;background:#fff;color:var(--fg);cursor:pointer}
.pager button:disabled{color:#8c959f;cursor:default}
.pager label{margin-left:auto;color:var(--muted)}
.pager button:focus-visible,.pager select:focus-visible,.controls input:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
${statusRules}
.key.s-ok i{background:repeating-linear-gradient(45deg,${STATUS_COLOR.ok} 0 3px,#b7e0e6 3px 6px)}
.owners tbody th{font-weight:500}
@media print{
  @page{size:A4 landscape;margin:12mm}
  :root{font-size:10px}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .page{max-width:none;padding:0;gap:10px}
  .controls,.pager,.arrow{display:none!important}
  .panel{border:0;padding:0}
  .creds{overflow:visible}
  #creds{min-width:0;font-size:9px}
  #creds thead{display:table-header-group}
  #creds thead th{position:static}
  #creds tr{break-inside:avoid}
  #timeline,#risk,#summary{break-inside:avoid}
  .b{border:1px solid #000}
}
`;
