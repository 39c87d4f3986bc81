// Clients that are not ours and not JavaScript: MSAL for Python (Debian's python3-msal) and curl reach the
// emulator through the wire protocol alone, trusting its CA the way their users do (REQUESTS_CA_BUNDLE, --cacert).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { testEmulator, claimsOf } from '../helpers/emulator.ts';
import { skipUnless } from '../helpers/tools.ts';

const PYTHON = '/usr/bin/python3';
const hasPythonMsal = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import msal'], { timeout: 20_000 }).status === 0;

const PY_CLIENT = `
import json, os, msal
app = msal.ConfidentialClientApplication(
    os.environ["CLIENT_ID"], client_credential=os.environ["CLIENT_SECRET"],
    authority=os.environ["AUTHORITY"], instance_discovery=False)
result = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
print(json.dumps({k: result.get(k) for k in ("access_token", "token_type", "error", "error_codes")}))
`;

/** Runs a child without blocking this process's event loop: the emulator answering it lives here. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

async function runPython(env: Record<string, string>): Promise<Record<string, any>> {
  const r = await run(PYTHON, ['-c', PY_CLIENT], { env: { ...process.env, REQUESTS_CA_BUNDLE: process.env.EAC_TEST_CA!, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('MSAL for Python gets a client-credentials token, and sees Entra\'s error for a wrong secret', { skip: skipUnless(hasPythonMsal, 'python3-msal is not installed (apt-get install python3-msal)') }, async () => {
  const emu = await testEmulator();
  const env = { CLIENT_ID: emu.info.bootstrap.clientId, CLIENT_SECRET: emu.info.bootstrap.clientSecret, AUTHORITY: `${emu.info.authorityHost}/${emu.info.tenantId}` };
  const ok = await runPython(env);
  assert.equal(ok.error, null);
  assert.equal(ok.token_type, 'Bearer');
  const claims = claimsOf(ok.access_token);
  assert.equal(claims.appid, emu.info.bootstrap.clientId);
  assert.equal(claims.tid, emu.info.tenantId);
  const bad = await runPython({ ...env, CLIENT_SECRET: 'definitely-not-the-secret' });
  assert.equal(bad.error, 'invalid_client');
  assert.deepEqual(bad.error_codes, [7000215]);
});

test('curl with HTTP Basic client authentication, the secret on stdin rather than in argv', async () => {
  const emu = await testEmulator();
  const { clientId, clientSecret } = emu.info.bootstrap;
  const config = `user = "${clientId}:${clientSecret}"\n`; // curl -K - reads options from stdin
  const r = await run('curl', ['-s', '--cacert', process.env.EAC_TEST_CA!, '-K', '-', '-d', 'grant_type=client_credentials',
    '--data-urlencode', 'scope=https://graph.microsoft.com/.default', `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`], { input: config });
  assert.equal(r.status, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.equal(body.token_type, 'Bearer');
  assert.equal(claimsOf(body.access_token).appidacr, '1');
});
