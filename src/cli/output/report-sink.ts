// The row sink of a command that offers a report format next to the shared ones (inventory scan's -o html):
// the report's own sink for its format, the shared row sink (sink.ts) for every other.
import type { ReportFormat } from '../../core/output-formats.ts';
import { UsageError } from '../errors.ts';
import type { RowView } from './columns.ts';
import type { OutputFormat } from './formats.ts';
import type { Output } from './output.ts';
import { openRowSink, type RowSink } from './sink.ts';

export function openListOrReportSink<R>(
  out: NodeJS.WritableStream,
  output: Output<OutputFormat | ReportFormat>,
  view: RowView<R>,
  reports: Record<ReportFormat, () => RowSink<R>>,
  rowOptions: Parameters<typeof openRowSink>[3] = {},
): RowSink<R> {
  const { format } = output;
  if (format === 'html') {
    if (output.query) throw new UsageError('--query does not apply to -o html: the report shows every row.', 'Use --query with -o json, ndjson, tsv or csv.');
    return reports[format]();
  }
  return openRowSink(out, { ...output, format }, view, rowOptions);
}
