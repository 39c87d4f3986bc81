// Change tracking for Graph's delta queries (graph/delta.ts): one sequence number per tenant, stamped on
// an application or service principal each time it is created or changed, and a record of removals. A
// delta token is then just "changes after N": cheap at 100,000 apps (no snapshot per token), and kept
// across restarts with the tenant (the state lives in the TenantRecord).
import { randomUUID } from 'node:crypto';

export type TrackedKind = 'application' | 'servicePrincipal';

/** An object that was removed: delta rounds after `seq` report it as `@removed`. */
export interface RemovalRecord {
  id: string;
  kind: TrackedKind;
  seq: number;
  /** ISO time of the removal (for people reading the state file). */
  at: string;
  /** Graph's `@removed.reason`: 'changed' (soft-deleted, restorable) or 'deleted' (gone for good). */
  reason: 'changed' | 'deleted';
}

export interface ChangeState {
  /** Tokens from another generation (a tenant rebuilt with --reset) are not this tenant's. */
  generation: string;
  seq: number;
  removals: RemovalRecord[];
  /** Removals up to this sequence number were forgotten: older tokens need a full sync. */
  forgottenThrough: number;
}

/** Objects carrying their last change's sequence number (absent: unchanged since tracking began). */
export interface Tracked { changeSeq?: number }

/**
 * Removals kept at most: older ones are forgotten first, and a token from before them must resync. Enough
 * for deleting every app of a 100,000-app tenant with its service principal.
 */
const MAX_REMOVALS = 200_000;

export class ChangeTracker {
  constructor(readonly state: ChangeState) {}

  static fresh(): ChangeState {
    return { generation: randomUUID(), seq: 0, removals: [], forgottenThrough: 0 };
  }

  get seq(): number { return this.state.seq; }

  /** Stamps `obj` as changed now. */
  touch(obj: Tracked): void {
    obj.changeSeq = ++this.state.seq;
  }

  removed(kind: TrackedKind, id: string, reason: RemovalRecord['reason'], now: Date): void {
    this.state.removals.push({ id, kind, seq: ++this.state.seq, at: now.toISOString(), reason });
    if (this.state.removals.length > MAX_REMOVALS) this.forget(this.state.removals.length - MAX_REMOVALS);
  }

  private forget(n: number): void {
    const dropped = this.state.removals.splice(0, n);
    this.state.forgottenThrough = Math.max(this.state.forgottenThrough, dropped.at(-1)!.seq);
  }
}
