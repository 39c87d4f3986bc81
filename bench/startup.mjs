// Start-up cost of the CLI: `node bin/entra-auth-cli.js --version` against `node -e 0`, spawned alternately
// (ABBA order) so machine noise hits both alike. Target (issue 8): the CLI within 1.15x of bare node.
import { formatTable, median, percentile, timeSpawn } from './_stats.mjs';

export const name = 'startup';
export const description = '`entra-auth-cli --version` vs `node -e 0` (wall time per process)';
export const TARGET_RATIO = 1.15;

export async function run({ root, runs = 40, warmup = 5, log = () => {} }) {
  const node = process.execPath;
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // measure the program, not whatever the shell preloads
  const opts = { cwd: root, env };
  const commands = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'entra-auth-cli --version', args: ['bin/entra-auth-cli.js', '--version'] },
  ];
  const expected = JSON.parse((await import('node:fs')).readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

  for (let i = 0; i < warmup; i++) for (const c of commands) timeSpawn(node, c.args, opts);
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? [1, 0] : [0, 1];
    for (const k of order) {
      const { ms, stdout } = timeSpawn(node, commands[k].args, opts);
      if (k === 1 && stdout.trim() !== expected) throw new Error(`--version printed '${stdout.trim()}', expected '${expected}'`);
      times[k].push(ms);
    }
    if ((i + 1) % 10 === 0) log(`  ${i + 1}/${runs} runs`);
  }

  const [base, cli] = times.map((t) => ({ median: median(t), p90: percentile(t, 90), min: Math.min(...t) }));
  const ratio = cli.median / base.median;
  const ms = (v) => v.toFixed(1);
  const table = formatTable([
    ['command', 'median ms', 'p90 ms', 'min ms'],
    ...commands.map((c, k) => { const s = k ? cli : base; return [c.label, ms(s.median), ms(s.p90), ms(s.min)]; }),
  ]);
  const ok = ratio <= TARGET_RATIO;
  return {
    table,
    summary: `ratio ${ratio.toFixed(2)}x (median ${ms(cli.median)} / ${ms(base.median)} ms, +${ms(cli.median - base.median)} ms), ${runs} runs after ${warmup} warm-ups`,
    verdict: `${ok ? 'PASS' : 'OVER'}: ${ratio.toFixed(2)}x ${ok ? '<=' : '>'} ${TARGET_RATIO}x target`,
    ok,
    data: { runs, warmup, baseMedianMs: base.median, cliMedianMs: cli.median, baseP90Ms: base.p90, cliP90Ms: cli.p90, ratio },
  };
}
