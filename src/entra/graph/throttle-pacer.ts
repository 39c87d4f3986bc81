// Keeps a long run of Graph reads inside the directory's resource-unit budget (docs/inventory.md
// "Throttling"): Graph says how much of the budget is used (x-ms-throttle-limit-percentage, sent from 80 %)
// and, on a 429, how long to wait (Retry-After). The retry policy (entra/retry.ts) waits for the request that
// got the 429; the pacer makes the *other* requests wait too, and above 80 % spaces request starts out so
// the budget refills instead of every worker running into 429s. Nothing here sleeps on its own clock:
// `sleep` and `now` are passed in (tests).
import { retryAfterMs } from '../retry.ts';

export interface PacerOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Spacing between request starts at 100 % of the budget (linear from 0 at 80 %). */
  maxSpacingMs?: number;
}

export class ThrottlePacer {
  private resumeAt = 0;
  private nextStart = 0;
  private spacingMs = 0;
  /** Resource units Graph reported for the requests answered (x-ms-resource-unit). */
  resourceUnits = 0;
  throttled = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxSpacingMs: number;

  constructor(opts: PacerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.maxSpacingMs = opts.maxSpacingMs ?? 40;
  }

  /** Waits until a request may start: after any Retry-After in force and the spacing the budget asks for. */
  async before(): Promise<void> {
    for (;;) {
      const t = this.now();
      const at = Math.max(this.resumeAt, this.nextStart);
      if (at <= t) {
        this.nextStart = t + this.spacingMs;
        return;
      }
      await this.sleep(at - t);
    }
  }

  /** Reads a response's throttle headers (any status). */
  after(status: number, headers: Record<string, string>): void {
    const ru = Number(headers['x-ms-resource-unit']);
    if (status !== 429 && Number.isFinite(ru)) this.resourceUnits += ru;
    const used = Number(headers['x-ms-throttle-limit-percentage']);
    this.spacingMs = Number.isFinite(used) && used >= 0.8 ? Math.min(1, (used - 0.8) / 0.2) * this.maxSpacingMs : 0;
    if (status === 429) {
      this.throttled++;
      this.pauseFor(retryAfterMs(headers, this.now()) ?? 1000);
    }
  }

  /** Every request waits at least this long from now (a 429's Retry-After, for all workers). */
  pauseFor(ms: number): void {
    this.resumeAt = Math.max(this.resumeAt, this.now() + ms);
  }
}
