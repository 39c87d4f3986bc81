// Exit codes the CLI edge passes on (src/cli/errors.ts EXIT): 1 failure, 2 usage, 4 a person must act. A leaf,
// so a use case the command table loads at start-up (import consent) takes them without the HTTP layer.
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_NEEDS_USER_ACTION = 4;
/** A check found what it was asked to fail on (inventory scan --fail-on, secret rotate --all with failures). */
export const EXIT_THRESHOLD = 3;

/**
 * health: why no token could be acquired, one code per cause so a deployment smoke test can branch on it
 * (docs/lifecycle.md "health exit codes"). 0 is a token acquired; 1 anything not listed; 2 usage.
 */
export const HEALTH_EXIT = {
  expiredSecret: 10,
  invalidSecret: 11,
  wrongTenant: 12,
  unknownOrDisabledApp: 13,
  missingPermission: 14,
  network: 15,
} as const;
