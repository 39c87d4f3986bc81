// The edge where get-token's failures become messages that say what to do: MSAL errors (with the network
// cause MSAL hides, see entra/msal/network.ts) go through core/aadsts-advice.ts; errors that already carry
// advice pass through. Every text is redacted, and the secret values known to this run are masked too.
import { AuthError } from '@azure/msal-node';
import { adviceFor, type AdviceContext } from '../core/aadsts-advice.ts';
import { ActionableError } from '../core/actionable-error.ts';
import { redact } from '../core/redact.ts';
import { NetworkError } from '../entra/http.ts';
import { CliError } from './errors.ts';

export function tokenCliError(err: unknown, ctx: AdviceContext, lastNetworkError: NetworkError | undefined, secrets: string[]): unknown {
  const clean = (s: string) => redact(s, secrets);
  if (err instanceof CliError) return err;
  if (err instanceof ActionableError) return new CliError(clean(err.message), err.exitCode, err.hint && clean(err.hint));
  if (err instanceof AuthError || err instanceof NetworkError) {
    const net = err instanceof NetworkError ? err : lastNetworkError;
    // A server answer (AADSTS...) is the cause itself; otherwise the network failure MSAL swallowed is.
    const serverSaid = err instanceof AuthError && /AADSTS\d+/.test(err.errorMessage);
    const a = adviceFor({
      errorCode: err instanceof AuthError ? err.errorCode : undefined,
      errorMessage: err instanceof AuthError ? err.errorMessage : err.message,
      networkCode: serverSaid ? undefined : net?.causeCode,
      networkUrl: net ? new URL(net.url).origin : undefined,
    }, ctx);
    return new CliError(clean(a.message), a.exitCode, clean(a.hint));
  }
  return err;
}
