// The CLI entry point. Kept tiny on purpose: `--version` answers without loading anything else, and every
// other invocation loads the command table lazily (see program.ts), so start-up stays close to `node -e 0`.
import { VERSION } from './version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { run } = await import('./program.ts');
  process.exitCode = await run(argv);
}
