// Runs the benchmarks in bench/ (every *.mjs here except this file and _helpers) and prints their results.
// Usage: npm run bench   |   node bench/run.mjs [name...] [--runs N] [--warmup N] [--json]
// Benchmarks: startup (--version), graph-list (Graph at scale), get-token (a token from the cache, get-token.mjs),
// inventory (inventory scan of a 100,000-app tenant under throttling, against the floor its budget allows).
// Informational only: a result over its target prints OVER but never fails the process (not a test, not CI).
import { cpus, availableParallelism, platform, arch, release, totalmem } from 'node:os';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

const args = process.argv.slice(2);
const opt = (flag) => { const i = args.indexOf(flag); return i >= 0 ? Number(args.splice(i, 2)[1]) : undefined; };
const runs = opt('--runs') ?? 40;
const warmup = opt('--warmup') ?? 5;
const json = args.includes('--json') ? (args.splice(args.indexOf('--json'), 1), true) : false;
const only = args;

if (!existsSync(join(root, 'dist', 'cli.cjs'))) {
  console.error('dist/ is missing: run `npm run bench` (it builds first) or `node scripts/build.mjs`.');
  process.exit(1);
}

const files = readdirSync(here).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('_')).sort();
const benches = [];
for (const f of files) {
  const mod = await import(pathToFileURL(join(here, f)).href);
  if (typeof mod.run !== 'function') continue;
  if (only.length && !only.includes(mod.name)) continue;
  benches.push(mod);
}
if (!benches.length) {
  console.error(`No benchmark matches ${only.join(', ')}. Available: ${files.map((f) => f.replace(/\.mjs$/, '')).join(', ')}`);
  process.exit(1);
}

const cpu = cpus();
const baseline = {
  node: process.version,
  platform: `${platform()} ${release()} ${arch()}`,
  cpu: cpu[0]?.model.trim() ?? 'unknown',
  cores: typeof availableParallelism === 'function' ? availableParallelism() : cpu.length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
};
const log = (s) => { if (!json) console.log(s); };
log('Machine baseline');
log(`  node ${baseline.node} on ${baseline.platform}`);
log(`  cpu  ${baseline.cpu} x ${baseline.cores} cores, ${baseline.memoryGiB} GiB RAM`);

const results = [];
for (const b of benches) {
  log(`\n== ${b.name}: ${b.description}`);
  let r;
  try {
    r = await b.run({ root, runs, warmup, log: (s) => { if (!json) process.stderr.write(`${s}\n`); } });
  } catch (err) {
    // A benchmark that cannot run is broken (unlike one over its target, which is only reported).
    console.error(`ERROR: ${b.name}: ${err?.stack ?? err}`);
    process.exitCode = 1;
    continue;
  }
  results.push({ name: b.name, ...r });
  log(r.table);
  log(r.summary);
  log(r.verdict);
}
// The figures the issue targets, together at the end, so one look says whether they hold.
if (results.length > 1) {
  log('\n== summary');
  for (const r of results) log(`  ${r.name.padEnd(10)} ${r.verdict}`);
}
if (json) console.log(JSON.stringify({ baseline, results: results.map(({ name, ok, verdict, data }) => ({ name, ok, verdict, data })) }, null, 2));
