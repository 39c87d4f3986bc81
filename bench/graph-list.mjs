// Graph listing at scale: an emulator (from dist/, in a child process so its memory is its own) seeded
// with a 100,000-app synthetic tenant (2 credentials each), then every application listed with $top=999
// following @odata.nextLink over HTTPS with a client-credentials token, twice (cold, then warm JIT).
// Reports seeding time, requests, wall time, apps/s, bytes and the emulator's peak RSS.
// Usage: npm run bench -- graph-list   |   node bench/graph-list.mjs [--apps N]   (BENCH_APPS=N also works;
// BENCH_CHILD_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the emulator process)
// Targets: seeding well under 30 s (issue); every app listed exactly once.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { awaitChildExit, formatTable } from './_stats.mjs';

export const name = 'graph-list';
export const description = 'seed 100,000 synthetic apps, then list them all via Graph ($top=999, nextLink) over HTTPS';
export const SEED_TARGET_MS = 30_000;

const self = fileURLToPath(import.meta.url);
const DEFAULT_APPS = 100_000;
const CREDENTIALS_PER_APP = 2;

// ---- the emulator child --------------------------------------------------------------------------
async function emulatorChild() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { startEmulator } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const apps = Number(process.env.BENCH_GRAPH_LIST_APPS);
  let peakSampled = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakSampled = Math.max(peakSampled, process.memoryUsage().rss); }, 20);
  sampler.unref();
  let seedStart = 0;
  let seedMs = 0;
  const t0 = performance.now();
  const emu = await startEmulator({
    port: 0, caDir: process.env.BENCH_GRAPH_LIST_CA_DIR,
    synthetic: {
      apps, credentialsPerApp: CREDENTIALS_PER_APP, seed: 1,
      onProgress: (done, total) => {
        if (done === 0) seedStart = performance.now();
        if (done === total) seedMs = performance.now() - seedStart;
      },
    },
  });
  const startMs = performance.now() - t0;
  const memory = () => {
    const rss = process.memoryUsage().rss;
    peakSampled = Math.max(peakSampled, rss);
    // maxRSS is the kernel's high-water mark (KiB): it sees peaks between samples too.
    return { rss, peakRss: Math.max(peakSampled, process.resourceUsage().maxRSS * 1024), heapUsed: process.memoryUsage().heapUsed };
  };
  process.send({ type: 'ready', info: emu.info, apps: emu.store.defaultTenant.record.applications.length, seedMs, startMs, memory: memory() });
  process.on('message', async (m) => {
    if (m?.type === 'memory') process.send({ type: 'memory', memory: memory() });
    if (m?.type === 'stop') {
      await emu.stop();
      process.send({ type: 'stopped' }, () => process.exit(0));
    }
  });
}

// ---- the client ------------------------------------------------------------------------------------
function httpsJson(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        let json;
        try { json = JSON.parse(buf.toString('utf8')); } catch { json = undefined; }
        if (res.statusCode !== 200) reject(new Error(`${method} ${url.split('?')[0]} -> ${res.statusCode}: ${buf.toString('utf8').slice(0, 300)}`));
        else resolve({ json, bytes: buf.length });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function listAll(agent, info, token) {
  const ids = new Set();
  let requests = 0, bytes = 0, duplicates = 0;
  let url = `${info.graphBaseUrl}/v1.0/applications?$top=999`;
  const t0 = performance.now();
  while (url) {
    const res = await httpsJson(agent, url, { headers: { authorization: `Bearer ${token}` } });
    requests++;
    bytes += res.bytes;
    for (const a of res.json.value) { if (ids.has(a.id)) duplicates++; ids.add(a.id); }
    url = res.json['@odata.nextLink'];
  }
  return { ms: performance.now() - t0, requests, bytes, apps: ids.size, duplicates };
}

function ask(child, type) {
  return new Promise((resolve) => {
    const on = (m) => { if (m?.type === type || (type === 'stop' && m?.type === 'stopped')) { child.off('message', on); resolve(m); } };
    child.on('message', on);
    child.send({ type });
  });
}

export async function run({ log = () => {}, apps = Number(process.env.BENCH_APPS ?? DEFAULT_APPS) } = {}) {
  const caDir = mkdtempSync(join(tmpdir(), 'eac-bench-ca-'));
  // BENCH_CHILD_ARGS: extra node flags for the emulator process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const childArgs = (process.env.BENCH_CHILD_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...childArgs, self, '--emulator-child'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, EAC_HOME: caDir, BENCH_GRAPH_LIST_APPS: String(apps), BENCH_GRAPH_LIST_CA_DIR: caDir },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    log(`  starting the emulator with ${apps.toLocaleString('en-US')} synthetic apps...`);
    const ready = await Promise.race([
      new Promise((resolve) => child.once('message', resolve)),
      exited.then((code) => { throw new Error(`the emulator child exited (${code}) before it was ready`); }),
    ]);
    const { info } = ready;
    const agent = new Agent({ ca: readFileSync(info.caCertPath), keepAlive: true, maxSockets: 1 });
    const tokenRes = await httpsJson(agent, `${info.authorityHost}/${info.tenantId}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: info.bootstrap.clientId, client_secret: info.bootstrap.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
    });
    const token = tokenRes.json.access_token;
    log('  listing (cold)...');
    const cold = await listAll(agent, info, token);
    log('  listing (warm)...');
    const warm = await listAll(agent, info, token);
    const { memory } = await ask(child, 'memory');
    agent.destroy();
    await ask(child, 'stop');

    const mb = (b) => (b / 2 ** 20).toFixed(0);
    const s = (ms) => (ms / 1000).toFixed(2);
    const rate = (r) => Math.round(r.apps / (r.ms / 1000)).toLocaleString('en-US');
    const table = formatTable([
      ['phase', 'requests', 'wall s', 'apps', 'apps/s', 'MiB sent', 'emulator RSS MiB'],
      ['seed synthetic tenant', '-', s(ready.seedMs), ready.apps.toLocaleString('en-US'), Math.round(apps / (ready.seedMs / 1000)).toLocaleString('en-US'), '-', mb(ready.memory.rss)],
      ['startEmulator (total)', '-', s(ready.startMs), '-', '-', '-', '-'],
      ['list all (cold)', cold.requests, s(cold.ms), cold.apps.toLocaleString('en-US'), rate(cold), mb(cold.bytes), '-'],
      ['list all (warm)', warm.requests, s(warm.ms), warm.apps.toLocaleString('en-US'), rate(warm), mb(warm.bytes), '-'],
      ['emulator peak', '-', '-', '-', '-', '-', mb(memory.peakRss)],
    ]);
    const complete = [cold, warm].every((r) => r.apps === ready.apps && r.duplicates === 0);
    const ok = complete && ready.seedMs < SEED_TARGET_MS;
    return {
      table,
      summary: `${apps.toLocaleString('en-US')} apps x ${CREDENTIALS_PER_APP} credentials: seeded in ${s(ready.seedMs)} s; listed in ${cold.requests} requests, ${s(cold.ms)} s cold / ${s(warm.ms)} s warm (${rate(warm)} apps/s); emulator peak RSS ${mb(memory.peakRss)} MiB`,
      verdict: ok ? `PASS: seeding ${s(ready.seedMs)} s < ${SEED_TARGET_MS / 1000} s, every app listed once` : `OVER: ${complete ? '' : 'listing incomplete or duplicated; '}seeding ${s(ready.seedMs)} s (target < ${SEED_TARGET_MS / 1000} s)`,
      ok,
      data: { apps, credentialsPerApp: CREDENTIALS_PER_APP, seedMs: ready.seedMs, startMs: ready.startMs, cold, warm, rssAfterSeedBytes: ready.memory.rss, peakRssBytes: memory.peakRss },
    };
  } finally {
    // After 'stop' the child exits by itself (and writes its CPU profile, if asked); a failed run is killed.
    await awaitChildExit(child, exited);
    rmSync(caDir, { recursive: true, force: true });
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
