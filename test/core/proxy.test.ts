// Proxy selection follows HTTPS_PROXY / NO_PROXY like other tools, and never proxies loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxyFor } from '../../src/core/proxy.ts';

const u = (s: string) => new URL(s);

test('HTTPS_PROXY applies, NO_PROXY hosts, suffixes, ports and * bypass it', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'internal.corp, .vault.azure.net,graph.microsoft.com:8443' };
  assert.equal(proxyFor(u('https://login.microsoftonline.com/x'), env), 'http://proxy.corp:3128');
  assert.equal(proxyFor(u('https://internal.corp/x'), env), undefined);
  assert.equal(proxyFor(u('https://api.internal.corp/x'), env), undefined);
  assert.equal(proxyFor(u('https://myvault.vault.azure.net/'), env), undefined);
  assert.equal(proxyFor(u('https://graph.microsoft.com/v1.0'), env), 'http://proxy.corp:3128', 'a port rule binds only that port');
  assert.equal(proxyFor(u('https://graph.microsoft.com:8443/v1.0'), env), undefined);
  assert.equal(proxyFor(u('https://login.microsoftonline.com/'), { ...env, NO_PROXY: '*' }), undefined);
  assert.equal(proxyFor(u('https://login.microsoftonline.com/'), { https_proxy: 'proxy.corp:8080' }), 'http://proxy.corp:8080');
  assert.equal(proxyFor(u('https://login.microsoftonline.com/'), {}), undefined);
});

test('loopback is always direct, so a local emulator works behind a corporate proxy', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128' };
  for (const url of ['https://127.0.0.1:8443/', 'https://localhost:8443/', 'https://[::1]:8443/', 'https://login.emu.localhost/']) {
    assert.equal(proxyFor(u(url), env), undefined, url);
  }
});
