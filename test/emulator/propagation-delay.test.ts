// Proves the propagation delay: a secret added through Graph is refused by the token endpoint with Entra's
// invalid-secret error (logged with its key id) until the delay has passed, a removed one stops at once, seeded
// secrets are not delayed, a secret whose start is in the future is refused until then, and the delay is off by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEmulator, postForm, tokenUrl } from '../helpers/emulator.ts';
import { assertEntraError } from '../helpers/entra-error.ts';
import { bootstrapToken, graph, makeApp, GRAPH_DEFAULT } from '../helpers/graph.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';

const ask = (emu: RunningEmulator, clientId: string, secret: string) =>
  postForm(tokenUrl(emu), { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: GRAPH_DEFAULT });

test('with a 15 s delay: refused (401 invalid_client, AADSTS7000215) until 15 s after addPassword, then accepted; removal is immediate', async () => {
  let now = Date.now();
  const emu = await testEmulator({ propagationDelayMs: 15_000, now: () => now });
  const daemon = makeApp(emu, 'Delayed Daemon', []);
  now = Date.now(); // makeApp dates its secret by the real clock
  assert.equal((await ask(emu, daemon.clientId, daemon.secret)).status, 200, 'secrets that did not come through Graph are not delayed');
  const token = await bootstrapToken(emu);
  const added = await graph(emu, 'POST', `/applications/${daemon.app.id}/addPassword`, { token, body: { passwordCredential: { displayName: 'new' } } });
  assert.equal(added.status, 200, added.text);
  assert.equal(added.json.startDateTime, new Date(now).toISOString(), 'Graph shows it as started: the delay is the STS catching up');

  const early = await ask(emu, daemon.clientId, added.json.secretText);
  assertEntraError(early, 401, 'invalid_client', 7000215);
  now += 14_000;
  assertEntraError(await ask(emu, daemon.clientId, added.json.secretText), 401, 'invalid_client', 7000215);
  now += 1_000;
  assert.equal((await ask(emu, daemon.clientId, added.json.secretText)).status, 200, 'works once the delay has passed');

  const log = emu.store.defaultTenant.record.signIns.filter((e) => e.appId === daemon.clientId && e.servicePrincipalCredentialKeyId === added.json.keyId);
  assert.deepEqual(log.map((e) => e.status.errorCode), [7000215, 7000215, 0], 'the refused attempts name the key they used');

  const removed = await graph(emu, 'POST', `/applications/${daemon.app.id}/removePassword`, { token, body: { keyId: added.json.keyId } });
  assert.equal(removed.status, 204, removed.text);
  assertEntraError(await ask(emu, daemon.clientId, added.json.secretText), 401, 'invalid_client', 7000215);
});

test('the delay is off by default, and a secret that starts in the future is refused until its start', async () => {
  let now = Date.now();
  const emu = await testEmulator({ now: () => now });
  const daemon = makeApp(emu, 'Undelayed Daemon', []);
  const token = await bootstrapToken(emu);
  const added = await graph(emu, 'POST', `/applications/${daemon.app.id}/addPassword`, { token, body: {} });
  assert.equal((await ask(emu, daemon.clientId, added.json.secretText)).status, 200);

  const later = await graph(emu, 'POST', `/applications/${daemon.app.id}/addPassword`, { token, body: { passwordCredential: { startDateTime: new Date(now + 3600_000).toISOString() } } });
  assert.equal(later.status, 200, later.text);
  assertEntraError(await ask(emu, daemon.clientId, later.json.secretText), 401, 'invalid_client', 7000215);
  now += 3600_000;
  assert.equal((await ask(emu, daemon.clientId, later.json.secretText)).status, 200);
});
