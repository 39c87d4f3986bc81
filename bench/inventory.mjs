// Inventory at scale: an emulator (a child process, its memory its own) seeded with a 100,000-app tenant
// (3 credentials each, owners) with Graph's throttling on, then the real CLI: login --service-principal and
// `inventory scan -o ndjson --no-sign-ins -q`, its stdout counted, its peak RSS read from /proc (VmHWM).
// Reports wall time, Graph requests, resource units (RU) spent and 429s (from the emulator's
// /_emulator/stats), apps/s and the CLI's peak memory, next to the floor throttling allows in this run:
// the RU the scan spent, less the budget's first full bucket, at the budget's refill rate
// (floor = max(0, RU - budget) / (budget / 10 s)).
// Usage: npm run bench -- inventory   |   node bench/inventory.mjs [--apps N]   (BENCH_APPS=N also works;
// BENCH_CLI_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR' profiles the CLI alone)
// Targets (issue 11): wall <= 1.3x floor, CLI peak RSS <= 200 MB, seeding < 30 s.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { awaitChildExit, formatTable } from './_stats.mjs';

export const name = 'inventory';
export const description = 'inventory scan of a 100,000-app tenant (3 credentials each, owners) with Graph throttling on, by the real CLI';

const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_APPS = 100_000;
const CREDENTIALS_PER_APP = 3;
const SEED_TARGET_MS = 30_000;
const WALL_TARGET = 1.3;
const PEAK_TARGET_BYTES = 200 * 1e6;

async function emulatorChild() {
  const { startEmulator } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const home = process.env.BENCH_INVENTORY_HOME;
  let seedStart = 0, seedMs = 0;
  const emu = await startEmulator({
    port: 0, caDir: join(home, 'data', 'emulator-tls'), connectionFile: join(home, 'data', 'emulator.json'),
    throttle: {},
    synthetic: {
      apps: Number(process.env.BENCH_INVENTORY_APPS), credentialsPerApp: CREDENTIALS_PER_APP, seed: 1,
      onProgress: (done, total) => { if (done === 0) seedStart = performance.now(); if (done === total) seedMs = performance.now() - seedStart; },
    },
  });
  const t = emu.store.defaultTenant.record;
  process.send({ type: 'ready', info: emu.info, apps: t.applications.length, sps: t.servicePrincipals.length, seedMs });
  process.on('message', async (m) => {
    if (m?.type === 'stop') { await emu.stop(); process.send({ type: 'stopped' }, () => process.exit(0)); }
  });
}

function stats(info, method = 'GET') {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ ca: readFileSync(info.caCertPath) });
    const req = request(`${info.graphBaseUrl.replace(/\/$/, '')}/_emulator/stats`, { method, agent }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => { agent.destroy(); res.statusCode === 200 ? resolve(JSON.parse(text).graph) : reject(new Error(`stats -> ${res.statusCode}: ${text}`)); });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs the CLI; counts stdout lines; samples the child's peak RSS (VmHWM) from /proc. */
function cli(home, args, input) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const nodeArgs = (process.env.BENCH_CLI_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin', 'entra-auth-cli.js'), ...args], {
      env: { ...process.env, EAC_HOME: home, EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: '', CI: 'true' }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let lines = 0, stderr = '', peak = 0;
    child.stdout.on('data', (c) => { for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++; });
    child.stderr.on('data', (c) => { stderr += c; });
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch { /* exited */ }
    };
    const timer = setInterval(sample, 50);
    child.on('error', reject);
    child.on('exit', (code) => { clearInterval(timer); resolve({ code, lines, stderr, peak, ms: performance.now() - t0 }); });
    child.stdin.on('error', () => { /* it exited first: its exit code says why */ });
    child.stdin.end(input ?? '');
  });
}

export async function run({ log = () => {}, apps = Number(process.env.BENCH_APPS ?? DEFAULT_APPS) } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'eac-bench-inventory-'));
  const child = spawn(process.execPath, [self, '--emulator-child'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, BENCH_INVENTORY_HOME: home, BENCH_INVENTORY_APPS: String(apps) },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    log(`  starting the emulator with ${apps.toLocaleString('en-US')} synthetic apps, throttling on...`);
    const ready = await Promise.race([
      new Promise((resolve) => child.once('message', resolve)),
      exited.then((code) => { throw new Error(`the emulator child exited (${code}) before it was ready`); }),
    ]);
    const { info } = ready;
    const login = await cli(home, ['login', '--service-principal', '--cloud', 'local', '--tenant', info.tenantId, '--client-id', info.bootstrap.clientId, '--client-secret-stdin'], info.bootstrap.clientSecret);
    if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
    await stats(info, 'DELETE');
    // Let the budget refill fully after login, so the floor's first full bucket is really there.
    await new Promise((r) => setTimeout(r, 10_500));
    log('  inventory scan -o ndjson --no-sign-ins -q ...');
    const scan = await cli(home, ['inventory', 'scan', '-o', 'ndjson', '--no-sign-ins', '-q']);
    if (scan.code !== 0) throw new Error(`scan failed (${scan.code}): ${scan.stderr}`);
    const g = await stats(info);
    const budget = g.throttle?.resourceUnitsPer10s;
    const floorMs = budget ? (Math.max(0, g.resourceUnits - budget) / (budget / 10)) * 1000 : 0;
    const expectedRows = apps * CREDENTIALS_PER_APP;

    const s = (ms) => (ms / 1000).toFixed(1);
    const mb = (b) => (b / 1e6).toFixed(0);
    const ratio = floorMs > 0 ? scan.ms / floorMs : Infinity;
    const table = formatTable([
      ['figure', 'value'],
      ['seed synthetic tenant', `${s(ready.seedMs)} s (${ready.apps.toLocaleString('en-US')} apps, ${ready.sps.toLocaleString('en-US')} service principals)`],
      ['scan wall time', `${s(scan.ms)} s`],
      ['floor throttling allows', `${s(floorMs)} s (${g.resourceUnits.toLocaleString('en-US')} RU at ${budget?.toLocaleString('en-US')} RU / 10 s, ${g.throttle?.tenantSize} tenant)`],
      ['wall / floor', Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'],
      ['Graph requests', `${g.requests.toLocaleString('en-US')} (${g.throttled.total.toLocaleString('en-US')} answered 429)`],
      ['resource units spent', g.resourceUnits.toLocaleString('en-US')],
      ['credentials written', `${scan.lines.toLocaleString('en-US')} of ${expectedRows.toLocaleString('en-US')} synthetic (+ the built-in apps')`],
      ['apps/s', Math.round(ready.apps / (scan.ms / 1000)).toLocaleString('en-US')],
      ['CLI peak RSS', `${mb(scan.peak)} MB`],
      ['sign-in map', '0 keys (--no-sign-ins; with the report, one entry per key that signed in)'],
    ]);
    const checks = [
      [ready.seedMs < SEED_TARGET_MS, `seeding ${s(ready.seedMs)} s < ${SEED_TARGET_MS / 1000} s`],
      [ratio <= WALL_TARGET, `wall ${s(scan.ms)} s <= ${WALL_TARGET} x floor ${s(floorMs)} s (${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}x)`],
      [scan.peak <= PEAK_TARGET_BYTES, `CLI peak ${mb(scan.peak)} MB <= 200 MB`],
      [scan.lines >= expectedRows, `every synthetic credential written (${scan.lines.toLocaleString('en-US')})`],
    ];
    const ok = checks.every(([pass]) => pass);
    return {
      table,
      summary: checks.map(([pass, text]) => `${pass ? 'PASS' : 'FAIL'}: ${text}`).join('\n'),
      verdict: ok ? `PASS: inventory of ${apps.toLocaleString('en-US')} apps in ${s(scan.ms)} s (${ratio.toFixed(2)}x the floor), CLI peak ${mb(scan.peak)} MB` : `OVER: ${checks.filter(([p]) => !p).map(([, t]) => t).join('; ')}`,
      ok,
      data: { apps, seedMs: ready.seedMs, wallMs: scan.ms, floorMs, requests: g.requests, throttled: g.throttled.total, resourceUnits: g.resourceUnits, budgetPer10s: budget, rows: scan.lines, cliPeakRssBytes: scan.peak },
    };
  } finally {
    child.send?.({ type: 'stop' });
    await awaitChildExit(child, exited);
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] === self) {
  if (process.argv[2] === '--emulator-child') {
    await emulatorChild();
  } else {
    const i = process.argv.indexOf('--apps');
    const r = await run({ log: (l) => process.stderr.write(`${l}\n`), ...(i > 0 ? { apps: Number(process.argv[i + 1]) } : {}) });
    console.log(r.table);
    console.log(r.summary);
    console.log(r.verdict);
  }
}
