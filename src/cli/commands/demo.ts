// `demo`: the main job in one command, no Azure account needed. Starts an emulated tenant in this process
// and drives the real CLI against it, narrating each command: an admin pipeline signs in, creates a
// client secret named after its expiry for a daemon app, stores it in a profile, and the profile gets a
// token with it, whose claims are explained. Commands run in child processes with a throwaway EAC_HOME,
// exactly as a user would run them; the secret travels on stdin and is never displayed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, explainClaims } from '../../core/claims.ts';
import { defineCommand } from '../define-command.ts';
import { CliError } from '../errors.ts';
import type { Factory } from '../factory.ts';
import { line, paint } from '../io.ts';
import { gridOf } from '../output/columns.ts';
import { CLAIM_COLUMNS } from '../ui/claim-columns.ts';

const STEPS = 5;

export const command = defineCommand({
  name: 'demo',
  description: 'Start an emulated tenant, get a token from it through MSAL and show what is inside.',
  help: `
Examples:
  $ npm run demo
  $ entra-auth-cli demo`,
  run,
});

export async function run(_opts: Record<string, never>, f: Factory): Promise<void> {
  const { io } = f;
  const c = paint(io);
  // The emulator's code loads only here, not with the command table.
  const { startEmulator } = await import('../../emulator/index.ts');
  const home = mkdtempSync(join(tmpdir(), 'eac-demo-'));
  const step = (n: number, text: string) => line(io.err, `${c.cyan(`[${n}/${STEPS}]`)} ${text}`);
  const emu = await startEmulator({ port: 0, caDir: join(home, 'tls'), connectionFile: join(home, 'data', 'emulator.json') });
  try {
    const { tenantId, tenantDomain, bootstrap } = emu.info;
    const worker = emu.store.defaultTenant.record.applications.find((a) => a.displayName === 'Contoso Orders Worker');
    if (!worker) throw new CliError('The demo tenant has no "Contoso Orders Worker" app.');
    step(1, `Started an emulated Entra tenant, ${tenantDomain}, at ${emu.info.authorityHost}`);

    const run = (args: string[], stdin?: string) => {
      line(io.err, c.dim(`    $ entra-auth-cli ${args.join(' ')}${stdin === undefined ? '' : '   # secret on stdin'}`));
      return runCli(args, { EAC_HOME: home, EAC_SECRET_STORE: 'file', NO_COLOR: '1' }, stdin);
    };

    step(2, 'An admin pipeline signs in to Microsoft Graph as a service principal');
    await run(['login', '--service-principal', '--cloud', 'local', '--tenant', tenantId, '--client-id', bootstrap.clientId, '--client-secret-stdin'], bootstrap.clientSecret);

    step(3, `It creates a client secret for "${worker.displayName}", named after its expiry, straight into a profile`);
    const created = JSON.parse(await run(['secret', 'create', '--app', worker.appId, '--save-as', 'orders-worker', '--no-display', '-o', 'json'])) as { displayName: string; keyId: string; endDateTime: string };
    line(io.err, `    created ${c.bold(created.displayName)} (key ${created.keyId}), valid until ${created.endDateTime}; the value went to the profile's secret store, not the screen`);

    step(4, 'The profile gets a token for the Orders API with the new secret (MSAL, client credentials)');
    const token = (await run(['get-token', '-p', 'orders-worker', '--scope', 'api://contoso-orders/.default', '-o', 'raw'])).trim();

    step(5, 'What is inside the token:');
    const { renderGrid } = await import('../output/render.ts');
    io.out.write(renderGrid(gridOf(explainClaims(decodeJwt(token).claims, new Date()), CLAIM_COLUMNS), io.stdoutIsTty ? 'table' : 'tsv'));
    line(io.err);
    line(io.err, `Next: run your own tests against ${c.bold('entra-auth-cli emulator start')}, or point a profile at your tenant with ${c.bold('entra-auth-cli config create')}.`);
  } finally {
    await emu.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Runs this CLI as a child process (asynchronously: the emulator answering it lives in this process). */
function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1]!, ...args], { env: { ...process.env, ...env, CI: 'true' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new CliError(`The demo step \`entra-auth-cli ${args[0]} ${args[1] ?? ''}\` failed (exit ${code}):\n${err.trim()}`));
    });
    child.stdin.end(stdin ?? '');
  });
}
