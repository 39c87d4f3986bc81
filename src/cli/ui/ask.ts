// One rule for every value a command needs: a flag wins (checked like a typed answer); otherwise ask the
// person (the Interaction port); otherwise take the fallback; otherwise fail with exit 2 naming the flag and
// saying why we could not ask. This is how "every prompt is also a flag" holds in one place.
import type { Check, Choice, Interaction } from '../../app/ports.ts';
import { UsageError } from '../errors.ts';
import { readSecretStdin } from '../stdin.ts';
import type { Io } from '../io.ts';
import { missingFlag, TerminalInteraction } from './interaction.ts';
import type { Prompter } from './prompts.ts';

export class Asker {
  readonly interaction: Interaction;

  /** `source`: the person to ask (a factory's interaction), or the prompts of a terminal interaction. */
  constructor(private readonly io: Io, source?: Interaction | Prompter) {
    this.interaction = source && 'revealOnce' in source ? source : new TerminalInteraction(io, { prompter: source });
  }

  get interactive(): boolean {
    return this.interaction.interactive;
  }

  /** The terminal's prompts, when questions may be asked there (for the app picker of discover). */
  get prompter(): Prompter | undefined {
    return this.interaction instanceof TerminalInteraction ? this.interaction.prompter : undefined;
  }

  /** One secret value piped to a --*-stdin flag (from the Io's stdin). */
  secretFromStdin(flag: string): Promise<string> {
    return readSecretStdin(flag, this.io.in);
  }

  /** The usage error for a value we needed and could not ask for. */
  missing(flag: string, detail?: string): UsageError {
    return missingFlag(this.io, flag, detail);
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
    if (this.interactive || q.fallback === undefined) return this.interaction.ask({ flag: q.flag, message: q.message, default: q.default, validate: q.validate });
    return q.fallback;
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
    if (this.interactive) {
      if (q.choices.length === 1) return q.choices[0]!.value;
      return this.interaction.choose<T>({ flag: q.flag, message: q.message, choices: q.choices, default: q.default });
    }
    if (q.fallback !== undefined) return q.fallback;
    return this.interaction.choose<T>({ flag: q.flag, message: q.message, choices: q.choices });
  }

  private async checked(flag: string, value: string, validate?: Check): Promise<string> {
    const problem = validate ? await validate(value) : undefined;
    if (problem) throw new UsageError(`invalid ${flag}: ${problem}`);
    return value;
  }
}
