// A token from the cache: `get-token -p bench -o raw` (the curl $(...) case) once the profile's encrypted
// cache holds a good token, against `node -e 0`, spawned alternately (ABBA) with the same environment.
// The emulator (from dist/) runs in this process with its connection file in a temp EAC_HOME, so a local
// profile follows it; the profile is made with `config create` as a user would. Every timed run must print
// the primed token, and the emulator must see no new sign-in: a run that needed the network would not count.
// Also shown, not targeted: the same call through the full MSAL path (EAC_FAST_PATH=0).
// Target (issue 8): within 1.3x of `node -e 0` (it was 1.53x with the ES module entry and shared chunks).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatTable, median, percentile } from './_stats.mjs';

export const name = 'get-token';
export const description = '`get-token -o raw` served from the token cache vs `node -e 0` (wall time per process)';
export const TARGET_RATIO = 1.3;

/** Wall time of one process, spawned asynchronously (the emulator in this process keeps serving). */
function timeRun(args, env, cwd, input) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code ?? signal}: ${stderr.trim()}`));
      else resolve({ ms, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

export async function run({ root, runs = 40, warmup = 5, log = () => {} }) {
  const { startEmulator } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const home = mkdtempSync(join(tmpdir(), 'eac-bench-token-'));
  const emu = await startEmulator({ port: 0, caDir: join(home, 'emulator-tls'), connectionFile: join(home, 'data', 'emulator.json') });
  try {
    const env = { ...process.env, EAC_HOME: home, EAC_SECRET_STORE: 'file', NODE_EXTRA_CA_CERTS: emu.info.caCertPath };
    for (const k of ['NODE_OPTIONS', 'EAC_DEBUG', 'EAC_FAST_PATH', 'CI']) delete env[k];
    const cli = join(root, 'bin', 'entra-auth-cli.js');
    await timeRun([cli, 'config', 'create', '--name', 'bench', '--cloud', 'local', '--tenant', emu.info.tenantId,
      '--client-id', emu.info.bootstrap.clientId, '--auth-method', 'ClientSecret', '--client-secret-stdin',
      '--scope', 'https://graph.microsoft.com/.default'], env, root, emu.info.bootstrap.clientSecret);
    const primed = (await timeRun([cli, 'get-token', '-p', 'bench', '-o', 'raw'], env, root)).stdout;
    if (!/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/.test(primed)) throw new Error('priming get-token printed no token');
    const signIns = emu.store.defaultTenant.record.signIns.length;
    log('  primed the cache with one sign-in');

    const commands = [
      { label: 'node -e 0', args: ['-e', '0'], env },
      { label: 'get-token -o raw (cached)', args: [cli, 'get-token', '-p', 'bench', '-o', 'raw'], env, check: true },
      { label: 'same, full MSAL path', args: [cli, 'get-token', '-p', 'bench', '-o', 'raw'], env: { ...env, EAC_FAST_PATH: '0' }, check: true },
    ];
    const once = async (c) => {
      const r = await timeRun(c.args, c.env, root);
      if (c.check && r.stdout !== primed) throw new Error(`${c.label} printed something other than the cached token`);
      return r.ms;
    };
    for (let i = 0; i < warmup; i++) for (const c of commands) await once(c);
    const times = commands.map(() => []);
    for (let i = 0; i < runs; i++) {
      // ABBA between node and the cached get-token; the full path rides along.
      const order = i % 2 ? [1, 0, 2] : [0, 1, 2];
      for (const k of order) times[k].push(await once(commands[k]));
      if ((i + 1) % 10 === 0) log(`  ${i + 1}/${runs} runs`);
    }
    const newSignIns = emu.store.defaultTenant.record.signIns.length - signIns;
    if (newSignIns !== 0) throw new Error(`${newSignIns} sign-ins during the timed runs: not served from the cache`);

    const stats = times.map((t) => ({ median: median(t), p90: percentile(t, 90), min: Math.min(...t) }));
    const [base, fast, full] = stats;
    const ratio = fast.median / base.median;
    const ms = (v) => v.toFixed(1);
    const table = formatTable([
      ['command', 'median ms', 'p90 ms', 'min ms', 'x node'],
      ...commands.map((c, k) => [c.label, ms(stats[k].median), ms(stats[k].p90), ms(stats[k].min), (stats[k].median / base.median).toFixed(2)]),
    ]);
    const ok = ratio <= TARGET_RATIO;
    return {
      table,
      summary: `ratio ${ratio.toFixed(2)}x (median ${ms(fast.median)} / ${ms(base.median)} ms, +${ms(fast.median - base.median)} ms); full MSAL path ${(full.median / base.median).toFixed(2)}x; ${runs} runs after ${warmup} warm-ups, 0 sign-ins`,
      verdict: `${ok ? 'PASS' : 'OVER'}: ${ratio.toFixed(2)}x ${ok ? '<=' : '>'} ${TARGET_RATIO}x target`,
      ok,
      data: { runs, warmup, baseMedianMs: base.median, cachedMedianMs: fast.median, fullPathMedianMs: full.median, baseP90Ms: base.p90, cachedP90Ms: fast.p90, ratio, fullPathRatio: full.median / base.median },
    };
  } finally {
    await emu.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
