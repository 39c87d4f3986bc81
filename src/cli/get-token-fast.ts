// The get-token fast path: answer a cache hit without loading MSAL or commander (they cost more than the rest
// of the CLI together). Parses only the flags it understands, reads the profile, the encrypted token cache
// and its key (file secret backend only), and prints the token exactly as the full command would.
// Honest by construction: anything it does not fully understand — another flag, --force-refresh, --copy, the
// table view, a keychain-held key, no emulator, an undecryptable cache, no single matching token (see
// core/msal-cache-match.ts) — returns false and the full command runs instead.
import { cacheEnvironments } from '../core/authority-aliases.ts';
import { resolveCloud } from '../core/cloud.ts';
import { findCachedAccessToken, MSAL_RENEWAL_OFFSET_SECONDS, type MsalCacheDocument } from '../core/msal-cache-match.ts';
import { planTokenRequest, type TokenFlags } from '../core/token-request.ts';
import { expiryWarning, renderJson, renderRaw, scopesFromTarget, tenantOfToken, type TokenView } from '../core/token-output.ts';
import { appPaths } from '../store/paths.ts';
import { readEmulatorConnection } from '../store/emulator-connection.ts';
import { readProfiles } from '../store/profiles-file.ts';
import { readFileSecretSync, secretKey } from '../store/secret-keys.ts';
import { decryptTokenCache, readTokenCacheEnvelope, tokenCachePath } from '../store/token-cache-file.ts';

const VALUE_FLAGS: Record<string, keyof TokenFlags> = {
  '-p': 'profile', '--profile': 'profile', '--scope': 'scope', '--flow': 'flow', '-o': 'output', '--output': 'output',
  '--warn-minutes': 'warnMinutes', '--timeout': 'timeout',
};

/** get-token's flags as commander would read them, or undefined for anything else. */
export function parseFastFlags(args: string[]): TokenFlags | undefined {
  const flags: TokenFlags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--no-browser') continue; // only matters when signing in
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_FLAGS[name];
    if (!key) return undefined;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith('-'))) return undefined;
    if (key === 'scope') flags.scope = [...(flags.scope ?? []), value];
    else flags[key] = value;
  }
  return flags;
}

export interface FastIo {
  env: NodeJS.ProcessEnv;
  stdoutIsTty: boolean;
  out: { write(s: string): unknown };
  err: { write(s: string): unknown };
  now: Date;
}

/** True when it printed the token; false when the full command must run. */
export function fastGetToken(args: string[], io: FastIo): boolean {
  try {
    return serve(args, io);
  } catch (err) {
    if (io.env.EAC_DEBUG) io.err.write(`get-token fast path: ${(err as Error).message}; running the full command\n`);
    return false;
  }
}

function serve(args: string[], io: FastIo): boolean {
  const debug = (why: string) => { if (io.env.EAC_DEBUG) io.err.write(`get-token fast path: ${why}; running the full command\n`); return false; };
  const flags = parseFastFlags(args);
  if (!flags) return debug('flags it does not handle');
  const paths = appPaths(io.env);
  // The one reader: a missing file reads as no profiles (a problem below); a bad one throws (caught above).
  const doc = readProfiles(paths.config);
  const planned = planTokenRequest(doc, flags, io.stdoutIsTty);
  if ('problem' in planned) return debug('the request needs the full command to explain a problem');
  const { profile, flow, scopes, format, warnMinutes } = planned.plan;
  if (format !== 'raw' && format !== 'json') return debug(`-o ${format}`); // the table view and the other formats: the output layer

  const envelope = readTokenCacheEnvelope(tokenCachePath(paths.cache, profile.name));
  if (!envelope) return debug('no token cache');
  if (envelope.keyStore !== 'file') return debug('the cache key is in the keychain');
  const key = readFileSecretSync(paths.config, secretKey.tokenCacheKey(profile.name));
  if (!key) return debug('no cache key');
  const cache = JSON.parse(decryptTokenCache(envelope, key, profile.name).msal || '{}') as MsalCacheDocument;

  const cloud = resolveCloud(profile, profile.cloud === 'local' ? readEmulatorConnection(io.env) : undefined);
  const match = findCachedAccessToken(cache, {
    clientId: profile.clientId,
    environments: cacheEnvironments(new URL(cloud.authorityHost).host),
    kind: flow === 'client-credentials' ? 'app' : 'user',
    tenant: profile.tenant,
    scopes,
    nowSeconds: Math.floor(io.now.getTime() / 1000),
    minSecondsLeft: MSAL_RENEWAL_OFFSET_SECONDS,
  });
  if (!match.found) return debug(match.reason);

  const view: TokenView = {
    accessToken: match.entry.secret,
    expiresOn: new Date(Number(match.entry.expires_on) * 1000),
    tokenType: match.entry.token_type || 'Bearer',
    tenant: tenantOfToken(match.entry.secret, profile.tenant),
    scopes: scopesFromTarget(match.entry.target),
    fromCache: true,
  };
  io.out.write(format === 'raw' ? renderRaw(view) : renderJson(view));
  const warning = expiryWarning(view, io.now, warnMinutes);
  if (warning) io.err.write(`${warning}\n`);
  if (io.env.EAC_DEBUG) io.err.write('get-token fast path: served from the token cache\n');
  return true;
}
