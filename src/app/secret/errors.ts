// The ways creating a client secret can fail, as users expect to read them (issue 5, item 3), and the one
// translation from Graph / network / store errors into them. Every message names the app and what to do;
// none ever carries a secret value (each text also goes through redact() at the CLI edge).
import { ActionableError } from '../../core/actionable-error.ts';
import { GraphApiError } from '../../entra/graph/client.ts';
import { NetworkError } from '../../entra/http.ts';
import { EXIT_FAILURE, EXIT_NEEDS_USER_ACTION, EXIT_USAGE } from '../exit-codes.ts';

export { EXIT_FAILURE, EXIT_NEEDS_USER_ACTION, EXIT_USAGE } from '../exit-codes.ts';

/** A request that cannot be right whatever the tenant says (a bad --days, profile name, vault name): exit 2. */
export class InvalidRequestError extends ActionableError {
  constructor(message: string, hint?: string) {
    super(message, hint, EXIT_USAGE);
  }
}

export type SecretCreationErrorKind = 'permission' | 'not-found' | 'network' | 'policy' | 'store';

/**
 * A secret could not be created (or, kind 'store', not saved). Interactive callers (config create/edit,
 * discover) catch it and offer "Would you like to enter an existing secret instead? (y/n)"; commands let it
 * reach the CLI edge, which prints message + hint and exits with exitCode (permission: 4, others: 1).
 */
export class SecretCreationError extends ActionableError {
  /** --keep-on-store-failure: the value of the kept secret, for the CLI to print once (non-enumerable). */
  declare readonly keptValue?: string;

  constructor(readonly kind: SecretCreationErrorKind, message: string, hint?: string, exitCode: number = kind === 'permission' ? EXIT_NEEDS_USER_ACTION : EXIT_FAILURE) {
    super(message, hint, exitCode);
  }
}

export const REQUIRED_PERMISSION = 'Application.ReadWrite.All or Application.ReadWrite.OwnedBy';
export const WORKING_ROLES = 'Application Administrator, Cloud Application Administrator, or owner of the app registration';

export function permissionError(app: { appId: string; displayName?: string }, signedInAs: string | undefined, detail?: string): SecretCreationError {
  const who = signedInAs ? ` (signed in as ${signedInAs})` : '';
  return new SecretCreationError('permission',
    `⚠ Insufficient permissions to create client secret.\nRequired permission: ${REQUIRED_PERMISSION}`,
    `The account${who} may not add credentials to ${appLabel(app)}${detail ? ` (${detail})` : ''}. Roles that would work: ${WORKING_ROLES}. `
    + 'A service principal needs the application permission Application.ReadWrite.All, or Application.ReadWrite.OwnedBy and to own the app. '
    + 'Sign in as such an account with `entra-auth-cli login`, or ask an administrator.');
}

export function notFoundError(appId: string, tenant: string): SecretCreationError {
  return new SecretCreationError('not-found', `Application with client ID '${appId}' not found.`,
    `Likely causes: the app was deleted; the client ID is wrong (use the "Application (client) ID" from the app's Overview page, not the object ID); `
    + `or the signed-in account has no read access to it in tenant '${tenant}'.`);
}

export function networkError(what: string): SecretCreationError {
  return new SecretCreationError('network', `Error creating client secret: ${what}`, 'Check the network (proxy, firewall, VPN) and try again; nothing was created unless said otherwise above.');
}

/** "what failed" for a network-level or server-side failure, or undefined when `err` is neither. */
export function networkFailureText(err: unknown): string | undefined {
  if (err instanceof NetworkError) return `${err.message}${err.causeCode && !err.message.includes(err.causeCode) ? ` (${err.causeCode})` : ''}`;
  if (err instanceof GraphApiError && (err.status >= 500 || err.status === 429)) {
    return `Microsoft Graph answered ${err.status} ${err.code}${err.message ? `: ${err.message}` : ''}${err.requestId ? ` (request-id ${err.requestId})` : ''}`;
  }
  // Microsoft's Graph client wraps a failure below HTTP (our NetworkError: reset, refused, timeout, TLS) in a
  // GraphError with statusCode -1 that keeps only the message.
  const g = err as { statusCode?: unknown; message?: unknown };
  if (g?.statusCode === -1 && typeof g.message === 'string' && g.message) return g.message;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_\w+|CERT_\w+|UNABLE_TO_\w+|SELF_SIGNED_\w+|DEPTH_ZERO_\w+)$/.test(code)) return `${(err as Error).message} (${code})`;
  return undefined;
}

export function appLabel(app: { appId: string; displayName?: string }): string {
  return app.displayName ? `'${app.displayName}' (${app.appId})` : `the app ${app.appId}`;
}

/**
 * Whether `err` means "the secret could not be created here and now" (a SecretCreationError, a sign-in or
 * network failure, the emulator not running): an interactive caller then offers to enter an existing secret.
 * Not for a request that is wrong in itself (exit 2) nor for errors that say nothing of what to do (a bug).
 */
export function isCreationFailure(err: unknown): boolean {
  if (err instanceof SecretCreationError || err instanceof NetworkError) return true;
  return err instanceof ActionableError && err.exitCode !== EXIT_USAGE;
}
