// `config show`: one profile as a field/value table or JSON: its endpoints and where its secret is
// (keychain, file path, or reference), never the secret itself.
import { withoutStoreKeys } from '../../../core/profile-draft.ts';
import { describeProfileSecrets, hasStoredSecrets, type SecretWhere } from '../../../store/profile-secrets.ts';
import { EmulatorNotRunningError } from '../../../store/emulator-connection.ts';
import { tokenCacheFiles } from '../../../store/token-cache-files.ts';
import type { Factory } from '../../factory.ts';
import { resolveOutput, type OutputFlags } from '../../output/output.ts';
import { PROPERTIES_OUTPUT } from '../../output/specs.ts';
import { chooseProfile, withConfigErrors } from './shared.ts';
import { defineCommand, flag } from '../../define-command.ts';

export const command = defineCommand({
  name: 'config show',
  description: 'Show a profile and where its secret is kept (never the secret).',
  output: { spec: PROPERTIES_OUTPUT },
  flags: [flag('-p, --profile <name>', 'profile to show (default: the default profile)')],
  help: `
Examples:
  $ entra-auth-cli config show -p demo
  $ entra-auth-cli config show -p demo -o json`,
  run,
});

export function run(opts: { profile?: string } & OutputFlags, f: Factory): Promise<void> {
  return withConfigErrors(async () => {
    const { io } = f;
    const output = await resolveOutput(opts, PROPERTIES_OUTPUT, io);
    const doc = f.profiles.read();
    const p = chooseProfile(doc, opts.profile);
    const secrets = await describeProfileSecrets(p, hasStoredSecrets(p) ? await f.secrets() : undefined);
    let endpoints: { authorityHost: string; graphUrl: string } | null = null;
    let endpointNote = '';
    try {
      const c = f.cloud(p);
      endpoints = { authorityHost: c.authorityHost, graphUrl: c.graphUrl };
    } catch (err) {
      if (!(err instanceof EmulatorNotRunningError)) throw err;
      endpointNote = '(the local emulator; none is running now: entra-auth-cli emulator start)';
    }
    const cache = tokenCacheFiles(f.paths.cache, p.name);
    const isDefault = doc.defaultProfile === p.name;

    const json = { ...withoutStoreKeys(p), default: isDefault, endpoints, clientSecret: secrets.clientSecret, certificatePassword: secrets.certificatePassword, tokenCache: cache };
    const rows: [string, string][] = [
      ['Name', p.name],
      ['Default', isDefault ? 'yes' : 'no'],
      ['Cloud', p.cloud],
      ['Authority host', endpoints?.authorityHost ?? endpointNote],
      ['Graph', endpoints?.graphUrl ?? endpointNote],
      ['Tenant', p.tenant],
      ['Client ID', p.clientId],
      ['Auth method', p.authMethod],
      ['Default flow', p.defaultFlow],
      ['Scopes', p.scopes.join(' ')],
    ];
    if (p.authMethod === 'ClientSecret') rows.push(['Client secret', where(secrets.clientSecret, p.name, '--client-secret-stdin')]);
    if (p.certificate) {
      rows.push(['Certificate', `${p.certificate.path} (${p.certificate.format.toUpperCase()})`]);
      rows.push(['Certificate password', p.certificate.hasPassword ? where(secrets.certificatePassword, p.name, '--certificate-password-stdin') : 'none']);
    }
    rows.push(['Token cache', cache.length ? cache.join(', ') : 'empty'], ['Created', p.createdAt], ['Updated', p.updatedAt]);
    const { writeRecord } = await import('../../output/record.ts'); // the renderers load when there is something to render
    await writeRecord(io.out, output, { json, rows: { rows, columns: [{ header: 'FIELD', value: (r) => r[0] }, { header: 'VALUE', value: (r) => r[1] }] } });
  });
}

function where(w: SecretWhere, name: string, flag: string): string {
  switch (w.storage) {
    case 'reference': return `reference ${w.ref} (read when a token is needed)`;
    case 'none': return 'none';
    default: {
      const place = w.location;
      return w.present ? `stored in ${place}` : `MISSING from ${place}; set it with: entra-auth-cli config edit -p ${name} ${flag}`;
    }
  }
}
