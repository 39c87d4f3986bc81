// The CLI entry point. Kept tiny on purpose: `--version` answers without loading anything else, and every
// other invocation loads the command table lazily (see program.ts), so start-up stays close to `node -e 0`.
// `get-token` first tries the cache fast path (get-token-fast.ts), which prints a cached token without
// loading MSAL or the command table; when it cannot answer, the full command runs as usual.
// EAC_FAST_PATH=0 turns the fast path off (to compare the two, or to rule it out).
import { VERSION } from './version.ts';

const argv = process.argv.slice(2);
// A reader that stops early (`... | head -c 20`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  let served = false;
  // The completion scripts' look-up at tab time (completion/profiles.ts): no command table, no recovery.
  if (argv[0] === '__complete') {
    const { completeWords } = await import('./completion/profiles.ts');
    completeWords(argv.slice(1), process.env, process.stdout);
    served = true;
  }
  if (argv[0] === 'get-token' && process.env.EAC_FAST_PATH !== '0') {
    const { fastGetToken } = await import('./get-token-fast.ts');
    served = fastGetToken(argv.slice(1), {
      env: process.env, stdoutIsTty: Boolean(process.stdout.isTTY), out: process.stdout, err: process.stderr, now: new Date(),
    });
  }
  if (!served) {
    const { run } = await import('./program.ts');
    process.exitCode = await run(argv);
  }
}
