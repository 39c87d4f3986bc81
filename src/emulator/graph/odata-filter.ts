// A parser and evaluator for the OData $filter subset Microsoft Graph supports on directory objects:
// eq ne gt ge lt le, and/or/not, parentheses, in (...), startswith/endswith, any() lambdas over
// collections, and `x/$count eq N`. Hand-written: no maintained JS library implements Graph's
// dialect (its lambda and $count forms, its error texts), and the grammar is small.
import { GE } from './errors.ts';

export type FilterNode =
  | { k: 'and' | 'or'; l: FilterNode; r: FilterNode }
  | { k: 'not'; e: FilterNode }
  | { k: 'cmp'; op: string; path: string[]; value: Literal }
  | { k: 'func'; name: 'startswith' | 'endswith' | 'contains'; path: string[]; value: string }
  | { k: 'in'; path: string[]; values: Literal[] }
  | { k: 'any'; path: string[]; variable: string; body: FilterNode | null }
  | { k: 'count'; path: string[]; op: string; value: number };

type Literal = string | number | boolean | null | { date: number };
type Token = { t: 'id' | 'str' | 'num' | 'punc' | 'date'; v: string };

const COMPARISON = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    if ('(),:'.includes(ch)) { out.push({ t: 'punc', v: ch }); i++; continue; }
    if (ch === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw syntax('unterminated string literal');
        if (src[i] === "'") { if (src[i + 1] === "'") { s += "'"; i += 2; continue; } i++; break; }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    const date = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/.exec(src.slice(i));
    if (date && date[0].length > 4 && /^\d{4}-/.test(date[0])) { out.push({ t: 'date', v: date[0] }); i += date[0].length; continue; }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const id = /^[A-Za-z_$][\w$]*(\/[A-Za-z_$][\w$]*)*/.exec(src.slice(i));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    throw syntax(`unexpected character '${ch}' at position ${i}`);
  }
  return out;
}

/**
 * How big a $filter may be: ASP.NET OData's default MaxNodeCount, which Graph is built on, and a nesting
 * limit so that parsing (recursive descent) and evaluating stay far from the stack's end. Beyond them Graph
 * answers 400, never 500 (docs/protocol-notes.md, "Limits").
 */
export const MAX_FILTER_NODES = 100;
export const MAX_FILTER_DEPTH = 32;

function tooComplex() {
  return GE.unsupportedQuery(`The query specified in the URI is not valid. The node count limit of '${MAX_FILTER_NODES}' has been exceeded. To increase the limit, set the 'MaxNodeCount' property on EnableQueryAttribute or ODataValidationSettings.`);
}

function syntax(detail: string) {
  return GE.badRequest(`Invalid filter clause: ${detail}.`);
}

export function parseFilter(src: string): FilterNode {
  const toks = tokenize(src);
  let pos = 0;
  const peek = () => toks[pos];
  const next = () => { const t = toks[pos++]; if (!t) throw syntax('unexpected end of expression'); return t; };
  const expect = (v: string) => { const t = next(); if (t.v !== v) throw syntax(`expected '${v}' but found '${t.v}'`); };
  const isKw = (v: string) => peek()?.t === 'id' && peek()!.v.toLowerCase() === v;
  let nodes = 0;
  let depth = 0;
  /** Counts a node of the tree. */
  const node = <N extends FilterNode>(n: N): N => { if (++nodes > MAX_FILTER_NODES) throw tooComplex(); return n; };
  /** Runs `f` one nesting level deeper (parentheses, not, lambda bodies). */
  const nested = <T>(f: () => T): T => { if (++depth > MAX_FILTER_DEPTH) throw tooComplex(); try { return f(); } finally { depth--; } };

  function literal(): Literal {
    const t = next();
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'date') return { date: Date.parse(t.v) };
    if (t.t === 'id' && ['true', 'false', 'null'].includes(t.v)) return t.v === 'null' ? null : t.v === 'true';
    throw syntax(`expected a literal but found '${t.v}'`);
  }

  function primary(): FilterNode {
    const t = peek();
    if (!t) throw syntax('unexpected end of expression');
    if (t.v === '(') { next(); const e = nested(orExpr); expect(')'); return e; }
    if (t.t !== 'id') throw syntax(`unexpected '${t.v}'`);
    next();
    const lower = t.v.toLowerCase();
    if ((lower === 'startswith' || lower === 'endswith' || lower === 'contains') && peek()?.v === '(') {
      next();
      const p = next();
      if (p.t !== 'id') throw syntax(`${lower} needs a property name first`);
      expect(',');
      const v = next();
      if (v.t !== 'str') throw syntax(`${lower} needs a string second`);
      expect(')');
      return node({ k: 'func', name: lower, path: p.v.split('/'), value: v.v });
    }
    const path = t.v.split('/');
    const last = path[path.length - 1]!.toLowerCase();
    if ((last === 'any' || last === 'all') && peek()?.v === '(') {
      next();
      path.pop();
      if (peek()?.v === ')') { next(); return node({ k: 'any', path, variable: '', body: null }); }
      const variable = next();
      if (variable.t !== 'id') throw syntax('expected a lambda variable');
      expect(':');
      const body = nested(orExpr);
      expect(')');
      return node({ k: 'any', path, variable: variable.v, body });
    }
    if (last === '$count') {
      path.pop();
      const op = next().v.toLowerCase();
      if (!COMPARISON.has(op)) throw syntax(`unknown operator '${op}'`);
      const value = literal();
      if (typeof value !== 'number') throw syntax('$count compares with a number');
      return node({ k: 'count', path, op, value });
    }
    const opTok = next();
    const op = opTok.v.toLowerCase();
    if (op === 'in') {
      expect('(');
      const values: Literal[] = [literal()];
      while (peek()?.v === ',') { next(); values.push(literal()); }
      expect(')');
      return node({ k: 'in', path, values });
    }
    if (!COMPARISON.has(op)) throw syntax(`unknown operator '${opTok.v}'`);
    return node({ k: 'cmp', op, path, value: literal() });
  }

  function notExpr(): FilterNode {
    if (isKw('not')) { next(); return node({ k: 'not', e: nested(notExpr) }); }
    return primary();
  }
  function andExpr(): FilterNode {
    let l = notExpr();
    while (isKw('and')) { next(); l = node({ k: 'and', l, r: notExpr() }); }
    return l;
  }
  function orExpr(): FilterNode {
    let l = andExpr();
    while (isKw('or')) { next(); l = node({ k: 'or', l, r: andExpr() }); }
    return l;
  }

  const tree = orExpr();
  if (pos < toks.length) throw syntax(`unexpected '${toks[pos]!.v}'`);
  return tree;
}

/** Whether the filter needs Graph's advanced query mode (ConsistencyLevel: eventual). */
export function needsAdvancedQuery(node: FilterNode): boolean {
  switch (node.k) {
    case 'and': case 'or': return needsAdvancedQuery(node.l) || needsAdvancedQuery(node.r);
    case 'not': return true;
    case 'cmp': return node.op === 'ne';
    case 'func': return node.name !== 'startswith';
    case 'count': return true;
    case 'any': return node.body ? needsAdvancedQuery(node.body) : false;
    case 'in': return false;
  }
}

/** Every top-level property the filter reads, to check against what the resource supports. */
export function filterProperties(node: FilterNode): string[] {
  switch (node.k) {
    case 'and': case 'or': return [...filterProperties(node.l), ...filterProperties(node.r)];
    case 'not': return filterProperties(node.e);
    default: return [node.path[0]!];
  }
}

export function evaluate(node: FilterNode, obj: Record<string, unknown>, scope: Record<string, unknown> = {}): boolean {
  switch (node.k) {
    case 'and': return evaluate(node.l, obj, scope) && evaluate(node.r, obj, scope);
    case 'or': return evaluate(node.l, obj, scope) || evaluate(node.r, obj, scope);
    case 'not': return !evaluate(node.e, obj, scope);
    case 'cmp': return compare(resolve(node.path, obj, scope), node.op, node.value);
    case 'in': { const v = resolve(node.path, obj, scope); return node.values.some((x) => compare(v, 'eq', x)); }
    case 'func': {
      const v = resolve(node.path, obj, scope);
      if (typeof v !== 'string') return false;
      const a = v.toLowerCase();
      const b = node.value.toLowerCase();
      return node.name === 'startswith' ? a.startsWith(b) : node.name === 'endswith' ? a.endsWith(b) : a.includes(b);
    }
    case 'count': {
      const v = resolve(node.path, obj, scope);
      return compare(Array.isArray(v) ? v.length : 0, node.op, node.value);
    }
    case 'any': {
      const v = resolve(node.path, obj, scope);
      if (!Array.isArray(v)) return false;
      if (!node.body) return v.length > 0;
      return v.some((item) => evaluate(node.body!, obj, { ...scope, [node.variable]: item }));
    }
  }
}

function resolve(path: string[], obj: Record<string, unknown>, scope: Record<string, unknown>): unknown {
  // Own properties only: a filter on 'constructor' or '__proto__' reads nothing, not Object's internals.
  const own = (o: unknown, k: string) => (o && typeof o === 'object' && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);
  let cur: unknown = Object.hasOwn(scope, path[0]!) ? scope[path[0]!] : own(obj, path[0]!);
  for (const seg of path.slice(1)) cur = own(cur, seg);
  return cur;
}

function compare(actual: unknown, op: string, expected: Literal): boolean {
  let a: unknown = actual;
  let b: unknown = expected;
  if (expected && typeof expected === 'object' && 'date' in expected) {
    b = expected.date;
    a = typeof actual === 'string' ? Date.parse(actual) : actual;
  } else if (typeof a === 'string' && typeof b === 'string') {
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  if (a === undefined) a = null;
  switch (op) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'gt': return a !== null && b !== null && (a as number) > (b as number);
    case 'ge': return a !== null && b !== null && (a as number) >= (b as number);
    case 'lt': return a !== null && b !== null && (a as number) < (b as number);
    case 'le': return a !== null && b !== null && (a as number) <= (b as number);
    default: return false;
  }
}
