// Shared helpers for the benchmarks in bench/ (files starting with '_' are helpers, not benchmarks).
import { spawnSync } from 'node:child_process';

/** Wall time of one spawnSync of `cmd args`, in milliseconds; throws if the command fails. */
export function timeSpawn(cmd, args, opts = {}) {
  const start = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, killSignal: 'SIGKILL', ...opts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} exited with ${res.status ?? res.signal}: ${String(res.stderr).trim()}`);
  return { ms, stdout: String(res.stdout) };
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Formats rows (arrays of cells) as an aligned plain-text table; the first row is the header. */
export function formatTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('   ');
  return [fmt(rows[0]), widths.map((w) => '-'.repeat(w)).join('   '), ...rows.slice(1).map(fmt)].join('\n');
}

/** Waits up to 10 s for a child told to stop (`exited`: its 'exit' event) to exit by itself, else kills it. */
export async function awaitChildExit(child, exited) {
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}
