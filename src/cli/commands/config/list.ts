// `config list`: every profile, the default marked; a table on a terminal, TSV in a pipe, CSV or JSON on request.
import { withoutStoreKeys } from '../../../core/profile-draft.ts';
import type { Profile } from '../../../core/profile.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import { parseFormat, renderRows, type Column } from '../../ui/table.ts';
import { withConfigErrors } from './shared.ts';

type Row = Profile & { default: boolean };

const COLUMNS: Column<Row>[] = [
  { header: 'DEFAULT', value: (r) => (r.default ? '*' : '') },
  { header: 'NAME', value: (r) => r.name },
  { header: 'CLOUD', value: (r) => r.cloud },
  { header: 'TENANT', value: (r) => r.tenant },
  { header: 'CLIENT ID', value: (r) => r.clientId },
  { header: 'AUTH METHOD', value: (r) => r.authMethod },
  { header: 'FLOW', value: (r) => r.defaultFlow },
  { header: 'SCOPES', value: (r) => r.scopes.join(' ') },
];

export function run(opts: { output?: string }, f: Factory): Promise<void> {
  return withConfigErrors(async () => {
    const { io } = f;
    const format = parseFormat(opts.output, ['table', 'tsv', 'csv', 'json'], io.stdoutIsTty);
    const doc = f.profiles.read();
    const rows: Row[] = Object.values(doc.profiles).sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ ...withoutStoreKeys(p), default: p.name === doc.defaultProfile }));
    io.out.write(renderRows(rows, COLUMNS, format));
    if (!rows.length && format !== 'json') line(io.err, 'No profiles yet. Create one with: entra-auth-cli config create');
  });
}
