// Fixtures for secret list / delete, made in the emulator's own state (setup, not stubs): an app with several
// credentials of each kind, a local profile on one of them, and a home signed in as the bootstrap app.
import { randomUUID } from 'node:crypto';
import { run as login } from '../../src/cli/commands/login.ts';
import { secretDisplayName } from '../../src/core/secret-naming.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { keyCredentialFromPem } from '../../src/emulator/state/seed.ts';
import { createSelfSigned } from '../../src/emulator/tls/certificates.ts';
import { testFactory } from './test-factory.ts';
import { homeWithEmulator, saveProfile, appWithSecret } from './token-profiles.ts';

export const DAY = 86_400_000;

/** A home with an emulator, signed in (`login --service-principal`) as the bootstrap app, or as `as`. */
export async function signedInHome(as?: (emu: RunningEmulator) => { clientId: string; secret: string }) {
  const { home, emu } = await homeWithEmulator();
  const who = as ? as(emu) : { clientId: emu.info.bootstrap.clientId, secret: emu.info.bootstrap.clientSecret };
  await login({ servicePrincipal: true, cloud: 'local', tenant: emu.info.tenantId, clientId: who.clientId, clientSecretStdin: true, timeout: '300' }, testFactory({ home, input: who.secret }).f);
  return { home, emu };
}

/**
 * An app with: `used` (a secret the profile 'demo' holds, matched by its hint), `spare` (EAC-EXP named, ends in
 * 90 days), `expired` (ended yesterday), and one certificate listed as Sign and Verify. Every value is returned
 * so tests can check none is ever printed.
 */
export async function appWithCredentials(home: string, emu: RunningEmulator, name = 'Lifecycle App') {
  const tenant = emu.store.defaultTenant;
  const now = new Date();
  const { app, sp, secretText: used, secretId: usedKeyId } = appWithSecret(emu, name);
  const spareEnd = new Date(now.getTime() + 90 * DAY);
  const spare = tenant.addPassword(app, { displayName: secretDisplayName(spareEnd), endDateTime: spareEnd }, now);
  const expired = tenant.addPassword(app, { displayName: 'old one', startDateTime: new Date(now.getTime() - 100 * DAY), endDateTime: new Date(now.getTime() - DAY) }, now);
  const cert = createSelfSigned(`${name} cert`);
  const verify = keyCredentialFromPem(cert.certPem, `${name} cert`);
  tenant.addKeyCredential(app, verify);
  const sign = { ...verify, keyId: randomUUID(), usage: 'Sign' as const };
  tenant.addKeyCredential(app, sign);
  await saveProfile(home, { name: 'demo', tenant: emu.info.tenantId, clientId: app.appId, authMethod: 'ClientSecret' }, { clientSecret: used });
  return {
    app, sp, used, usedKeyId, spare: { value: spare.secretText, keyId: spare.credential.keyId }, expired: { value: expired.secretText, keyId: expired.credential.keyId },
    cert: { verifyKeyId: verify.keyId, signKeyId: sign.keyId },
    values: [used, spare.secretText, expired.secretText, emu.info.bootstrap.clientSecret],
  };
}
