// What a use case may ask of the person, and how it tells them things, without knowing about terminals.
// The CLI implements this with prompts (cli/ui/interaction.ts); tests with scripted answers
// (test/helpers/scripted-interaction.ts). A use case never writes to a stream itself (docs/architecture.md).

/** Returns undefined when the answer is fine, or the message to show before asking again. */
export type Check = (value: string) => string | undefined | Promise<string | undefined>;

export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
}

/**
 * What every question carries: the flag that answers it without a terminal. Where no question can be asked
 * (no terminal, CI=true) the CLI fails with "missing <flag> (<why>; no terminal to ask in)", exit 2.
 */
export interface Question {
  /** e.g. '--name', or '--client-secret-stdin, --secret-ref or --create-secret'. */
  flag: string;
  message: string;
  /** Why the answer is needed, for the "missing --flag" error (e.g. "deleting 'demo' needs a confirmation"). */
  why?: string;
}

/** The one-time display of a secret value (a new client secret). */
export interface OneTimeValue {
  /** What it is, e.g. "client secret EAC-EXP-01-JAN-26 of Contoso API". */
  label: string;
  readonly value: string;
}

export interface Interaction {
  /** True when questions can be asked (a terminal, not CI). Use cases check it before optional questions. */
  readonly interactive: boolean;
  /** Text; `hidden` masks it (secrets, passphrases). The answer is trimmed unless hidden. */
  ask(q: Question & { default?: string; hidden?: boolean; validate?: Check }): Promise<string>;
  confirm(q: Question & { default?: boolean }): Promise<boolean>;
  choose<T>(q: Question & { choices: Choice<T>[]; default?: T; pageSize?: number }): Promise<T>;
  /**
   * Shows a secret value once, if and where the front end allows (the CLI: on a terminal, never into a pipe
   * or a CI log, and not with --no-display). Returns whether it was shown.
   */
  revealOnce(v: OneTimeValue): Promise<boolean>;
  /** Progress and information (stderr). */
  notice(text: string): void;
  /** Something the person should know went wrong or is risky (stderr). */
  warn(text: string): void;
  /**
   * A step of a workflow was reached (secret creation's, app/secret/steps.ts; saving a profile's, SAVE_STEPS in
   * app/profile/save-profile.ts). Optional: the CLI may show progress; the kill-at-every-step tests end their
   * process here.
   */
  progress?(step: string): void;
}
