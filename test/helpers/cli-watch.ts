// A CLI process a test talks to while it runs (the browser and device-code sign-ins): wait for a line on
// its stderr, then for it to finish. Spawned asynchronously, so the in-process emulator keeps serving.
import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import { CLI_BIN, REPO_ROOT, type CliResult } from './cli.ts';

const running = new Set<ChildProcess>();
after(() => { for (const c of running) c.kill('SIGKILL'); });

export interface WatchedCli {
  /** Resolves with the first match of `pattern` in stderr (rejects if the process ends first or on timeout). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done(timeoutMs?: number): Promise<CliResult>;
}

export function watchCli(args: string[], env: NodeJS.ProcessEnv): WatchedCli {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; for (const l of listeners) l(); });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => { running.delete(child); for (const l of listeners) l(); resolve({ code, signal }); });
  });
  return {
    waitForStderr(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { listeners.delete(check); reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms: ${stderr}`)); }, timeoutMs);
        const check = () => {
          const m = stderr.match(pattern);
          if (m) { clearTimeout(timer); listeners.delete(check); resolve(m); return; }
          if (child.exitCode !== null || child.signalCode !== null) { clearTimeout(timer); listeners.delete(check); reject(new Error(`exited before ${pattern}: ${stderr}`)); }
        };
        listeners.add(check);
        check();
      });
    },
    async done(timeoutMs = 60_000) {
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
      const { code, signal } = await closed;
      clearTimeout(timer);
      return { code, signal, timedOut, stdout, stderr };
    },
  };
}
