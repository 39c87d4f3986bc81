// Fault injection: make chosen requests slow, fail, hang up or trickle their body, so clients' retry,
// timeout and resilience logic can be tested against the emulator. Rules are given at start
// (startEmulator({ faults }), `emulator start --fault RULE`) and changed at run time through
// GET / POST / DELETE /_emulator/faults (loopback clients only). Faults never apply to /_emulator/*.
//
// Rule syntax (one string; `--fault` takes one rule, repeat the flag for more):
//
//   METHOD PATH [OPTION ...]
//
//   METHOD   GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, or * for any.
//   PATH     the URL path (no query). A `*` segment matches one segment; a trailing `*` segment matches
//            the rest of the path (one or more segments); `**` matches any number of segments (0 or more);
//            `*` inside a segment matches any characters of that segment. Case-insensitive.
//   OPTIONS  latency=MS          delay before handling (e.g. 200, 200ms, 2s; at most 10 minutes)
//            error=500|503|504   answer with this status and a body shaped like the service's errors
//                                (Graph for /v1.0 and /beta, Entra for /.../oauth2/..., generic otherwise)
//            retry-after=S       Retry-After seconds (sent with every 503, default 1; with 500/504 only if given)
//            drop                close the connection without answering (the client sees a reset)
//            slow=BYTES/MS       send the response body in BYTES-sized chunks, MS apart (e.g. slow=64/20)
//            rate=P              the rule fires on this share of matching requests: 0..1 or a percentage
//                                (e.g. 0.25 or 25%); default 1
//            times=N             the rule fires at most N times, then stays listed but inactive
//
//   Examples:  'POST /v1.0/applications/*/addPassword error=503 rate=1'
//              '* /v1.0/* latency=200'
//              'POST /*/oauth2/v2.0/token drop times=1'
//
// Every matching rule that fires contributes: latencies add up; the first firing rule with error or drop
// decides the outcome; the first firing rule with slow= shapes the body of a normal answer.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { RequestContext } from './http/context.ts';
import type { Router } from './http/router.ts';
import { loopbackOnly } from './http/loopback-only.ts';
import { EntraError, sendEntraError } from './identity/errors.ts';
import { graphDate } from './graph/errors.ts';

export type FaultStatus = 500 | 503 | 504;

export interface FaultRule {
  /** HTTP method or '*' (default). */
  method?: string;
  /** Path pattern (see the syntax above). */
  path: string;
  latencyMs?: number;
  error?: FaultStatus;
  /** Retry-After seconds for error responses (503 default: 1). */
  retryAfterSeconds?: number;
  /** Destroy the connection instead of answering. */
  drop?: boolean;
  /** Write the response body in chunks of `chunkBytes`, `delayMs` apart. */
  slowBody?: { chunkBytes: number; delayMs: number };
  /** Probability (0..1) that the rule fires on a matching request; default 1. */
  rate?: number;
  /** Fire at most this many times. */
  times?: number;
}

/** A rule as the admin endpoint lists it. */
export interface ActiveFaultRule extends FaultRule {
  id: string;
  method: string;
  rate: number;
  /** The rule in the --fault syntax. */
  rule: string;
  /** How many requests it has fired on. */
  fired: number;
}

export class FaultRuleError extends Error {}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*']);
const STATUSES = new Set([500, 503, 504]);
const MAX_LATENCY_MS = 600_000;
const MAX_SLOW_DELAY_MS = 60_000;
const MAX_RETRY_AFTER = 86_400;
const OPTION_KEYS = ['latency', 'error', 'retry-after', 'drop', 'slow', 'rate', 'times'];

// ---- parsing -----------------------------------------------------------------------------------
/** Parses one rule in the --fault syntax; throws FaultRuleError naming the rule and what is wrong. */
export function parseFaultRule(text: string): FaultRule {
  const fail = (why: string): never => { throw new FaultRuleError(`Invalid fault rule '${text}': ${why}`); };
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length < 2) fail("expected 'METHOD PATH [OPTION ...]', e.g. 'POST /v1.0/applications/*/addPassword error=503'");
  const [method, path, ...options] = tokens as [string, string, ...string[]];
  if (method.startsWith('/')) fail("start with the HTTP method or *, e.g. '* /v1.0/* latency=200'");
  const rule: FaultRule = { method: method.toUpperCase(), path };
  const seen = new Set<string>();
  for (const opt of options) {
    const eq = opt.indexOf('=');
    const key = (eq < 0 ? opt : opt.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? undefined : opt.slice(eq + 1);
    if (!OPTION_KEYS.includes(key)) fail(`unknown option '${opt}' (known: ${OPTION_KEYS.map((k) => (k === 'drop' ? k : `${k}=`)).join(', ')})`);
    if (seen.has(key)) fail(`'${key}' is given twice`);
    seen.add(key);
    if (key !== 'drop' && (value === undefined || value === '')) fail(`'${key}' needs a value, e.g. ${example(key)}`);
    const v = value!;
    switch (key) {
      case 'latency': rule.latencyMs = duration(v) ?? fail(`latency must be milliseconds (e.g. 200, 200ms or 2s), got '${v}'`); break;
      case 'error': rule.error = STATUSES.has(Number(v)) && /^\d+$/.test(v) ? Number(v) as FaultStatus : fail(`error must be 500, 503 or 504, got '${v}'`); break;
      case 'retry-after': rule.retryAfterSeconds = /^\d+$/.test(v) ? Number(v) : fail(`retry-after must be whole seconds, got '${v}'`); break;
      case 'drop':
        if (value !== undefined && !/^(true|false)$/i.test(value)) fail(`drop takes no value (or true/false), got '${value}'`);
        rule.drop = value === undefined || /^true$/i.test(value);
        break;
      case 'slow': {
        const m = /^(\d+)(?:b)?\/(\d+(?:ms|s)?)$/i.exec(v);
        const delay = m ? duration(m[2]!) : undefined;
        if (!m || delay === undefined) fail(`slow must be BYTES/MS, e.g. slow=64/20, got '${v}'`);
        rule.slowBody = { chunkBytes: Number(m![1]), delayMs: delay! };
        break;
      }
      case 'rate': {
        const pct = /^(\d+(?:\.\d+)?)%$/.exec(v);
        const n = pct ? Number(pct[1]) / 100 : /^\d*\.?\d+$/.test(v) ? Number(v) : NaN;
        rule.rate = Number.isNaN(n) ? fail(`rate must be a number from 0 to 1 or a percentage, got '${v}'`) : n;
        break;
      }
      case 'times': rule.times = /^\d+$/.test(v) ? Number(v) : fail(`times must be a whole number, got '${v}'`); break;
    }
  }
  return validateFaultRule(rule, text);
}

function example(key: string): string {
  return ({ latency: 'latency=200', error: 'error=503', 'retry-after': 'retry-after=2', slow: 'slow=64/20', rate: 'rate=0.5', times: 'times=1' } as Record<string, string>)[key] ?? key;
}

function duration(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/i.exec(v);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 's' ? 1000 : 1));
}

/** Checks a rule object (from startEmulator options or the admin endpoint) and returns a normalised copy. */
export function validateFaultRule(input: unknown, label?: string): FaultRule {
  const name = label ?? (typeof input === 'object' && input ? JSON.stringify(input) : String(input));
  const fail = (why: string): never => { throw new FaultRuleError(`Invalid fault rule '${name}': ${why}`); };
  if (!input || typeof input !== 'object' || Array.isArray(input)) fail('expected an object with at least "path"');
  const r = input as Record<string, unknown>;
  const known = ['method', 'path', 'latencyMs', 'error', 'retryAfterSeconds', 'drop', 'slowBody', 'rate', 'times'];
  for (const k of Object.keys(r)) if (!known.includes(k) && !['id', 'rule', 'fired'].includes(k)) fail(`unknown property '${k}' (known: ${known.join(', ')})`);
  const method = r.method === undefined ? '*' : typeof r.method === 'string' ? r.method.toUpperCase() : fail('method must be a string');
  if (!METHODS.has(method)) fail(`unknown method '${String(r.method)}' (use ${[...METHODS].join(', ')})`);
  if (typeof r.path !== 'string' || !r.path.startsWith('/')) fail(`the path must start with '/', got '${String(r.path)}'`);
  const path = r.path as string;
  if (/[?#\s]/.test(path)) fail('the path is matched without query or fragment and cannot contain spaces');
  const out: FaultRule = { method, path };
  const int = (k: string, min: number, max: number): number | undefined => {
    const v = r[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${k} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
    return v as number;
  };
  out.latencyMs = int('latencyMs', 0, MAX_LATENCY_MS);
  if (r.error !== undefined) {
    if (!STATUSES.has(r.error as number)) fail(`error must be 500, 503 or 504, got ${JSON.stringify(r.error)}`);
    out.error = r.error as FaultStatus;
  }
  out.retryAfterSeconds = int('retryAfterSeconds', 0, MAX_RETRY_AFTER);
  if (r.drop !== undefined && typeof r.drop !== 'boolean') fail('drop must be true or false');
  if (r.drop) out.drop = true;
  if (r.slowBody !== undefined) {
    const s = r.slowBody as Record<string, unknown> | null;
    if (!s || typeof s !== 'object') fail('slowBody must be {"chunkBytes": N, "delayMs": MS}');
    const chunkBytes = s!.chunkBytes, delayMs = s!.delayMs;
    if (typeof chunkBytes !== 'number' || !Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > 1_048_576) fail('slow body chunk size must be a whole number of bytes from 1 to 1048576');
    if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_SLOW_DELAY_MS) fail(`slow body delay must be whole milliseconds from 0 to ${MAX_SLOW_DELAY_MS}`);
    out.slowBody = { chunkBytes: chunkBytes as number, delayMs: delayMs as number };
  }
  if (r.rate !== undefined) {
    if (typeof r.rate !== 'number' || !(r.rate >= 0 && r.rate <= 1)) fail(`rate must be a number from 0 to 1, got ${JSON.stringify(r.rate)}`);
    out.rate = r.rate as number;
  }
  out.times = int('times', 1, Number.MAX_SAFE_INTEGER);
  if (out.error && out.drop) fail('a rule either answers with an error or drops the connection, not both');
  if (out.slowBody && (out.error || out.drop)) fail('slow= shapes a normal answer; it cannot be combined with error= or drop');
  if (!out.latencyMs && !out.error && !out.drop && !out.slowBody) fail('it does nothing: give latency=, error=, drop or slow=');
  for (const k of Object.keys(out) as (keyof FaultRule)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** The rule in the --fault syntax (canonical form). */
export function formatFaultRule(r: FaultRule): string {
  const parts = [r.method ?? '*', r.path];
  if (r.latencyMs) parts.push(`latency=${r.latencyMs}`);
  if (r.error) parts.push(`error=${r.error}`);
  if (r.retryAfterSeconds !== undefined) parts.push(`retry-after=${r.retryAfterSeconds}`);
  if (r.drop) parts.push('drop');
  if (r.slowBody) parts.push(`slow=${r.slowBody.chunkBytes}/${r.slowBody.delayMs}`);
  if (r.rate !== undefined && r.rate !== 1) parts.push(`rate=${r.rate}`);
  if (r.times !== undefined) parts.push(`times=${r.times}`);
  return parts.join(' ');
}

function compilePath(pattern: string): RegExp {
  const segments = (pattern.length > 1 ? pattern.replace(/\/+$/, '') : pattern).split('/').slice(1);
  let source = '';
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (seg === '**') source += last ? '(?:/.*)?' : '(?:/[^/]+)*';
    else if (seg === '*') source += last ? '/.+' : '/[^/]+';
    else source += '/' + seg.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  });
  return new RegExp(`^${source || '/'}/?$`, 'i');
}

/** Whether a path pattern (see the syntax above) matches a URL path. */
export function faultPathMatches(pattern: string, path: string): boolean {
  return compilePath(pattern).test(path);
}

// ---- the injector ----------------------------------------------------------------------------------
interface LiveRule { id: string; rule: FaultRule; regex: RegExp; fired: number }

export class FaultInjector {
  private rules: LiveRule[] = [];

  constructor(rules: (FaultRule | string)[] = [], private readonly random: () => number = Math.random) {
    for (const r of rules) this.add(r);
  }

  get size(): number { return this.rules.length; }

  /** Adds a rule (object or --fault text); throws FaultRuleError when it is invalid. */
  add(input: FaultRule | string): ActiveFaultRule {
    const rule = typeof input === 'string' ? parseFaultRule(input) : validateFaultRule(input);
    const live: LiveRule = { id: randomUUID(), rule, regex: compilePath(rule.path), fired: 0 };
    this.rules.push(live);
    return view(live);
  }

  list(): ActiveFaultRule[] { return this.rules.map(view); }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id.toLowerCase());
    return this.rules.length < before;
  }

  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    return n;
  }

  /**
   * Applies the rules to a request before it is routed. Returns true when the fault answered the request
   * (an error) or dropped its connection: the caller must then leave it alone.
   */
  async apply(ctx: RequestContext): Promise<boolean> {
    if (this.rules.length === 0) return false;
    const path = ctx.url.pathname;
    if (/^\/_emulator(\/|$)/i.test(path)) return false;
    let latency = 0;
    let outcome: FaultRule | undefined;
    let slow: FaultRule['slowBody'];
    for (const live of this.rules) {
      const { rule } = live;
      if (rule.method !== '*' && rule.method !== ctx.method) continue;
      if (!live.regex.test(path)) continue;
      if (rule.times !== undefined && live.fired >= rule.times) continue;
      if (rule.rate !== undefined && rule.rate < 1 && !(this.random() < rule.rate)) continue;
      live.fired++;
      latency += rule.latencyMs ?? 0;
      if (!outcome && (rule.error || rule.drop)) outcome = rule;
      if (!slow && rule.slowBody) slow = rule.slowBody;
    }
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (outcome?.drop) {
      ctx.req.socket.destroy();
      return true;
    }
    if (outcome?.error) {
      sendFaultError(ctx, outcome.error, outcome.retryAfterSeconds);
      return true;
    }
    if (slow) trickle(ctx.res, slow.chunkBytes, slow.delayMs);
    return false;
  }
}

function view(live: LiveRule): ActiveFaultRule {
  return { id: live.id, ...live.rule, method: live.rule.method ?? '*', rate: live.rule.rate ?? 1, rule: formatFaultRule(live.rule), fired: live.fired };
}

// ---- effects ---------------------------------------------------------------------------------------
const GRAPH_ERRORS: Record<FaultStatus, { code: string; message: string }> = {
  500: { code: 'generalException', message: 'An unspecified error has occurred.' },
  503: { code: 'serviceNotAvailable', message: 'The service is temporarily unavailable. Please retry after the number of seconds in the Retry-After header.' },
  504: { code: 'UnknownError', message: 'The gateway did not receive a timely response from the upstream service.' },
};

// AADSTS50000 and 90033 are the codes Entra uses for sign-in service failures and transient errors; the
// texts are paraphrased (clients must not parse them; they key on `error` and the status).
const ENTRA_ERRORS: Record<FaultStatus, () => EntraError> = {
  500: () => new EntraError(500, 'server_error', 50000, 'There was an error issuing a token or an issue with our sign-in service.'),
  503: () => new EntraError(503, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'),
  504: () => new EntraError(504, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'),
};

const STATUS_TEXT: Record<FaultStatus, string> = { 500: 'InternalServerError', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' };

function sendFaultError(ctx: RequestContext, status: FaultStatus, retryAfter: number | undefined): void {
  const headers: Record<string, string> = { 'x-emulator-fault': String(status) };
  const ra = retryAfter ?? (status === 503 ? 1 : undefined);
  if (ra !== undefined) headers['retry-after'] = String(ra);
  const path = ctx.url.pathname;
  if (/^\/(v1\.0|beta)(\/|$)/i.test(path)) {
    const { code, message } = GRAPH_ERRORS[status];
    ctx.json(status, { error: { code, message, innerError: { date: graphDate(), 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId } } }, {
      ...headers, 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId, 'cache-control': 'no-cache',
    });
    return;
  }
  if (/\/oauth2\//i.test(path)) {
    for (const [k, v] of Object.entries(headers)) ctx.res.setHeader(k, v);
    sendEntraError(ctx, ENTRA_ERRORS[status]());
    return;
  }
  ctx.json(status, { error: { code: STATUS_TEXT[status], message: `Fault injected by the emulator (HTTP ${status}).` } }, headers);
}

/** Holds back the body written to `res` and sends it in `chunkBytes` pieces, `delayMs` apart. */
function trickle(res: ServerResponse, chunkBytes: number, delayMs: number): void {
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  const end = res.end.bind(res) as () => ServerResponse;
  const held: Buffer[] = [];
  const hold = (chunk: unknown, encoding?: unknown): void => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    held.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
  };
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    hold(chunk, encoding);
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    hold(chunk, encoding);
    const done = [chunk, encoding, cb].find((x) => typeof x === 'function') as (() => void) | undefined;
    if (done) res.once('finish', done);
    const body = Buffer.concat(held);
    void (async () => {
      for (let off = 0; off < body.length; off += chunkBytes) {
        if (res.destroyed) return;
        if (off > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (res.destroyed) return;
        write(body.subarray(off, off + chunkBytes));
      }
      end();
    })();
    return res;
  }) as ServerResponse['end'];
}

// ---- the admin endpoint ------------------------------------------------------------------------------
/** GET / POST / DELETE /_emulator/faults and DELETE /_emulator/faults/:id, for loopback clients only. */
export function faultAdminRoutes(router: Router, faults: FaultInjector): void {
  const guard = (ctx: RequestContext): boolean => loopbackOnly(ctx, 'fault admin');
  router
    .on('GET', '/_emulator/faults', (ctx) => { if (guard(ctx)) ctx.json(200, faults.list()); })
    .on('POST', '/_emulator/faults', async (ctx) => {
      if (!guard(ctx)) return;
      let body: unknown;
      let raw: string;
      try {
        raw = (await ctx.body(64 * 1024)).toString('utf8');
      } catch {
        return ctx.json(413, { error: { code: 'BadRequest', message: 'The rules are too large (64 KiB at most).' } });
      }
      const isJson = /^application\/json/i.test(ctx.header('content-type') ?? '');
      try {
        body = JSON.parse(raw);
      } catch {
        // text/plain (or no type): one rule per line in the --fault syntax, e.g. curl --data 'GET /x error=503'.
        body = isJson ? undefined : raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      }
      if (body === undefined || (Array.isArray(body) && body.length === 0)) {
        return ctx.json(400, { error: { code: 'BadRequest', message: 'Send a rule object, an array of rules, or rules in the --fault syntax (a JSON string, or text/plain with one rule per line).' } });
      }
      const inputs = Array.isArray(body) ? body : [body];
      try {
        // Validate all before adding any.
        const rules = inputs.map((r) => (typeof r === 'string' ? parseFaultRule(r) : validateFaultRule(r)));
        ctx.json(201, rules.map((r) => faults.add(r)));
      } catch (err) {
        if (!(err instanceof FaultRuleError)) throw err;
        ctx.json(400, { error: { code: 'BadRequest', message: err.message } });
      }
    })
    .on('DELETE', '/_emulator/faults', (ctx) => { if (guard(ctx)) ctx.json(200, { removed: faults.clear() }); })
    .on('DELETE', '/_emulator/faults/:id', (ctx, p) => {
      if (!guard(ctx)) return;
      if (faults.remove(p.id!)) ctx.send(204, '');
      else ctx.json(404, { error: { code: 'NotFound', message: `No fault rule with id '${p.id}'.` } });
    });
}
