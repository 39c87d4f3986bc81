// Tests that need a tool from outside npm (tmux, Chromium, MSAL for Python, script(1), a shell): on a
// developer's machine a missing tool skips the test and says what to install; under CI=true it fails the
// run instead, because .ci/run installs every such tool and a silent skip would hide a broken install.

const underCi = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI === 'true' || env.CI === '1';

/**
 * The `skip` value for node:test: false when the tool is there; the reason when it is missing here;
 * under CI a missing tool throws, which fails the test file with that reason.
 */
export function skipUnless(available: boolean, missingReason: string, env: NodeJS.ProcessEnv = process.env): false | string {
  if (available) return false;
  if (underCi(env)) throw new Error(`${missingReason}: under CI=true a missing tool fails the run (.ci/run installs it)`);
  return missingReason;
}
