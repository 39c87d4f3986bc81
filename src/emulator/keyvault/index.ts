// Azure Key Vault's secrets data plane on the emulator's single HTTPS port (docs/protocol-notes.md, the
// "Key Vault" sections).
//
// The default vault is served at the host root (info.keyVaultUrl = the emulator's base URL), so the ids
// the SDK parses (`/secrets/{name}/{version}`) are also fetchable URLs. Every vault is also served under
// `${authorityHost}/vaults/{vaultName}`; there ids stay in the SDK's shape (no prefix), see serialize.ts. Real vault URLs are hosts (https://{name}.vault.azure.net) and SDK clients
// check that the challenge's resource is a parent domain of the vault host; `*.localhost` does not resolve
// everywhere and 127.0.0.1 has no parent domain, so clients pass `disableChallengeResourceVerification:
// true` (JS/.NET; Python: verify_challenge_resource=False). The challenge itself is the real one.
//
// Order of checks, as the service does them: vault -> bearer token (401 + challenge, before the body is
// read) -> api-version -> route -> name -> RBAC -> body.
import type { RequestContext } from '../http/context.ts';
import { BodyTooLargeError } from '../http/context.ts';
import { authenticate, authorize } from './auth.ts';
import { KeyVaultError, KV } from './errors.ts';
import { secretRoutes } from './routes.ts';
import { findVault, purgeDue } from './vault-state.ts';
import type { KeyVaultDeps, KeyVaultResult } from './types.ts';

export type { KeyVaultDeps } from './types.ts';

const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** What the service answers in x-ms-keyvault-service-version (an emulator build marker). */
const SERVICE_VERSION = '1.9.2063.1';
/** The newest REST version, named in the "not recognized" error (the JS client 4.11 sends it by default). */
const LATEST_API_VERSION = '2025-07-01';
/** 7.0-7.6 (and previews), 2016-10-01, and dated versions such as 2025-07-01. */
const API_VERSION = /^(7\.\d+(-preview(\.\d+)?)?|20\d\d-\d\d-\d\d(-preview)?)$/;

export class KeyVaultService {
  private readonly routes = secretRoutes();

  constructor(private readonly deps: KeyVaultDeps) {}

  /** `rootVault` serves that vault at the host root (the default vault), where its ids are real URLs. */
  async handle(ctx: RequestContext, rootVault?: string): Promise<void> {
    const headers = responseHeaders(ctx);
    let result: KeyVaultResult;
    try {
      result = await this.dispatch(ctx, rootVault);
    } catch (caught) {
      const err = caught instanceof BodyTooLargeError ? KV.bodyTooLarge() : caught;
      if (!(err instanceof KeyVaultError)) throw err;
      ctx.json(err.status, err.body(), { ...headers, ...err.headers, 'x-ms-error-code': err.code });
      return;
    }
    if (result.body === undefined) {
      // 204 (purge): no body and, per RFC 9110, no Content-Length either.
      if (!ctx.res.headersSent) ctx.res.writeHead(result.status, headers).end();
      return;
    }
    ctx.json(result.status, result.body, headers);
  }

  private async dispatch(ctx: RequestContext, rootVault?: string): Promise<KeyVaultResult> {
    const m = rootVault ? [ctx.url.pathname, rootVault, ctx.url.pathname] : /^\/vaults\/([^/]*)(\/.*)?$/i.exec(ctx.url.pathname);
    const vaultName = decodeSegment(m?.[1] ?? '');
    const vault = vaultName ? findVault(this.deps.store, vaultName) : undefined;
    if (!vault) throw KV.vaultNotFound(vaultName);

    const nowMs = this.deps.now();
    const caller = await authenticate(ctx, vault, this.deps, nowMs);

    const apiVersion = ctx.url.searchParams.get('api-version');
    if (!apiVersion) throw KV.missingApiVersion();
    if (!API_VERSION.test(apiVersion)) throw KV.unknownApiVersion(apiVersion, LATEST_API_VERSION);

    const path = m?.[2] ?? '/';
    const found = this.routes.match(ctx.method, path);
    if (!('handler' in found)) throw found.methodMismatch ? KV.methodNotAllowed(ctx.method) : KV.noRoute(path);
    const { handler: route, params } = found;
    if (params.name !== undefined && !SECRET_NAME.test(params.name)) throw KV.invalidName(params.name);
    authorize(caller, vault, route.action, params.name);

    const now = Math.floor(nowMs / 1000);
    if (purgeDue(vault.record, now)) this.deps.store.changed();
    return route.handler({ ctx, vault, caller, params, deps: this.deps, now, origin: ctx.baseUrl });
  }
}

function decodeSegment(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

/** The headers every Key Vault answer carries (docs/protocol-notes.md, "Key Vault: operations, headers and paging"). */
function responseHeaders(ctx: RequestContext): Record<string, string> {
  const clientRequestId = ctx.header('x-ms-client-request-id');
  const v6 = ctx.clientIp.includes(':');
  return {
    'cache-control': 'no-cache',
    pragma: 'no-cache',
    expires: '-1',
    'x-ms-request-id': ctx.requestId,
    ...(clientRequestId && /^[\w-]{1,128}$/.test(clientRequestId) ? { 'x-ms-client-request-id': clientRequestId } : {}),
    'x-ms-keyvault-service-version': SERVICE_VERSION,
    'x-ms-keyvault-region': 'eastus',
    'x-ms-keyvault-network-info': `conn_type=${v6 ? 'Ipv6' : 'Ipv4'};addr=${ctx.clientIp};act_addr_fam=${v6 ? 'InterNetworkV6' : 'InterNetwork'};`,
    'x-content-type-options': 'nosniff',
    'strict-transport-security': 'max-age=31536000;includeSubDomains',
  };
}
