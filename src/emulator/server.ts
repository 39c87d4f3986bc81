// The HTTPS server: one listener for every surface (login, Graph, Key Vault), routed by path.
// Nothing a client sends can crash it: handler errors become a 500 (Entra-shaped where the route is an
// identity route), socket errors are swallowed, and the emulator keeps serving.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, RequestContext } from './http/context.ts';
import type { Router } from './http/router.ts';
import { E, EntraError, sendEntraError } from './identity/errors.ts';
import type { FaultInjector } from './faults.ts';
import type { OwnNames } from './http/own-names.ts';
import { BodyBudget, DEFAULT_LIMITS, ServerBusyError, type ServerLimits } from './http/limits.ts';

export interface ServerOptions {
  certPem: string;
  keyPem: string;
  fallbackHost: string;
  /** The names the server answers to (its certificate's); other Host headers fall back to fallbackHost. */
  ownNames?: OwnNames;
  log?: (line: string) => void;
  /** Fault rules applied before routing (faults.ts). */
  faults?: FaultInjector;
  /** Connection, time and memory limits (http/limits.ts); DEFAULT_LIMITS unless given. */
  limits?: Partial<ServerLimits>;
}

export function createEmulatorServer(router: Router, opts: ServerOptions): Server {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const budget = new BodyBudget(limits.maxBufferedBodyBytes);
  const server = createServer({
    cert: opts.certPem, key: opts.keyPem,
    handshakeTimeout: limits.handshakeTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // node checks the two timeouts above this often (default 30 s, longer than the timeouts themselves)
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
  }, (req, res) => {
    void dispatch(router, req, res, opts, budget);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) { socket.destroy(); return; }
    // node's own answers for a request that took too long or headers that are too big, 400 for the rest
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  server.on('tlsClientError', () => { /* a client that does not trust our CA, or too slow a handshake: nothing to do */ });
  server.maxConnections = limits.maxConnections;
  server.timeout = limits.idleTimeoutMs;
  server.keepAliveTimeout = 5_000;
  return server;
}

async function dispatch(router: Router, req: IncomingMessage, res: ServerResponse, opts: ServerOptions, budget: BodyBudget): Promise<void> {
  req.on('error', () => { /* aborted upload */ });
  res.on('error', () => { /* client went away */ });
  let ctx: RequestContext;
  try {
    ctx = new RequestContext(req, res, opts.fallbackHost, opts.ownNames, budget);
  } catch {
    // A request target no URL parser accepts (e.g. "//["): nothing to route.
    const body = JSON.stringify({ error: { code: 'BadRequest', message: 'The request target is not a valid URL.' } });
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
    return;
  }
  res.on('finish', () => opts.log?.(`${ctx.method} ${ctx.url.pathname} ${res.statusCode} ${Date.now() - ctx.startedAt}ms`));
  try {
    if (opts.faults && await opts.faults.apply(ctx)) return;
    const found = router.match(ctx.method, ctx.url.pathname);
    if ('handler' in found) {
      await found.handler(ctx, found.params);
      return;
    }
    if (found.methodMismatch) return ctx.json(405, { error: { code: 'MethodNotAllowed', message: `The method ${ctx.method} is not allowed on ${ctx.url.pathname}.` } });
    ctx.json(404, { error: { code: 'NotFound', message: `No emulator endpoint at ${ctx.url.pathname}.` } });
  } catch (err) {
    if (err instanceof EntraError) return sendEntraError(ctx, err);
    if (err instanceof BodyTooLargeError) return sendEntraError(ctx, E.bodyTooLarge());
    if (err instanceof ServerBusyError) {
      return ctx.json(503, { error: { code: 'ServerBusy', message: 'The emulator holds as many request bodies as it will; retry shortly.' } }, { 'retry-after': '1', connection: 'close' });
    }
    // Never echo the error: it may carry request data. The route is enough to investigate.
    opts.log?.(`internal error on ${ctx.method} ${ctx.url.pathname}: ${(err as Error)?.name ?? 'Error'}`);
    if (process.env.EAC_EMULATOR_DEBUG) console.error(err);
    if (!res.headersSent) ctx.json(500, { error: { code: 'InternalServerError', message: 'The emulator hit an internal error. Run with EAC_EMULATOR_DEBUG=1 to see it.' } });
    else res.destroy();
  }
}
