// What the html report's summary needs, kept as the rows stream past so memory does not grow with their
// number: counts by status, the week buckets of the timeline, per-owner counters of credentials at risk and
// the next 10 to end. Only owners with a credential at risk get a counter (their number is bounded by the
// tenant's people, not by its credentials).
import { CREDENTIAL_STATUSES, type CredentialStatus } from '../../../core/credential-status.ts';
import type { InventoryRow } from '../../../app/inventory/types.ts';

/** Weekly buckets ahead of now on the timeline (about six months); later ends are counted as "later". */
export const TIMELINE_WEEKS = 26;
export const NEXT_COUNT = 10;
export const TOP_OWNERS = 10;

export type StatusCounts = Record<CredentialStatus, number>;

export interface OwnerRisk {
  displayName: string | null;
  userPrincipalName: string | null;
  expired: number;
  expiring: number;
}

export interface ReportAggregates {
  total: number;
  byStatus: StatusCounts;
  /** Credentials at risk (expired or ending within 45 days) of objects with no owner. */
  noOwnerAtRisk: OwnerRisk;
  noOwnerCredentials: number;
  /** The timeline: expired credentials, then week k holds ends 7k+1 … 7k+7 days ahead, by status. */
  expired: number;
  weeks: StatusCounts[];
  /** Ends after the last week on the timeline. */
  later: number;
  owners: Map<string, OwnerRisk>;
  /** Soonest first; credentials that have not ended yet. */
  next: InventoryRow[];
}

export const emptyCounts = (): StatusCounts => Object.fromEntries(CREDENTIAL_STATUSES.map((s) => [s, 0])) as StatusCounts;

export function newAggregates(): ReportAggregates {
  return {
    total: 0, byStatus: emptyCounts(),
    noOwnerAtRisk: { displayName: null, userPrincipalName: null, expired: 0, expiring: 0 }, noOwnerCredentials: 0,
    expired: 0, weeks: Array.from({ length: TIMELINE_WEEKS }, emptyCounts), later: 0, owners: new Map(), next: [],
  };
}

export const isAtRisk = (s: CredentialStatus): boolean => s !== 'ok' && s !== 'no-expiry';

export function addRow(a: ReportAggregates, row: InventoryRow): void {
  a.total++;
  a.byStatus[row.status]++;
  if (row.noOwner) a.noOwnerCredentials++;
  addToTimeline(a, row);
  if (isAtRisk(row.status)) addOwnerRisk(a, row);
  addToNext(a.next, row);
}

function addToTimeline(a: ReportAggregates, row: InventoryRow): void {
  const d = row.daysLeft;
  if (d === null || row.status === 'no-expiry') return;
  if (d <= 0) { a.expired++; return; }
  const week = Math.ceil(d / 7) - 1;
  if (week >= TIMELINE_WEEKS) a.later++;
  else a.weeks[week]![row.status]++;
}

function addOwnerRisk(a: ReportAggregates, row: InventoryRow): void {
  const bump = (o: OwnerRisk) => { if (row.status === 'expired') o.expired++; else o.expiring++; };
  if (row.noOwner || !row.owners.length) { bump(a.noOwnerAtRisk); return; }
  for (const owner of row.owners) {
    const key = (owner.userPrincipalName ?? owner.displayName ?? '').toLowerCase();
    let o = a.owners.get(key);
    if (!o) a.owners.set(key, (o = { displayName: owner.displayName, userPrincipalName: owner.userPrincipalName, expired: 0, expiring: 0 }));
    bump(o);
  }
}

function addToNext(next: InventoryRow[], row: InventoryRow): void {
  if (row.daysLeft === null || row.daysLeft <= 0 || !row.end) return;
  const t = Date.parse(row.end);
  if (next.length === NEXT_COUNT && t >= Date.parse(next[NEXT_COUNT - 1]!.end!)) return;
  let i = next.length;
  while (i > 0 && Date.parse(next[i - 1]!.end!) > t) i--;
  next.splice(i, 0, row);
  if (next.length > NEXT_COUNT) next.pop();
}

/** The owners with the most credentials at risk, most first (expired count breaks ties, then the name). */
export function topOwners(a: ReportAggregates, count = TOP_OWNERS): OwnerRisk[] {
  const name = (o: OwnerRisk) => o.userPrincipalName ?? o.displayName ?? '';
  return [...a.owners.values()]
    .sort((x, y) => y.expired + y.expiring - (x.expired + x.expiring) || y.expired - x.expired || name(x).localeCompare(name(y)))
    .slice(0, count);
}
