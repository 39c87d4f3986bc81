// emulator ca in-process: prints the local CA's path (created once, the same file after), under the CLI's
// data folder or under --state-dir; stdout is the path alone, for $(...).
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run as emulatorCa } from '../../../../src/cli/commands/emulator/ca.ts';
import { cleanupCli, tempDir } from '../../../helpers/cli.ts';
import { testFactory } from '../../../helpers/test-factory.ts';

after(cleanupCli);

test("prints the CA certificate's path, made once: the same certificate on the next run", async () => {
  const home = tempDir('eac-ca-');
  const first = testFactory({ home });
  await emulatorCa({}, first.f);
  const path = first.out().trimEnd();
  assert.equal(first.out(), `${path}\n`, 'the path alone on stdout');
  assert.ok(path.startsWith(home), `under EAC_HOME: ${path}`);
  const cert = new X509Certificate(readFileSync(path));
  assert.equal(cert.ca, true);

  const again = testFactory({ home });
  await emulatorCa({}, again.f);
  assert.equal(again.out(), first.out());
  assert.equal(new X509Certificate(readFileSync(path)).fingerprint256, cert.fingerprint256, 'not made again');
});

test('--state-dir: the CA lives in <dir>/tls', async () => {
  const dir = tempDir('eac-ca-state-');
  const t = testFactory();
  await emulatorCa({ stateDir: dir }, t.f);
  assert.ok(t.out().startsWith(join(dir, 'tls')), t.out());
});
