// The -o format names every command shares, and the message for one a command does not offer. Pure, so the
// get-token plan (core/token-request.ts, also used by the cache fast path) checks -o the same way as the CLI.
// What each format prints: docs/architecture.md ("Output"); the renderers are in src/cli/output/.

export const OUTPUT_FORMATS = ['table', 'json', 'jsonc', 'yaml', 'tsv', 'csv', 'ndjson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Report formats a command may add to the shared ones (only `inventory scan` does): a document for people, built from the rows as they stream. */
export const REPORT_FORMATS = ['html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The formats that print the JSON form (after --query), as opposed to rows or a view for people. */
export const JSON_FORMATS: readonly OutputFormat[] = ['json', 'jsonc', 'yaml', 'ndjson'];

/** "unknown output format 'xml'; use table, json, jsonc, yaml, tsv, csv or ndjson." */
export function unknownFormatMessage(value: string, offered: readonly string[]): string {
  const list = offered.length > 1 ? `${offered.slice(0, -1).join(', ')} or ${offered[offered.length - 1]}` : offered.join('');
  return `unknown output format '${value}'; use ${list}.`;
}
