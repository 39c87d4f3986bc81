// --query: a JMESPath expression run on the command's JSON form before any format renders it, as the Azure
// CLI does (`az ... --query "[].name" -o tsv`). JMESPath from @jmespath-community/jmespath (typed, maintained,
// the JMESPath spec plus the community's additions), loaded only when a query is given. A query that does
// not parse, or fails on the data (a function given the wrong type), is a usage error (exit 2).
import { UsageError } from '../errors.ts';

export interface Query {
  expression: string;
  /** The query's result for `data` (the JSON form); a usage error when it fails. */
  run(data: unknown): unknown;
}

/** The compiled --query, or undefined without one. Compiling first reports a bad expression before any work. */
export async function compileQuery(expression: string | undefined): Promise<Query | undefined> {
  if (expression === undefined) return undefined;
  if (!expression.trim()) throw new UsageError('--query: empty JMESPath expression.', 'For example: --query "[].name"');
  const { compile, TreeInterpreter } = await import('@jmespath-community/jmespath');
  let ast: ReturnType<typeof compile>;
  try {
    ast = compile(expression);
  } catch (err) {
    throw new UsageError(`--query: invalid JMESPath expression '${expression}': ${(err as Error).message}`, 'See https://jmespath.org for the syntax; quote the expression for your shell.');
  }
  return {
    expression,
    run(data) {
      try {
        // Through JSON first: the query sees exactly what -o json prints (dates as strings, no undefined).
        return TreeInterpreter.search(ast, JSON.parse(JSON.stringify(data ?? null)));
      } catch (err) {
        throw new UsageError(`--query '${expression}' failed on the data: ${(err as Error).message}`);
      }
    },
  };
}
