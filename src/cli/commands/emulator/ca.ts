// `emulator ca`: create (once) and print the local CA certificate path, so a shell can trust the emulator
// before anything starts: export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)".
import { emulatorCaDir } from '../../../store/paths.ts';
import { defineCommand, flag } from '../../define-command.ts';
import type { Factory } from '../../factory.ts';
import { line } from '../../io.ts';

export const command = defineCommand({
  name: 'emulator ca',
  description: "Print the path of the emulator's local CA certificate, creating it if needed.",
  flags: [flag('--state-dir <dir>', 'the state dir the emulator will use (its CA lives in <dir>/tls)')],
  help: `
Examples:
  $ export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)"
  $ export REQUESTS_CA_BUNDLE="$(entra-auth-cli emulator ca)"   # Python / Azure CLI`,
  run,
});

export async function run(opts: { stateDir?: string }, f: Factory): Promise<void> {
  // The certificate code (node-forge) loads only here.
  const { ensureLocalCa, stateCaDir } = await import('../../../emulator/tls/certificates.ts');
  const dir = opts.stateDir ? stateCaDir(opts.stateDir) : emulatorCaDir(f.env);
  line(f.io.out, ensureLocalCa(dir).certPath);
}
