// Graph and network failures of the secret lifecycle commands (list, delete) as errors that say what to do:
// a refusal names the permission the task needs, a missing app the usual causes, a network failure where to
// look. Never a value: these messages carry names, ids and Graph's own error text only.
import { ActionableError } from '../../core/actionable-error.ts';
import { redact } from '../../core/redact.ts';
import { GraphApiError } from '../../entra/graph/client.ts';
import { EXIT_FAILURE, EXIT_NEEDS_USER_ACTION } from '../exit-codes.ts';
import { appLabel, networkFailureText, notFoundError } from './errors.ts';

export interface FailureContext {
  app: { appId: string; displayName?: string };
  /** Who is signed in, for the message (AdminSessionHandle.who). */
  who: string;
  tenant: string;
  /** e.g. 'reading the application'. */
  doing: string;
  /** The permission the task needs, e.g. 'Application.Read.All'. */
  needs: string;
}

export function lifecycleGraphError(err: unknown, c: FailureContext): unknown {
  if (err instanceof ActionableError) return err;
  const net = networkFailureText(err);
  if (net) return new ActionableError(`Failed while ${c.doing}: ${redact(net)}`, 'Check the network (proxy, firewall, VPN) and try again; for the local emulator, that it is running.', EXIT_FAILURE);
  if (err instanceof GraphApiError) {
    if (err.status === 403 || err.status === 401) {
      return new ActionableError(`${c.who} may not do this for ${appLabel(c.app)} (Graph: ${err.code} while ${c.doing}).`,
        `It needs ${c.needs} (a role such as Application Administrator or Cloud Application Administrator, or owning the app). Sign in as such an account: entra-auth-cli login`,
        EXIT_NEEDS_USER_ACTION);
    }
    if (err.status === 404) return notFoundError(c.app.appId, c.tenant);
    return new ActionableError(redact(`Microsoft Graph answered ${err.status} ${err.code} while ${c.doing}: ${err.message}${err.requestId ? ` (request-id ${err.requestId})` : ''}`), undefined, EXIT_FAILURE);
  }
  return err;
}
