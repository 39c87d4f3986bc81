// One rule for every value a command needs: a flag wins (checked like a typed answer); otherwise ask on
// a terminal; otherwise take the fallback; otherwise fail with exit 2 naming the flag and saying why we
// could not ask. This is how "every prompt is also a flag" holds in one place.
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import type { Check, Choice, Prompter } from './prompts.ts';

/** Why no question can be asked: "no terminal to ask in", "CI=true", or both. */
export function noPromptReason(io: Io): string {
  const parts: string[] = [];
  if (!process.stdin.isTTY || !io.err.isTTY) parts.push('no terminal to ask in');
  const ci = io.env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') parts.push(`CI=${ci}`);
  return parts.join('; ') || 'questions are turned off';
}

export class Asker {
  /** Present only when questions may be asked (a terminal, not CI). */
  readonly prompter: Prompter | undefined;

  constructor(private readonly io: Io, prompter: Prompter | undefined) {
    this.prompter = io.canPrompt ? prompter : undefined;
  }

  get interactive(): boolean {
    return this.prompter !== undefined;
  }

  /** The usage error for a value we needed and could not ask for. */
  missing(flag: string, detail?: string): UsageError {
    return new UsageError(`missing ${flag} (${detail ? `${detail}; ` : ''}${noPromptReason(this.io)})`);
  }

  async text(q: {
    flag: string; given: string | undefined; message: string;
    /** Pre-filled answer on a terminal. */
    default?: string;
    /** Used without a terminal; undefined makes the flag required there. */
    fallback?: string;
    validate?: Check;
  }): Promise<string> {
    if (q.given !== undefined) return this.checked(q.flag, q.given, q.validate);
    if (this.prompter) return (await this.prompter.input({ message: q.message, default: q.default, validate: q.validate })).trim();
    if (q.fallback !== undefined) return q.fallback;
    throw this.missing(q.flag);
  }

  async choose<T extends string>(q: {
    flag: string; given: string | undefined; message: string; choices: Choice<T>[]; default?: T; fallback?: T;
  }): Promise<T> {
    if (q.given !== undefined) {
      // Accepted in any letter case: --auth-method clientsecret means ClientSecret.
      const hit = q.choices.find((c) => c.value.toLowerCase() === q.given!.toLowerCase());
      if (!hit) throw new UsageError(`invalid ${q.flag} '${q.given}': use one of ${q.choices.map((c) => c.value).join(', ')}.`);
      return hit.value;
    }
    if (this.prompter) {
      if (q.choices.length === 1) return q.choices[0]!.value;
      return this.prompter.select<T>({ message: q.message, choices: q.choices, default: q.default });
    }
    if (q.fallback !== undefined) return q.fallback;
    throw this.missing(q.flag);
  }

  private async checked(flag: string, value: string, validate?: Check): Promise<string> {
    const problem = validate ? await validate(value) : undefined;
    if (problem) throw new UsageError(`invalid ${flag}: ${problem}`);
    return value;
  }
}
