// The person of the kill-at-every-step children (test/helpers/kill-at-step-child.ts, kill-delete-child.ts):
// nobody at a terminal (every question fails naming its flag), and a progress() that SIGKILLs this process
// when the named step is reached (nothing runs after it, as with a power cut). `say` receives notices and
// warnings (default: dropped).
import type { Interaction, OneTimeValue, Question } from '../../src/app/ports.ts';

export class KillAtStep implements Interaction {
  readonly interactive = false;
  readonly steps: string[] = [];
  constructor(private readonly killAt: string, private readonly say: (text: string) => void = () => undefined) {}
  private refuse(q: Question): never {
    throw new Error(`missing ${q.flag}`);
  }

  ask(q: Question): Promise<string> { return this.refuse(q); }
  confirm(q: Question): Promise<boolean> { return this.refuse(q); }
  choose<T>(q: Question): Promise<T> { return this.refuse(q); }
  async revealOnce(_v: OneTimeValue): Promise<boolean> { return false; }
  notice(text: string): void { this.say(text); }
  warn(text: string): void { this.say(text); }
  progress(step: string): void {
    this.steps.push(step);
    if (step === this.killAt) process.kill(process.pid, 'SIGKILL');
  }
}
