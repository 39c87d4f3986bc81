// The terminal implementation of the Interaction port (app/ports.ts): questions through the prompts of
// ui/prompts.ts on stderr; without a terminal (or with CI=true) every question fails with exit 2 naming
// the flag that answers it, so "every prompt is also a flag" holds for use cases too.
import type { Check, Choice, Interaction, OneTimeValue, Question } from '../../app/ports.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import { UsageError } from '../errors.ts';
import { line, type Io } from '../io.ts';
import { terminalPrompter, type Prompter } from './prompts.ts';

/** Why no question can be asked: "no terminal to ask in", "CI=true", or both. */
export function noPromptReason(io: Io): string {
  const parts: string[] = [];
  if (!(io.in ?? process.stdin).isTTY || !io.err.isTTY) parts.push('no terminal to ask in');
  const ci = io.env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') parts.push(`CI=${ci}`);
  return parts.join('; ') || 'questions are turned off';
}

/** The usage error for a value we needed and could not ask for. */
export function missingFlag(io: Io, flag: string, why?: string): UsageError {
  return new UsageError(`missing ${flag} (${why ? `${why}; ` : ''}${noPromptReason(io)})`);
}

/** Where and whether revealOnce shows a value: --no-display turns it off; it goes only to a terminal. */
export interface RevealRule {
  display: boolean;
  stream: 'out' | 'err';
}

export interface TerminalInteractionOptions {
  /** The prompts (default: @inquirer/prompts on this Io). */
  prompter?: Prompter;
  reveal?: RevealRule;
}

export class TerminalInteraction implements Interaction {
  readonly interactive: boolean;
  /** The prompts, present only when questions may be asked. */
  readonly prompter: Prompter | undefined;

  constructor(private readonly io: Io, private readonly opts: TerminalInteractionOptions = {}) {
    this.interactive = io.canPrompt;
    this.prompter = io.canPrompt ? (opts.prompter ?? terminalPrompter(io)) : undefined;
  }

  private prompts(q: Question): Prompter {
    if (!this.prompter) throw missingFlag(this.io, q.flag, q.why);
    return this.prompter;
  }

  async ask(q: Question & { default?: string; hidden?: boolean; validate?: Check }): Promise<string> {
    const p = this.prompts(q);
    if (q.hidden) return p.password({ message: q.message, validate: q.validate });
    return (await p.input({ message: q.message, default: q.default, validate: q.validate })).trim();
  }

  confirm(q: Question & { default?: boolean }): Promise<boolean> {
    return this.prompts(q).confirm({ message: q.message, default: q.default });
  }

  choose<T>(q: Question & { choices: Choice<T>[]; default?: T; pageSize?: number }): Promise<T> {
    return this.prompts(q).select<T>({ message: q.message, choices: q.choices, default: q.default, pageSize: q.pageSize });
  }

  async revealOnce(v: OneTimeValue): Promise<boolean> {
    const rule = this.opts.reveal ?? { display: true, stream: 'err' };
    const stream = rule.stream === 'out' ? this.io.out : this.io.err;
    // Never into a pipe, a file or a CI log: the value is stored where the command said.
    if (!rule.display || !stream.isTTY) return false;
    const { secretPanel } = await import('./secret-panel.ts');
    stream.write(secretPanel(this.io, v.value, rule.stream === 'out' ? undefined : this.io.color));
    return true;
  }

  // What use cases say often quotes the tenant (app and user names) or a file: shown, never acted on.
  notice(text: string): void {
    line(this.io.err, terminalSafe(text));
  }

  warn(text: string): void {
    line(this.io.err, terminalSafe(text));
  }
}
