// `emulator ca`: create (once) and print the local CA certificate path, so a shell can trust the emulator
// before anything starts: export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)".
import { join } from 'node:path';
import { ensureLocalCa } from '../../emulator/tls/certificates.ts';
import { appPaths } from '../../shared/paths.ts';
import { line, type Io } from '../io.ts';

export function emulatorCa(opts: { stateDir?: string }, io: Io): void {
  const dir = opts.stateDir ? join(opts.stateDir, 'tls') : join(appPaths(io.env).data, 'emulator-tls');
  line(io.out, ensureLocalCa(dir).certPath);
}
