// The streams a command writes to, decided once: data to stdout, everything else to stderr; colour only
// on a TTY and never with NO_COLOR; no prompts without a TTY or with CI=true. Commands take an Io so
// tests can run them with captured streams.
import pc from 'picocolors';

export interface Io {
  /** Where --*-stdin flags read from (process.stdin; a test passes its own). */
  in?: NodeJS.ReadableStream & { isTTY?: boolean };
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream & { isTTY?: boolean };
  stdoutIsTty: boolean;
  canPrompt: boolean;
  color: boolean;
  env: NodeJS.ProcessEnv;
}

export function processIo(env: NodeJS.ProcessEnv = process.env): Io {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  const color = !('NO_COLOR' in env) && Boolean(process.stderr.isTTY) && env.TERM !== 'dumb';
  return {
    in: process.stdin, out: process.stdout, err: process.stderr, stdoutIsTty: Boolean(process.stdout.isTTY),
    canPrompt: Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY) && !ci, color, env,
  };
}

/** Colour helpers that honour the Io's colour decision. */
export function paint(io: Io) {
  const c = pc.createColors(io.color);
  return { bold: c.bold, dim: c.dim, red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan };
}

export function line(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}
