// `config list`: every profile, the default marked; a table on a terminal, TSV in a pipe, or any -o format.
import { withoutStoreKeys } from '../../../core/profile-draft.ts';
import type { Profile } from '../../../core/profile.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';
import type { RowView } from '../../output/columns.ts';
import { resolveOutput, type OutputFlags } from '../../output/output.ts';
import { LIST_OUTPUT } from '../../output/specs.ts';
import { withConfigErrors } from './shared.ts';
import { defineCommand } from '../../define-command.ts';

type Row = Profile & { default: boolean };

const VIEW: RowView<Row> = {
  columns: [
    { header: 'DEFAULT', value: (r) => (r.default ? '*' : '') },
    { header: 'NAME', value: (r) => r.name },
    { header: 'CLOUD', value: (r) => r.cloud },
    { header: 'TENANT', value: (r) => r.tenant },
    { header: 'CLIENT ID', value: (r) => r.clientId },
    { header: 'AUTH METHOD', value: (r) => r.authMethod },
    { header: 'FLOW', value: (r) => r.defaultFlow },
    { header: 'SCOPES', value: (r) => r.scopes.join(' ') },
  ],
  // The JSON form is the profile as stored, with `default` (config list -o json | jq 'select(.default)').
};

export const command = defineCommand({
  name: 'config list',
  description: 'List the profiles; * marks the default.',
  output: { spec: LIST_OUTPUT },
  help: `
Examples:
  $ entra-auth-cli config list
  $ entra-auth-cli config list -o json | jq -r '.[] | select(.default) | .name'`,
  run,
});

export function run(opts: OutputFlags, f: Factory): Promise<void> {
  return withConfigErrors(async () => {
    const { io } = f;
    const output = await resolveOutput(opts, LIST_OUTPUT, io);
    const doc = f.profiles.read();
    const rows: Row[] = Object.values(doc.profiles).sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ ...withoutStoreKeys(p), default: p.name === doc.defaultProfile }));
    const { writeRows } = await import('../../output/sink.ts'); // the renderers load when there is something to render
    await writeRows(io.out, output, VIEW, rows);
    if (!rows.length && (output.format === 'table' || output.format === 'tsv' || output.format === 'csv')) line(io.err, 'No profiles yet. Create one with: entra-auth-cli config create');
  });
}
