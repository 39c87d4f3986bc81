// Our HTTP layer goes through the proxy HTTPS_PROXY names (a real CONNECT tunnel here), keeps TLS and the
// extra CA end to end, and bypasses the proxy for NO_PROXY hosts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { testEmulator } from '../helpers/emulator.ts';
import { ensureLocalCa, issueServerCertificate } from '../../src/emulator/tls/certificates.ts';
import { HttpClient, NetworkError } from '../../src/entra/http.ts';

test('requests tunnel through HTTPS_PROXY with TLS to the real host name; NO_PROXY goes direct', async () => {
  // The emulator serves a certificate for a name that does not resolve: only the proxy can reach it.
  const ca = ensureLocalCa(dirname(process.env.EAC_TEST_CA!));
  const server = issueServerCertificate(ca, ['emulator.test']);
  const dir = mkdtempSync(join(tmpdir(), 'eac-proxy-'));
  writeFileSync(join(dir, 'cert.pem'), server.certPem);
  writeFileSync(join(dir, 'key.pem'), server.keyPem, { mode: 0o600 });
  const emu = await testEmulator({ certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') });

  const tunnels: string[] = [];
  const proxy = createServer();
  proxy.on('connect', (req, socket, head) => {
    tunnels.push(req.url ?? '');
    const upstream = connect(emu.port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  after(() => { proxy.closeAllConnections(); proxy.close(); });
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const url = `https://emulator.test:${emu.port}/${emu.info.tenantId}/v2.0/.well-known/openid-configuration`;
  const viaProxy = new HttpClient({ extraCaFiles: [process.env.EAC_TEST_CA!], env: { HTTPS_PROXY: proxyUrl } });
  const res = await viaProxy.send({ method: 'GET', url });
  viaProxy.close();
  assert.equal(res.status, 200);
  assert.equal(JSON.parse(res.body).issuer, `https://emulator.test:${emu.port}/${emu.info.tenantId}/v2.0`);
  assert.deepEqual(tunnels, [`emulator.test:${emu.port}`]);

  const bypass = new HttpClient({ extraCaFiles: [process.env.EAC_TEST_CA!], env: { HTTPS_PROXY: proxyUrl, NO_PROXY: '.test' } });
  await assert.rejects(bypass.send({ method: 'GET', url }), (e: unknown) => e instanceof NetworkError && e.causeCode === 'ENOTFOUND');
  bypass.close();
  assert.equal(tunnels.length, 1, 'NO_PROXY kept the proxy out');
});
