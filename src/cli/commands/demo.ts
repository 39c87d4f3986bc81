// `demo`: the whole idea in one command, no Azure account needed. Starts an emulated tenant in this
// process, signs in its bootstrap app through MSAL (client credentials), and shows the token's claims.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { startEmulator } from '../../emulator/index.ts';
import { HttpClient, msalNetworkClient } from '../../entra/http.ts';
import { decodeJwt, explainClaims } from '../../core/claims.ts';
import { renderRows } from '../ui/table.ts';
import { line, paint, type Io } from '../io.ts';

export async function demo(io: Io): Promise<void> {
  const c = paint(io);
  const dir = mkdtempSync(join(tmpdir(), 'eac-demo-'));
  const step = (n: number, text: string) => line(io.err, `${c.cyan(`[${n}/3]`)} ${text}`);
  const emu = await startEmulator({ port: 0, caDir: join(dir, 'tls') });
  const http = new HttpClient({ extraCaFiles: [emu.info.caCertPath!] });
  try {
    step(1, `Started an emulated Entra tenant at ${emu.info.authorityHost} (${emu.info.tenantDomain})`);
    const authority = `${emu.info.authorityHost}/${emu.info.tenantId}`;
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: emu.info.bootstrap.clientId, clientSecret: emu.info.bootstrap.clientSecret, authority,
        knownAuthorities: [new URL(emu.info.authorityHost).host],
      },
      system: { networkClient: msalNetworkClient(http) },
    });
    const scope = 'https://graph.microsoft.com/.default';
    const result = await app.acquireTokenByClientCredential({ scopes: [scope] });
    if (!result) throw new Error('MSAL returned no token');
    step(2, `MSAL acquired an app-only token for Microsoft Graph (client credentials with a client secret), valid until ${result.expiresOn?.toISOString()}`);
    step(3, 'Its claims, decoded:');
    const { claims } = decodeJwt(result.accessToken);
    const rows = explainClaims(claims, new Date());
    io.out.write(renderRows(rows, [
      { header: 'Claim', value: (r) => r.claim },
      { header: 'Value', value: (r) => r.value },
      { header: 'Meaning', value: (r) => r.meaning },
    ], io.stdoutIsTty ? 'table' : 'tsv'));
    line(io.err);
    line(io.err, `Run your own tests against it: ${c.bold('entra-auth-cli emulator start')} (see README).`);
  } finally {
    http.close();
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
