// Fixtures made in the emulator's own state (setup, not stubs): an app with a fresh certificate registered.
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { createSelfSigned, thumbprints } from '../../src/emulator/tls/certificates.ts';
import { keyCredentialFromPem } from '../../src/emulator/state/seed.ts';
import { GRAPH_APP_ID } from '../../src/emulator/state/microsoft-apps.ts';

/** A new app with a freshly generated certificate registered on it and one Graph app role granted. */
export function appWithCertificate(emu: RunningEmulator, name: string, graphRole = 'Application.Read.All') {
  const tenant = emu.store.defaultTenant;
  const { app, sp } = tenant.addApplication({ displayName: name }, new Date());
  tenant.grantAppRole(sp, GRAPH_APP_ID, graphRole, new Date());
  const cert = createSelfSigned(`${name} cert`);
  tenant.addKeyCredential(app, keyCredentialFromPem(cert.certPem, `${name} cert`));
  const { sha1, sha256 } = thumbprints(cert.certPem);
  return { app, sp, cert, sha1Hex: sha1.toString('hex'), sha256Hex: sha256.toString('hex') };
}
