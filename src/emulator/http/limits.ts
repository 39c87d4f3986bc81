// What one emulator process lets clients hold: connections, time to send a request, and request bodies
// in memory at once. Without them, 500 clients that each start a 1 MB upload and never finish took the
// emulator from 62 to 694 MiB (docs/protocol-notes.md, "Limits").
export interface ServerLimits {
  /** Open connections at once; more are refused at accept (node's server.maxConnections). */
  maxConnections: number;
  /** Time to finish the TLS handshake. */
  handshakeTimeoutMs: number;
  /** Time from connecting to the end of a request's headers (server.headersTimeout). */
  headersTimeoutMs: number;
  /** Time for a whole request, body included (server.requestTimeout). */
  requestTimeoutMs: number;
  /** A connection that sends and receives nothing this long is closed (server.timeout). */
  idleTimeoutMs: number;
  /** Request-body bytes held in memory by all requests together; beyond it a request is answered 503. */
  maxBufferedBodyBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxConnections: 256,
  handshakeTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  maxBufferedBodyBytes: 32 * 1024 * 1024,
};

/** Raised when the shared body budget is spent: the server answers 503 with Retry-After. */
export class ServerBusyError extends Error {}

/** The request-body bytes all requests hold at once, taken as chunks arrive and given back when the response ends. */
export class BodyBudget {
  private used = 0;
  constructor(readonly limit: number) {}

  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inUse(): number {
    return this.used;
  }
}
