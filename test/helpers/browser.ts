// Headless Chromium (the system's /usr/bin/chromium, driven by playwright-core) for tests where a person
// signs in through the emulator's pages. Chromium ignores NODE_EXTRA_CA_CERTS, so it is told to trust
// exactly one key: the emulator's server key, read over a TLS connection that Node verified against the
// emulator CA. Every other certificate error still fails the page load.
import { connect } from 'node:tls';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { RunningEmulator } from '../../src/emulator/index.ts';

export const CHROMIUM_PATH = process.env.EAC_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** base64(SHA-256(SPKI)) of the certificate the emulator serves, after Node has verified its chain. */
export async function emulatorSpkiHash(emu: RunningEmulator): Promise<string> {
  const url = new URL(emu.info.authorityHost);
  const der = await new Promise<Buffer>((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), servername: /^[\d.]+$/.test(url.hostname) ? undefined : url.hostname, rejectUnauthorized: true }, () => {
      const raw = socket.getPeerX509Certificate()?.raw;
      socket.end();
      if (raw) resolve(raw); else reject(new Error('the emulator presented no certificate'));
    });
    socket.once('error', reject);
  });
  const spki = new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export async function launchChromium(emu: RunningEmulator): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...HEADLESS_ARGS, `--ignore-certificate-errors-spki-list=${await emulatorSpkiHash(emu)}`] });
}

/** Chromium for a file the CLI wrote (the html report): no server, no certificate to trust. */
export async function launchChromiumForFiles(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: HEADLESS_ARGS });
}
