// Writing the few bytes --version and the get-token fast path print without creating process.stdout:
// setting up that stream (the net or tty module and the stream machinery) costs about 3 ms, as much as the
// rest of a cached get-token's own work. Node has no lighter public API for this, hence these two helpers.
import { fstatSync, writeSync } from 'node:fs';

/** False when fd 1 is surely no terminal (a pipe, file or socket); otherwise process.stdout decides. */
export function stdoutIsTty(): boolean {
  try {
    if (!fstatSync(1).isCharacterDevice()) return false;
  } catch {
    // fd 1 closed or unusual: let Node decide below.
  }
  return Boolean(process.stdout.isTTY);
}

/**
 * Writes all of `text` to fd 1. A reader that stopped early (EPIPE, `... | head -c 20`) ends the process
 * quietly as the stream's error handler in main.ts does; a non-blocking fd that is full (EAGAIN) hands the
 * rest to process.stdout, which waits for it.
 */
export function writeStdoutSync(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (code !== 'EAGAIN') throw err;
      process.stdout.write(bytes.subarray(done));
      return;
    }
  }
}
