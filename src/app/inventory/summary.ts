// The scan's summary as rows go by (counts by status, rows without an owner, the next 10 to end): constant
// memory however many rows pass. Its state is plain JSON so a checkpoint can carry it across --resume.
import { CREDENTIAL_STATUSES, type CredentialStatus } from '../../core/credential-status.ts';
import type { InventoryRow, InventorySummary } from './types.ts';

export const NEXT_COUNT = 10;

export type SummaryState = Omit<InventorySummary, 'mode'>;

export function emptySummary(scannedAt: string, tenant: string, signIns: InventorySummary['signIns']): SummaryState {
  const byStatus = Object.fromEntries(CREDENTIAL_STATUSES.map((s) => [s, 0])) as Record<CredentialStatus, number>;
  return { scannedAt, tenant, apps: 0, servicePrincipals: 0, credentials: 0, byStatus, noOwner: 0, next: [], signIns };
}

export function countRow(s: SummaryState, row: InventoryRow): void {
  s.credentials++;
  s.byStatus[row.status]++;
  if (row.noOwner) s.noOwner++;
  if (row.status === 'expired' || row.status === 'no-expiry' || !row.end) return;
  const end = Date.parse(row.end);
  const last = s.next[NEXT_COUNT - 1];
  if (s.next.length >= NEXT_COUNT && last && Date.parse(last.end!) <= end) return;
  const i = s.next.findIndex((r) => Date.parse(r.end!) > end);
  s.next.splice(i < 0 ? s.next.length : i, 0, row);
  if (s.next.length > NEXT_COUNT) s.next.pop();
}
