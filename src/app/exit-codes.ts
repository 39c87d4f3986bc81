// Exit codes the CLI edge passes on (src/cli/errors.ts EXIT): 1 failure, 2 usage, 4 a person must act. A leaf,
// so a use case the command table loads at start-up (import consent) takes them without the HTTP layer.
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_NEEDS_USER_ACTION = 4;
