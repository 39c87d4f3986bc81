// The emulator takes its folders from the caller (docs/architecture.md): alone it makes a throwaway CA and
// removes it on stop; the package's startEmulator defaults the CA to the one `emulator ca` prints.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { startEmulator as startBare } from '../../src/emulator/index.ts';
import { startEmulator } from '../../src/index.ts';

test('the emulator alone uses a throwaway CA in the temp dir and removes it on stop', async () => {
  const emu = await startBare({ port: 0 });
  try {
    const ca = emu.info.caCertPath;
    assert.ok(ca && ca.startsWith(tmpdir()), `CA under the temp dir, got ${ca}`);
    assert.notEqual(ca, process.env.EAC_TEST_CA);
    assert.ok(existsSync(ca));
    await emu.stop();
    assert.equal(existsSync(dirname(ca)), false);
  } finally {
    await emu.stop();
  }
});

test("the package's startEmulator uses the CA `emulator ca` created (EAC_HOME/data/emulator-tls)", async () => {
  assert.ok(process.env.EAC_HOME && process.env.EAC_TEST_CA, 'run through scripts/test.mjs');
  const emu = await startEmulator({ port: 0 });
  try {
    assert.equal(emu.info.caCertPath, join(process.env.EAC_HOME, 'data', 'emulator-tls', 'ca.pem'));
    assert.equal(emu.info.caCertPath, process.env.EAC_TEST_CA);
    const res = await fetch(`${emu.info.authorityHost}/${emu.info.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
  } finally {
    await emu.stop();
  }
  assert.ok(existsSync(process.env.EAC_TEST_CA), 'the shared CA stays');
});

test("the package's startEmulator keeps <stateDir>/tls when a state dir is given", async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'eac-folders-'));
  const emu = await startEmulator({ port: 0, stateDir });
  try {
    assert.equal(emu.info.caCertPath, join(stateDir, 'tls', 'ca.pem'));
  } finally {
    await emu.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
});
