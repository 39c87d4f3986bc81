// The questions a command may ask, behind a small interface so commands never touch inquirer (and a test
// or another front end can answer them). The terminal implementation draws arrow-key menus and masked
// input on stderr, keeping stdout for data; inquirer is loaded only when a question is actually asked.
import { CliError, EXIT } from '../errors.ts';
import type { Io } from '../io.ts';

import type { Check, Choice } from '../../app/ports.ts';

/** Choices and answer checks are the Interaction port's (app/ports.ts). */
export type { Check, Choice } from '../../app/ports.ts';

export interface Prompter {
  input(q: { message: string; default?: string; validate?: Check }): Promise<string>;
  /** Masked: each character shows as '*', the value never reaches the screen. */
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
  const check = (fn?: Check) => (fn ? async (v: string) => (await fn(v)) ?? true : undefined);

  async function guard<T>(ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (err) {
      if ((err as Error)?.name === 'ExitPromptError' || (err as Error)?.name === 'AbortPromptError') throw new PromptCancelledError();
      throw err;
    }
  }

  return {
    input: (q) => guard(async () => (await lib()).input({ message: q.message, default: q.default, validate: check(q.validate), theme: th }, context)),
    password: (q) => guard(async () => (await lib()).password({ message: q.message, mask: '*', validate: check(q.validate), theme: th }, context)),
    select: <T>(q: { message: string; choices: Choice<T>[]; default?: T; pageSize?: number }) => guard(async () => (await lib()).select<T>({
      message: q.message, choices: q.choices, default: q.default, loop: false, pageSize: q.pageSize ?? Math.max(q.choices.length, 7), theme: th,
    }, context)),
    confirm: (q) => guard(async () => (await lib()).confirm({ message: q.message, default: q.default, theme: th }, context)),
  };
}
