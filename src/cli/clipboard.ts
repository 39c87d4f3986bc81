// Copying a token to the clipboard, only when asked (--copy): through the platform's tool, with the token on
// the tool's stdin (never in argv, where other users' `ps` could see it).
import { spawn } from 'node:child_process';
import { ActionableError } from '../core/actionable-error.ts';

export function clipboardCommands(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { cmd: string; args: string[] }[] {
  if (platform === 'darwin') return [{ cmd: 'pbcopy', args: [] }];
  if (platform === 'win32') return [{ cmd: 'clip', args: [] }];
  const wayland = env.WAYLAND_DISPLAY ? [{ cmd: 'wl-copy', args: [] }] : [];
  const x11 = env.DISPLAY ? [{ cmd: 'xclip', args: ['-selection', 'clipboard'] }] : [];
  return [...wayland, ...x11];
}

export async function copyToClipboard(text: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const candidates = clipboardCommands(platform, env);
  for (const { cmd, args } of candidates) {
    if (await pipeTo(cmd, args, text)) return cmd;
  }
  throw new ActionableError(
    candidates.length ? `Could not copy to the clipboard (tried ${candidates.map((c) => c.cmd).join(', ')}).` : 'There is no clipboard here (no Wayland or X display).',
    platform === 'linux' ? 'Install wl-clipboard (Wayland) or xclip (X11), or leave out --copy and pipe -o raw where you need it.' : 'Leave out --copy and pipe -o raw where you need it.',
  );
}

function pipeTo(cmd: string, args: string[], text: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'] });
    child.once('error', () => resolve(false));
    child.once('close', (code) => resolve(code === 0));
    child.stdin.on('error', () => { /* reported through close */ });
    child.stdin.end(text);
  });
}
