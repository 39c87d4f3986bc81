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

export interface ServerOptions {
  certPem: string;
  keyPem: string;
  fallbackHost: string;
  /** The names the server answers to (its certificate's); other Host headers fall back to fallbackHost. */
  ownNames?: OwnNames;
  log?: (line: string) => void;
  /** Fault rules applied before routing (faults.ts). */
  faults?: FaultInjector;
}

export function createEmulatorServer(router: Router, opts: ServerOptions): Server {
  const server = createServer({ cert: opts.certPem, key: opts.keyPem }, (req, res) => {
    void dispatch(router, req, res, opts);
  });
  server.on('clientError', (_err, socket) => { if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'); else socket.destroy(); });
  server.on('tlsClientError', () => { /* a client that does not trust our CA: nothing to do */ });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function dispatch(router: Router, req: IncomingMessage, res: ServerResponse, opts: ServerOptions): Promise<void> {
  req.on('error', () => { /* aborted upload */ });
  res.on('error', () => { /* client went away */ });
  let ctx: RequestContext;
  try {
    ctx = new RequestContext(req, res, opts.fallbackHost, opts.ownNames);
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
    // Never echo the error: it may carry request data. The route is enough to investigate.
    opts.log?.(`internal error on ${ctx.method} ${ctx.url.pathname}: ${(err as Error)?.name ?? 'Error'}`);
    if (process.env.EAC_EMULATOR_DEBUG) console.error(err);
    if (!res.headersSent) ctx.json(500, { error: { code: 'InternalServerError', message: 'The emulator hit an internal error. Run with EAC_EMULATOR_DEBUG=1 to see it.' } });
    else res.destroy();
  }
}
