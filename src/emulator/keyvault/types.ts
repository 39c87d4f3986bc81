// What a Key Vault operation handler gets and gives back: the request already routed to a vault and
// authenticated, and a status + JSON body for the service to send with Key Vault's headers.
import type { RequestContext } from '../http/context.ts';
import type { Params } from '../http/router.ts';
import type { EmulatorStore } from '../state/store.ts';
import type { SigningKey } from '../identity/signing-key.ts';
import type { OwnNames } from '../http/own-names.ts';
import type { KeyVaultCaller, SecretAction, VaultRef } from './auth.ts';

export interface KeyVaultDeps {
  store: EmulatorStore;
  key: SigningKey;
  own: OwnNames;
  now: () => number;
}

export interface KeyVaultRequest {
  ctx: RequestContext;
  vault: VaultRef;
  caller: KeyVaultCaller;
  params: Params;
  deps: KeyVaultDeps;
  /** Unix seconds. */
  now: number;
  /** scheme://host[:port] the client used; identifiers are built on it (see serialize.ts). */
  origin: string;
}

export interface KeyVaultResult {
  status: number;
  body?: unknown;
}

export type KeyVaultHandler = (req: KeyVaultRequest) => Promise<KeyVaultResult> | KeyVaultResult;

export interface KeyVaultRoute {
  action: SecretAction;
  handler: KeyVaultHandler;
}
