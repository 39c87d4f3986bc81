// A real terminal for interactive tests: tmux runs the CLI in a pseudo-terminal, the test presses keys
// (arrows, Enter, typed text) and reads the screen back. Each Terminal is its own tmux server (own socket),
// killed by the test or, at the latest, when the test file ends.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { CLI_BIN } from './cli.ts';
import { skipUnless } from './tools.ts';

export const HAVE_TMUX = spawnSync('tmux', ['-V']).status === 0;
export const NO_TMUX = skipUnless(HAVE_TMUX, 'tmux is not installed');

/** Socket name -> socket file, for the servers still running. */
const sockets = new Map<string, string>();
function killServer(socket: string): void {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  const file = sockets.get(socket);
  if (file) rmSync(file, { force: true }); // tmux 3.3 leaves the socket file behind
  sockets.delete(socket);
}
after(() => {
  for (const s of [...sockets.keys()]) killServer(s);
});

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** One tmux server (its own socket) with one session running one CLI command. */
export class Terminal {
  readonly socket = `eac-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  /** Every screen read, to check afterwards that a secret never appeared on any of them. */
  readonly screens: string[] = [];

  /** `unset`: environment variables to remove as well (e.g. DISPLAY, so no browser can open). */
  /** `rawLog`: a file that receives every byte the CLI writes to the terminal (escape sequences included). */
  constructor(home: string, args: string[], opts: { unset?: string[]; width?: number; height?: number; rawLog?: string } = {}) {
    sockets.set(this.socket, '');
    const unset = ['CI', 'EAC_DEBUG', 'NO_COLOR', ...(opts.unset ?? [])].map((v) => `-u ${v}`).join(' ');
    // Keep the session after the CLI exits so its last screen and exit code can be read. With a raw log, the
    // CLI starts once the pipe is in place.
    const wait = opts.rawLog ? `while [ ! -e ${sh(opts.rawLog)} ]; do sleep 0.05; done; ` : '';
    const cmd = `${wait}env ${unset} EAC_HOME=${sh(home)} EAC_SECRET_STORE=file ${sh(process.execPath)} ${sh(CLI_BIN)} ${args.map(sh).join(' ')}; echo "[exit $?]"; sleep 600`;
    this.tmux('new-session', '-d', '-s', 'eac', '-x', String(opts.width ?? 120), '-y', String(opts.height ?? 40), cmd);
    sockets.set(this.socket, this.tmux('display-message', '-p', '-t', 'eac', '#{socket_path}').trim());
    if (opts.rawLog) this.tmux('pipe-pane', '-o', '-t', 'eac', `cat > ${sh(opts.rawLog)}`);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** The whole pane including its scrollback, wrapped lines joined. */
  screen(): string {
    const s = this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'eac');
    this.screens.push(s);
    return s;
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'eac', ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', 'eac', '-l', '--', text); // '--': text may begin with '-'
  }

  /** Polls the screen until `what` is on it (deadline, not fixed sleeps). */
  async waitFor(what: RegExp | string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (typeof what === 'string' ? s.includes(what) : what.test(s)) return s;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${String(what)}; the screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Answers the question whose prompt matches `question` (waits for it first). */
  async answer(question: RegExp | string, ...keys: string[]): Promise<string> {
    const s = await this.waitFor(question);
    if (keys.length) this.keys(...keys);
    return s;
  }

  kill(): void {
    killServer(this.socket);
  }
}

/**
 * A hidden question waiting for (or taking) its answer: the prompt says the input is hidden and shows nothing
 * of it, not even its length (issue 9, item 9). Keys typed reach the question in order, so Enter after this is safe.
 */
export async function waitForHidden(term: Terminal, prompt: string): Promise<void> {
  const screen = await term.waitFor(`${prompt} [input is masked]`);
  assert.doesNotMatch(screen, new RegExp(`${prompt.replace(/[?*.]/g, (c) => `\\${c}`)} \\*`), 'no mask showing the length');
}

/** No piece of the secret (6+ characters) on any screen: hidden input shows nothing of it. */
export function assertNeverShown(term: Terminal, secret: string, what: string): void {
  for (const screen of term.screens) {
    for (let i = 0; i + 6 <= secret.length; i++) {
      assert.ok(!screen.includes(secret.slice(i, i + 6)), `a piece of the ${what} appeared on the screen:\n${screen}`);
    }
  }
}
