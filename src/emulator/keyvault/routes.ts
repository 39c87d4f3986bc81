// The secrets data plane's route table, relative to a vault (/vaults/{vault} is stripped first), with the
// RBAC data action each operation needs. Patterns accept a trailing slash, so `GET /secrets/{name}/` (what
// the JS client sends for "latest", an empty version) is the same route as `GET /secrets/{name}`.
import { Router } from '../http/router.ts';
import * as h from './handlers.ts';
import type { KeyVaultRoute } from './types.ts';

export function secretRoutes(): Router<KeyVaultRoute> {
  return new Router<KeyVaultRoute>()
    .on('GET', '/secrets', { action: 'readMetadata/action', handler: h.listSecrets })
    .on('POST', '/secrets/restore', { action: 'restore/action', handler: h.restoreSecret })
    .on('PUT', '/secrets/:name', { action: 'setSecret/action', handler: h.setSecret })
    .on('GET', '/secrets/:name', { action: 'getSecret/action', handler: h.getSecret })
    .on('PATCH', '/secrets/:name', { action: 'update/action', handler: h.updateSecret })
    .on('DELETE', '/secrets/:name', { action: 'delete', handler: h.deleteSecret })
    .on('GET', '/secrets/:name/versions', { action: 'readMetadata/action', handler: h.listSecretVersions })
    .on('POST', '/secrets/:name/backup', { action: 'backup/action', handler: h.backupSecret })
    .on('GET', '/secrets/:name/:version', { action: 'getSecret/action', handler: h.getSecret })
    .on('PATCH', '/secrets/:name/:version', { action: 'update/action', handler: h.updateSecret })
    .on('GET', '/deletedsecrets', { action: 'readMetadata/action', handler: h.listDeletedSecrets })
    .on('GET', '/deletedsecrets/:name', { action: 'readMetadata/action', handler: h.getDeletedSecret })
    .on('DELETE', '/deletedsecrets/:name', { action: 'purge/action', handler: h.purgeDeletedSecret })
    .on('POST', '/deletedsecrets/:name/recover', { action: 'recover/action', handler: h.recoverDeletedSecret });
}
