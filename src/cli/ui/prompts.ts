// The questions a command may ask, behind a small interface so commands never touch inquirer (and a test
// or another front end can answer them). The terminal implementation draws arrow-key menus and masked
// input on stderr, keeping stdout for data; inquirer is loaded only when a question is actually asked.
import { terminalSafe } from '../../core/terminal-text.ts';
import { CliError, EXIT } from '../errors.ts';
import type { Io } from '../io.ts';

import type { Check, Choice } from '../../app/ports.ts';

/** Choices and answer checks are the Interaction port's (app/ports.ts). */
export type { Check, Choice } from '../../app/ports.ts';

export interface Prompter {
  input(q: { message: string; default?: string; validate?: Check }): Promise<string>;
  /** Hidden: nothing is echoed as it is typed (not even its length); the value never reaches the screen. */
  password(q: { message: string; validate?: Check }): Promise<string>;
  /** pageSize: rows shown at once (default: every choice, at least 7); long lists scroll. */
  select<T>(q: { message: string; choices: Choice<T>[]; default?: T; pageSize?: number }): Promise<T>;
  confirm(q: { message: string; default?: boolean }): Promise<boolean>;
}

/** Ctrl+C or a closed terminal during a question. */
export class PromptCancelledError extends CliError {
  constructor() {
    super('Cancelled; nothing was saved.', EXIT.failure);
  }
}

const plain = (s: string) => s;

/** inquirer colours by itself; without colour (NO_COLOR, not a terminal) give it a theme without any. */
function theme(io: Io): Record<string, unknown> | undefined {
  if (io.color) return undefined;
  return {
    prefix: { idle: '?', done: '✔' },
    style: {
      answer: plain, message: plain, help: plain, highlight: plain, description: plain, disabled: plain,
      error: (t: string) => `> ${t}`, defaultAnswer: (t: string) => `(${t})`, key: (t: string) => `<${t}>`,
    },
  };
}

export function terminalPrompter(io: Io): Prompter {
  const context = { input: process.stdin, output: io.err, clearPromptOnDone: false };
  const th = theme(io);
  const lib = () => import('@inquirer/prompts');
  const check = (fn: Check | undefined, safe: (t: string) => string) => (fn ? async (v: string) => { const problem = await fn(v); return problem === undefined ? true : safe(problem); } : undefined);

  async function guard<T>(ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (err) {
      if ((err as Error)?.name === 'ExitPromptError' || (err as Error)?.name === 'AbortPromptError') throw new PromptCancelledError();
      throw err;
    }
  }

  // Questions quote the tenant (app names in the picker, a default taken from an app): every text drawn is
  // made terminal-safe here, so no caller can forget. (A default taken with Enter is the text as shown.)
  const safe = (t: string) => terminalSafe(t, { keepLayout: false });
  const safeChoice = <T>(c: Choice<T>): Choice<T> => ({ ...c, name: safe(c.name), ...(c.description !== undefined ? { description: safe(c.description) } : {}) });
  return {
    input: (q) => guard(async () => (await lib()).input({ message: safe(q.message), default: q.default === undefined ? undefined : safe(q.default), validate: check(q.validate, safe), theme: th }, context)),
    // No mask: a row of '*' would show the secret's length to anyone who sees the screen (issue 9, item 9).
    password: (q) => guard(async () => (await lib()).password({ message: safe(q.message), validate: check(q.validate, safe), theme: th }, context)),
    select: <T>(q: { message: string; choices: Choice<T>[]; default?: T; pageSize?: number }) => guard(async () => (await lib()).select<T>({
      message: safe(q.message), choices: q.choices.map(safeChoice), default: q.default, loop: false, pageSize: q.pageSize ?? Math.max(q.choices.length, 7), theme: th,
    }, context)),
    confirm: (q) => guard(async () => (await lib()).confirm({ message: safe(q.message), default: q.default, theme: th }, context)),
  };
}
