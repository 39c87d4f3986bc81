// The Interaction port (src/app/ports.ts) with scripted answers, for in-process tests of commands and use
// cases. Each scripted step names the question it answers (by message or flag); a question nobody
// scripted, or one asked out of order, fails the test loudly with the question's text. Everything shown
// (notices, warnings, revealed values, checks that refused an answer) is recorded for assertions.
import type { Check, Choice, Interaction, OneTimeValue, Question } from '../../src/app/ports.ts';

type Kind = 'ask' | 'confirm' | 'choose';

export interface Step {
  /** The question this answers: a part of its message, or a pattern; matched against its flag too. */
  q: string | RegExp;
  /** ask: the text; confirm: a boolean; choose: the value of the choice. */
  answer: string | boolean;
  /** When given, the kind of question it must be. */
  kind?: Kind;
  /** Runs before the answer is given: what another command does while the person is being asked. */
  meanwhile?: () => void | Promise<void>;
}

export interface Asked {
  kind: Kind;
  message: string;
  flag: string;
  answer: unknown;
  hidden?: boolean;
}

export class UnexpectedQuestionError extends Error {}

export class ScriptedInteraction implements Interaction {
  readonly interactive = true;
  /** Every question asked, in order, with the answer given. */
  readonly asked: Asked[] = [];
  /** What a validate check answered to a scripted answer it refused (the terminal would ask again). */
  readonly refused: { message: string; answer: string; problem: string }[] = [];
  readonly notices: string[] = [];
  readonly warnings: string[] = [];
  readonly revealed: OneTimeValue[] = [];
  private readonly steps: Step[];

  constructor(steps: Step[] = [], private readonly opts: { reveal?: boolean } = {}) {
    this.steps = [...steps];
  }

  /** Steps never used: a test that scripted a question which was not asked has a wrong idea of the flow. */
  get unused(): Step[] {
    return [...this.steps];
  }

  /** Throws unless every scripted step was used. */
  assertDone(): void {
    if (this.steps.length) throw new UnexpectedQuestionError(`scripted answers not used: ${this.steps.map((s) => String(s.q)).join(' | ')}`);
  }

  private next(kind: Kind, q: Question): Step {
    const step = this.steps[0];
    const matches = (s: Step) => (typeof s.q === 'string' ? q.message.includes(s.q) || q.flag === s.q : s.q.test(q.message) || s.q.test(q.flag));
    if (!step || !matches(step) || (step.kind && step.kind !== kind)) {
      const expected = step ? `the scripted ${step.kind ?? 'question'} ${String(step.q)}` : 'no more questions';
      throw new UnexpectedQuestionError(`unexpected ${kind} "${q.message}" (${q.flag}); expected ${expected}`);
    }
    this.steps.shift();
    return step;
  }

  private async answerOf(kind: Kind, q: Question): Promise<Step> {
    const step = this.next(kind, q);
    await step.meanwhile?.();
    return step;
  }

  async ask(q: Question & { default?: string; hidden?: boolean; validate?: Check }): Promise<string> {
    for (;;) {
      const step = await this.answerOf('ask', q);
      if (typeof step.answer !== 'string') throw new UnexpectedQuestionError(`"${q.message}" wants text, the script answers ${String(step.answer)}`);
      const answer = step.answer === '' && q.default !== undefined ? q.default : step.answer;
      const problem = q.validate ? await q.validate(answer) : undefined;
      this.asked.push({ kind: 'ask', message: q.message, flag: q.flag, answer: q.hidden ? '(hidden)' : answer, ...(q.hidden ? { hidden: true } : {}) });
      if (!problem) return q.hidden ? answer : answer.trim();
      // As on a terminal: the problem is shown and the question asked again (the next step answers it).
      this.refused.push({ message: q.message, answer: q.hidden ? '(hidden)' : answer, problem });
    }
  }

  async confirm(q: Question & { default?: boolean }): Promise<boolean> {
    const step = await this.answerOf('confirm', q);
    if (typeof step.answer !== 'boolean') throw new UnexpectedQuestionError(`"${q.message}" wants yes or no, the script answers ${String(step.answer)}`);
    this.asked.push({ kind: 'confirm', message: q.message, flag: q.flag, answer: step.answer });
    return step.answer;
  }

  async choose<T>(q: Question & { choices: Choice<T>[]; default?: T }): Promise<T> {
    const step = await this.answerOf('choose', q);
    const hit = q.choices.find((c) => String(c.value) === String(step.answer));
    if (!hit) throw new UnexpectedQuestionError(`"${q.message}" has no choice ${String(step.answer)} (choices: ${q.choices.map((c) => String(c.value)).join(', ')})`);
    this.asked.push({ kind: 'choose', message: q.message, flag: q.flag, answer: hit.value });
    return hit.value;
  }

  async revealOnce(v: OneTimeValue): Promise<boolean> {
    this.revealed.push(v);
    return this.opts.reveal ?? true;
  }

  notice(text: string): void {
    this.notices.push(text);
  }

  warn(text: string): void {
    this.warnings.push(text);
  }
}
