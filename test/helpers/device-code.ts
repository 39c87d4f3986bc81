// The second actor of a device-code sign-in in e2e tests: reads the code the CLI printed and approves (or
// declines) it from another process, like a person on their phone (see approve-device-code.ts).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const APPROVER = fileURLToPath(new URL('./approve-device-code.ts', import.meta.url));

/** MSAL's device-code message: the verification URI and the user code. */
export const DEVICE_CODE_MESSAGE = /open the page (https:\/\/\S+\/devicelogin) and enter the code ([A-Z0-9]{9}) /;

/** Approves the code as `who` (a UPN), or declines it with '--decline'; resolves with the approver's exit code. */
export function approveElsewhere(verificationUri: string, userCode: string, who: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', APPROVER, verificationUri, userCode, who], { env: process.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
