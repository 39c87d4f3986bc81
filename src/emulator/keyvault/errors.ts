// Key Vault's error body, {"error":{"code","message","innererror":{"code"}}} (docs/protocol-notes.md, "Key Vault: errors"), and the
// errors the data plane returns. The outer code is also sent as x-ms-error-code. Messages marked [obs] are
// the service's own words; the others are the emulator's, in the service's style.

export class KeyVaultError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string; innererror?: { code: string } } } {
    return { error: { code: this.code, message: this.message, ...(this.innerCode ? { innererror: { code: this.innerCode } } : {}) } };
  }
}

const NOT_FOUND_HELP = 'If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182';

export const KV = {
  // [obs]
  secretNotFound: (nameOrId: string) => new KeyVaultError(404, 'SecretNotFound', `A secret with (name/id) ${nameOrId} was not found in this key vault. ${NOT_FOUND_HELP}`),
  // [obs] what getDeletedSecret answers for a name that is not soft-deleted
  deletedSecretNotFound: () => new KeyVaultError(404, 'SecretNotFound', 'Deleted Secret not found'),
  // [obs]
  secretDisabled: () => new KeyVaultError(403, 'Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled'),
  // [obs]
  deletedButRecoverable: (name: string) => new KeyVaultError(409, 'Conflict',
    `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`,
    'ObjectIsDeletedButRecoverable'),
  alreadyExists: (name: string) => new KeyVaultError(409, 'Conflict', `Secret ${name} already exists in this key vault; restore needs a name that is not in use.`, 'ObjectAlreadyExists'),
  // [obs] "The request URI contains an invalid name: ..."
  invalidName: (name: string) => new KeyVaultError(400, 'BadParameter', `The request URI contains an invalid name: ${name}`),
  badParameter: (message: string) => new KeyVaultError(400, 'BadParameter', message),
  // [obs] e.g. "The specified version (7.3) is not recognized. Consider using the latest supported version (7.1)."
  unknownApiVersion: (version: string, latest: string) => new KeyVaultError(400, 'BadParameter', `The specified version (${version}) is not recognized. Consider using the latest supported version (${latest}).`),
  missingApiVersion: () => new KeyVaultError(400, 'BadParameter', 'The api-version query parameter is missing. Key Vault requires one, for example api-version=7.5.'),
  vaultNotFound: (name: string) => new KeyVaultError(404, 'VaultNotFound', `The vault '${name}' does not exist in this emulator. Vaults come from the seed ("vaults") and are served at /vaults/{name}.`),
  noRoute: (path: string) => new KeyVaultError(404, 'NotFound', `The requested path ${path} is not a Key Vault secrets endpoint.`),
  methodNotAllowed: (method: string) => new KeyVaultError(405, 'MethodNotAllowed', `The method ${method} is not allowed on this resource.`),
  bodyTooLarge: () => new KeyVaultError(413, 'RequestEntityTooLarge', 'The request body is too large.'),
};
