// A minimal method + path router. Patterns use `:name` segments; a trailing `*` matches the rest.
import type { RequestContext } from './context.ts';

export type Params = Record<string, string>;
export type Handler = (ctx: RequestContext, params: Params) => Promise<void> | void;

interface Route<H> { method: string; regex: RegExp; keys: string[]; handler: H }

/** Routes requests to handlers of type H; method '*' matches any method. */
export class Router<H = Handler> {
  private routes: Route<H>[] = [];

  on(method: string, pattern: string, handler: H): this {
    const keys: string[] = [];
    const source = pattern.split('/').map((seg) => {
      if (seg === '*') { keys.push('rest'); return '(.*)'; }
      if (seg.startsWith(':')) { keys.push(seg.slice(1)); return '([^/]+)'; }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join('/');
    this.routes.push({ method, regex: new RegExp(`^${source}/?$`, 'i'), keys, handler });
    return this;
  }

  /** Finds the handler for a request; `methodMismatch` is true when the path exists for another method. */
  match(method: string, path: string): { handler: H; params: Params } | { methodMismatch: boolean } {
    let methodMismatch = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      if (r.method !== '*' && r.method !== method && !(r.method === 'GET' && method === 'HEAD')) { methodMismatch = true; continue; }
      const params: Params = {};
      r.keys.forEach((k, i) => { params[k] = safeDecode(m[i + 1] ?? ''); });
      return { handler: r.handler, params };
    }
    return { methodMismatch };
  }
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
