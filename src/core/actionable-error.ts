// An error from core/, entra/ or store/ that already knows what the user should do about it. The CLI edge
// turns it into a CliError (same message, hint and exit code) without adding anything.
export class ActionableError extends Error {
  constructor(message: string, readonly hint?: string, readonly exitCode: number = 1) {
    super(message);
  }
}
