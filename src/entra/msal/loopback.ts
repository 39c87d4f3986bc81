// The loopback listener for a confidential client's browser sign-in (MSAL has one only for public clients):
// 127.0.0.1 on a free port, redirect URI http://localhost:PORT (Entra allows any port on loopback), the
// response posted back (form_post, so the code never sits in a URL or the browser history), state checked.
import { createServer, type Server } from 'node:http';

export interface LoopbackResult {
  code?: string;
  error?: string;
  errorDescription?: string;
}

export class LoopbackListener {
  private constructor(private readonly server: Server, readonly redirectUri: string, private readonly result: Promise<LoopbackResult>) {}

  static async start(expectedState: string, pages: { success: string; failure: string }): Promise<LoopbackListener> {
    let settle!: (r: LoopbackResult) => void;
    const result = new Promise<LoopbackResult>((resolve) => { settle = resolve; });
    const server = createServer((req, res) => {
      const answer = (status: number, body: string) => { res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }); res.end(body); };
      if (req.method !== 'POST' || req.url !== '/') { answer(req.url === '/' ? 200 : 404, req.url === '/' ? pages.success : ''); return; }
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => { body += c; if (body.length > 64 * 1024) req.destroy(); });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        if (form.getAll('state').length !== 1 || form.get('state') !== expectedState) { answer(400, 'Invalid state.'); return; }
        const error = form.get('error') ?? undefined;
        answer(200, error ? pages.failure : pages.success);
        settle({ code: form.get('code') ?? undefined, error, errorDescription: form.get('error_description') ?? undefined });
      });
    });
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
    const port = (server.address() as { port: number }).port;
    return new LoopbackListener(server, `http://localhost:${port}`, result);
  }

  wait(): Promise<LoopbackResult> {
    return this.result;
  }

  close(): void {
    this.server.close();
    this.server.closeAllConnections();
  }
}
