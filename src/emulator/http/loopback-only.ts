// The emulator's admin endpoints (/_emulator/faults, /_emulator/stats) answer loopback clients only: an
// emulator listening on another interface must not let the network change its faults or read its figures.
import type { RequestContext } from './context.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/;

/** True for a loopback client; otherwise answers 403 naming `endpoint` and returns false. */
export function loopbackOnly(ctx: RequestContext, endpoint: string): boolean {
  if (LOOPBACK.test(ctx.clientIp)) return true;
  ctx.json(403, { error: { code: 'Forbidden', message: `The ${endpoint} endpoint only answers loopback clients.` } });
  return false;
}
