// A stand-in for Microsoft's sign-in host in tests that must see which keys a verifier fetches for a token
// claiming Microsoft's issuer: an HTTPS server answering as login.microsoftonline.com (its own self-signed
// certificate, trusted through NODE_EXTRA_CA_CERTS in the child) with the v1 and v2 discovery documents and
// a key set of its own key, reached through a CONNECT proxy (HTTPS_PROXY) that sends that host, and only
// that host, to it. Tokens signed with its key are "Microsoft's"; nothing else is.
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { createSelfSigned } from '../../src/emulator/tls/certificates.ts';
import { tempDir } from './cli.ts';

export const MS_HOST = 'login.microsoftonline.com';

export interface FakeMicrosoftLogin {
  /** Environment for the CLI: the proxy and the fake host's certificate. */
  env: Record<string, string>;
  /** Signs `claims` with the fake Microsoft key (kid 'ms-key'). */
  sign(claims: Record<string, unknown>): Promise<string>;
  /** How many requests reached the fake host. */
  hits: string[];
}

export async function fakeMicrosoftLogin(): Promise<FakeMicrosoftLogin> {
  const tls = createSelfSigned(MS_HOST, 2);
  const signing = createSelfSigned('ms-signing', 2);
  const jwk = { ...(createPublicKey(signing.certPem).export({ format: 'jwk' }) as object), kid: 'ms-key', kty: 'RSA', use: 'sig' };
  const hits: string[] = [];
  const server = createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const path = new URL(req.url ?? '/', `https://${MS_HOST}`).pathname;
    hits.push(path);
    let m: RegExpExecArray | null;
    let body: unknown;
    if ((m = /^\/([0-9a-f-]{36})\/\.well-known\/openid-configuration$/.exec(path))) {
      body = { issuer: `https://sts.windows.net/${m[1]}/`, jwks_uri: `https://${MS_HOST}/common/discovery/keys` };
    } else if ((m = /^\/([0-9a-f-]{36})\/v2\.0\/\.well-known\/openid-configuration$/.exec(path))) {
      body = { issuer: `https://${MS_HOST}/${m[1]}/v2.0`, jwks_uri: `https://${MS_HOST}/${m[1]}/discovery/v2.0/keys` };
    } else if (/^\/[^/]+\/discovery(\/v2\.0)?\/keys$/.test(path)) {
      body = { keys: [jwk] };
    }
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? { error: 'not_found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const sockets = new Set<Socket>();
  const proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: Socket) => {
    sockets.add(client);
    client.on('error', () => undefined);
    if (req.url !== `${MS_HOST}:443`) { client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'); return; }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    sockets.add(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyPort = (proxy.address() as AddressInfo).port;
  after(() => {
    for (const s of sockets) s.destroy();
    server.closeAllConnections();
    server.close();
    proxy.close();
  });

  const caFile = join(tempDir('eac-fake-ms-'), 'login.pem');
  writeFileSync(caFile, tls.certPem);
  const key = createPrivateKey(signing.keyPem);
  return {
    env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: '', NODE_EXTRA_CA_CERTS: caFile },
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'ms-key' }).sign(key),
    hits,
  };
}
