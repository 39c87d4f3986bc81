// Reading a secret (or a whole file) from stdin for the --*-stdin flags: secrets never travel in argv,
// where any user of the machine can read them in the process list.
import { UsageError } from './errors.ts';

const MAX_BYTES = 1024 * 1024;

/** All of stdin. Refuses a terminal: a pipe or a file is expected (`printf %s "$SECRET" | ...`). */
export async function readStdin(flag: string, stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): Promise<string> {
  if (stdin.isTTY) {
    throw new UsageError(`${flag} reads from a pipe, but stdin is a terminal.`, `Pipe the value in, e.g. printf %s "$VALUE" | entra-auth-cli ... ${flag}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_BYTES) throw new UsageError(`${flag}: stdin is larger than ${MAX_BYTES} bytes.`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One secret value: stdin without its trailing newline (`echo` adds one); empty is an error. */
export async function readSecretStdin(flag: string, stdin?: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  const value = (await readStdin(flag, stdin)).replace(/\r?\n$/, '');
  if (value === '') throw new UsageError(`${flag}: nothing was read from stdin.`, `Pipe the value in, e.g. printf %s "$VALUE" | entra-auth-cli ... ${flag}`);
  return value;
}
