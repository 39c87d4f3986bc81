// GET /_emulator/stats (what Graph served: requests, resource units spent, 429s, and the throttling limits
// in force) and DELETE /_emulator/stats (start counting again), for loopback clients only. Outside Graph's
// paths, so it is never charged, throttled or faulted. A benchmark reads it to set the inventory it measured
// next to the floor that throttling allows (docs/emulator.md, "Graph throttling").
import type { Router } from './http/router.ts';
import type { RequestContext } from './http/context.ts';
import { loopbackOnly } from './http/loopback-only.ts';
import type { EffectiveThrottleLimits, GraphStats } from './graph/throttle.ts';

export interface StatsSource {
  graphStats(): GraphStats;
  resetGraphStats(): void;
  /** The default tenant's limits now (its size can change as users are added); null when throttling is off. */
  graphThrottle(): EffectiveThrottleLimits | null;
}

export function statsRoutes(router: Router, source: StatsSource): void {
  const guard = (ctx: RequestContext): boolean => loopbackOnly(ctx, 'stats');
  router
    .on('GET', '/_emulator/stats', (ctx) => { if (guard(ctx)) ctx.json(200, { graph: { ...source.graphStats(), throttle: source.graphThrottle() } }); })
    .on('DELETE', '/_emulator/stats', (ctx) => {
      if (!guard(ctx)) return;
      source.resetGraphStats();
      ctx.json(200, { graph: { ...source.graphStats(), throttle: source.graphThrottle() } });
    });
}
