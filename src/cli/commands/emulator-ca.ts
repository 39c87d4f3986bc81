// `emulator ca`: create (once) and print the local CA certificate path, so a shell can trust the emulator
// before anything starts: export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)".
import { ensureLocalCa, stateCaDir } from '../../emulator/tls/certificates.ts';
import { emulatorCaDir } from '../../store/paths.ts';
import { line, type Io } from '../io.ts';

export function emulatorCa(opts: { stateDir?: string }, io: Io): void {
  const dir = opts.stateDir ? stateCaDir(opts.stateDir) : emulatorCaDir(io.env);
  line(io.out, ensureLocalCa(dir).certPath);
}
