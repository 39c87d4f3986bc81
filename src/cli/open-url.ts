// Opening the sign-in page in the user's browser with the platform's own opener (xdg-open, open, or the
// Windows URL handler), detached, so no browser-launching dependency is needed. Returns false when it could
// not be started; the caller then prints the URL instead.
import { spawn } from 'node:child_process';

export function openerFor(platform: NodeJS.Platform, url: string): { cmd: string; args: string[] } {
  if (platform === 'darwin') return { cmd: 'open', args: [url] };
  // `start` is a cmd.exe built-in that re-parses '&' in URLs; the URL protocol handler takes it verbatim.
  if (platform === 'win32') return { cmd: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { cmd: 'xdg-open', args: [url] };
}

export function openUrl(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const { cmd, args } = openerFor(platform, url);
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    } catch {
      resolve(false);
      return;
    }
    child.once('error', () => resolve(false));
    child.once('spawn', () => { child.unref(); resolve(true); });
  });
}
