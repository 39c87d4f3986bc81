// The -o formats each command offers and its defaults, read by program.ts (the -o help) and by the command
// (the check). They move into the command files when those own their flags (docs/architecture.md).
import { TOKEN_FORMATS, type TokenFormat } from '../../core/token-output.ts';
import { REPORT_FORMATS, type ReportFormat } from '../../core/output-formats.ts';
import { allFormats, OUTPUT_FORMATS, type OutputFormat, type OutputSpec } from './formats.ts';

/** A list (config list, discover): a table for people, tab-separated in a pipe. */
export const LIST_OUTPUT = allFormats({ tty: 'table', pipe: 'tsv' });

/** One object shown as a property table (config show): like a list. */
export const PROPERTIES_OUTPUT = allFormats({ tty: 'table', pipe: 'tsv' });

/** One object whose natural data form is JSON (whoami): json in a pipe. */
export const OBJECT_OUTPUT = allFormats({ tty: 'table', pipe: 'json' });

/** get-token: the panel for people, the bare token in a pipe (so $(...) just works). */
export const TOKEN_OUTPUT: OutputSpec<TokenFormat> = {
  formats: TOKEN_FORMATS, tty: 'table', pipe: 'raw',
  notes: { raw: 'the token only', table: 'the token and its expiry, scopes, tenant' },
};

/** secret create: the one-time panel everywhere unless data is asked for. */
export const SECRET_OUTPUT: OutputSpec<OutputFormat> = {
  formats: ['table', 'json', 'jsonc', 'yaml', 'ndjson', 'tsv', 'csv'], tty: 'table', pipe: 'table',
  notes: { table: 'the one-time panel and details', json: '{application, appId, displayName, keyId, endDateTime, days, storedIn}' },
};

/** inspect: the explained token everywhere; tsv and csv are its claims. */
export const INSPECT_OUTPUT: OutputSpec<OutputFormat> = {
  formats: ['table', 'json', 'jsonc', 'yaml', 'ndjson', 'tsv', 'csv'], tty: 'table', pipe: 'table',
  notes: { table: 'header, claims explained, summary', tsv: 'the claims', csv: 'the claims' },
};

/** inventory scan: a list (streamed in tsv, csv, ndjson) plus the html report (cli/output/html-report/). */
export const INVENTORY_OUTPUT: OutputSpec<OutputFormat | ReportFormat> = {
  formats: [...OUTPUT_FORMATS, ...REPORT_FORMATS], tty: 'table', pipe: 'tsv',
  notes: { html: 'a self-contained report to open in a browser: timeline, owners at risk, sortable table' },
};
