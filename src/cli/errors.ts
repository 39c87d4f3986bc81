// Exit codes and the error type commands throw. Errors are translated once, at the edge (program.ts),
// into a message that says what to do; a stack trace is never shown unless EAC_DEBUG is set.
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  threshold: 3,
  needsUserAction: 4,
} as const;

export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.failure, readonly hint?: string) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}
