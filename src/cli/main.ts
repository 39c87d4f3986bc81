// The CLI entry point. Kept tiny on purpose: `--version` answers without loading anything else, and every
// other invocation loads the command table lazily (see program.ts), so start-up stays close to `node -e 0`.
// `get-token` first tries the cache fast path (get-token-fast.ts), which prints a cached token without
// loading MSAL or the command table; when it cannot answer, the full command runs as usual.
// EAC_FAST_PATH=0 turns the fast path off (to compare the two, or to rule it out).
// The build (scripts/build.mjs) makes this file and the fast path one CommonJS file, dist/cli.cjs, and the
// command table ES modules (dist/program.js): Node starts a CommonJS entry several milliseconds sooner than
// an ES module, which was most of what a cached get-token spent over `node -e 0`. Hence no top-level await.
// Both quick answers write to a pipe with fs.writeSync and create process.stdout only for a terminal
// (sync-stdout.ts); process.stderr is created only when something is written to it.
import { stdoutIsTty, writeStdoutSync } from './sync-stdout.ts';
import { VERSION } from './version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  writeStdoutSync(`${VERSION}\n`);
} else {
  void main();
}

async function main(): Promise<void> {
  // The completion scripts' look-up at tab time (completion/profiles.ts): no command table, no recovery.
  if (argv[0] === '__complete') {
    const { completeWords } = await import('./completion/profiles.ts');
    completeWords(argv.slice(1), process.env, process.stdout);
    return;
  }
  if (argv[0] === 'get-token' && process.env.EAC_FAST_PATH !== '0') {
    // Bundled into dist/cli.cjs but initialised only here, so --version does not load node:crypto.
    const { fastGetToken } = await import('./get-token-fast.ts');
    const tty = stdoutIsTty();
    const served = fastGetToken(argv.slice(1), {
      env: process.env, stdoutIsTty: tty, now: new Date(),
      out: tty ? process.stdout : { write: writeStdoutSync },
      err: { write: (s: string) => process.stderr.write(s) },
    });
    if (served) return;
  }
  // A reader that stops early (`... | head -c 20`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });
  const { run } = await import('./program.ts');
  process.exitCode = await run(argv);
}
