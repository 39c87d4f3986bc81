// -o yaml: the JSON form as YAML 1.2 (the `yaml` package), loaded only when asked for. The library escapes
// C0 controls itself but leaves C1 and bidi controls raw: a string holding one is written double-quoted with
// it as a \u escape (core/terminal-text.ts), the same value for a YAML parser and inert on a terminal.
import { escapeJsonText, hasRawAfterJson } from '../../core/terminal-text.ts';
import { cjsExports } from './load-cjs.ts';

export async function yamlText(value: unknown): Promise<string> {
  const { Document, isScalar, visit } = cjsExports(await import('yaml'));
  const doc = new Document(JSON.parse(JSON.stringify(value ?? null)));
  let quoted = false;
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && hasRawAfterJson(node.value)) {
        node.type = 'QUOTE_DOUBLE';
        quoted = true;
      }
    },
  });
  const text = doc.toString({ lineWidth: 0 });
  // Only double-quoted scalars hold these characters now, and \u escapes are valid there.
  return quoted ? escapeJsonText(text) : text;
}
