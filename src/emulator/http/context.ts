// The request context every emulator handler gets: the parsed URL, the public base URL the client used
// (from the Host header, so the emulator answers correctly under any name it is reached by), ids for
// correlation, and a size-limited body reader. Hand-written over node:https rather than a web framework
// because the emulator must control every status, header and error body byte for byte.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { OwnNames } from './own-names.ts';
import { ServerBusyError, type BodyBudget } from './limits.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export class RequestContext {
  readonly url: URL;
  readonly method: string;
  readonly baseUrl: string;
  readonly requestId = randomUUID();
  readonly clientRequestId: string;
  readonly clientIp: string;
  readonly startedAt = Date.now();
  private bodyPromise: Promise<Buffer> | undefined;
  /** Body bytes this request holds of the server's budget. */
  private held = 0;

  /**
   * `fallbackHost` (no port) names the server when the Host header is missing, unusable or not one of
   * `own` names (so URLs and issuers are never built on a host the client made up); the port is the one
   * the request came in on.
   */
  constructor(readonly req: IncomingMessage, readonly res: ServerResponse, fallbackHost: string, own?: OwnNames, private readonly budget?: BodyBudget) {
    const port = req.socket.localPort;
    const given = sanitizeHost(req.headers.host);
    const trusted = given && (!own || own.isOwnAuthority(given, port ?? 443)) ? given : undefined;
    const host = trusted ?? (port ? `${fallbackHost}:${port}` : fallbackHost);
    this.baseUrl = `https://${host}`;
    this.url = new URL(req.url ?? '/', this.baseUrl);
    this.method = (req.method ?? 'GET').toUpperCase();
    const cri = req.headers['client-request-id'];
    this.clientRequestId = typeof cri === 'string' && /^[\w-]{1,64}$/.test(cri) ? cri : randomUUID();
    this.clientIp = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (budget) res.once('close', () => { budget.give(this.held); this.held = 0; });
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /**
   * Reads the whole body once (cached), rejecting bodies over `limit` bytes (BodyTooLargeError) and, when
   * the server's shared budget for buffered bodies is spent, any body at all (ServerBusyError). The bytes
   * held are given back to the budget when the response ends.
   */
  body(limit = MAX_BODY_BYTES): Promise<Buffer> {
    this.bodyPromise ??= new Promise<Buffer>((resolve, reject) => {
      const declared = Number(this.req.headers['content-length'] ?? '0');
      if (declared > limit) { this.req.resume(); reject(new BodyTooLargeError()); return; }
      const chunks: Buffer[] = [];
      let size = 0;
      const stop = (err: Error) => { this.req.removeAllListeners('data'); this.req.resume(); reject(err); };
      this.req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) { stop(new BodyTooLargeError()); return; }
        if (this.budget) {
          if (!this.budget.take(c.length)) { stop(new ServerBusyError()); return; }
          this.held += c.length;
        }
        chunks.push(c);
      });
      this.req.on('end', () => resolve(Buffer.concat(chunks)));
      this.req.on('error', reject);
    });
    return this.bodyPromise;
  }

  /** Parses an application/x-www-form-urlencoded body; anything else reads as an empty form. */
  async form(): Promise<URLSearchParams> {
    const type = (this.header('content-type') ?? '').toLowerCase();
    const raw = (await this.body()).toString('utf8');
    if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
    return new URLSearchParams(raw);
  }

  send(status: number, body: string | Buffer, headers: Record<string, string | number> = {}): void {
    if (this.res.headersSent) return;
    this.res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
    this.res.end(body);
  }

  json(status: number, value: unknown, headers: Record<string, string | number> = {}): void {
    this.send(status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers });
  }

  html(status: number, page: string, headers: Record<string, string | number> = {}): void {
    this.send(status, page, {
      'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store',
      'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action *; script-src 'unsafe-inline'",
      ...headers,
    });
  }

  redirect(location: string): void {
    this.send(302, '', { location, 'cache-control': 'no-store' });
  }
}

/** The Host header if it is a usable authority ("[", "a:b:c" or port 99999 are not: they would make every URL throw). */
function sanitizeHost(host: string | undefined): string | undefined {
  if (!host || !/^[a-z0-9.\-:[\]]+$/i.test(host)) return undefined;
  try { new URL(`https://${host}/`); } catch { return undefined; }
  return host;
}
