// How inventory rows look in each -o format: the JSON form is the row itself (field names of
// app/inventory/types.ts); table, tsv and csv show these columns (owners joined, times in UTC as Graph gives them).
import type { InventoryRow } from '../../../app/inventory/types.ts';
import type { RowView } from '../../output/columns.ts';

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export const INVENTORY_VIEW: RowView<InventoryRow> = {
  columns: [
    { header: 'STATUS', value: (r) => r.status },
    { header: 'DAYS LEFT', value: (r) => text(r.daysLeft) },
    { header: 'END (UTC)', value: (r) => text(r.end) },
    { header: 'APP', value: (r) => r.appName },
    { header: 'APP ID', value: (r) => r.appId },
    { header: 'OBJECT', value: (r) => r.objectType },
    { header: 'OBJECT ID', value: (r) => r.objectId },
    { header: 'TYPE', value: (r) => r.credentialType },
    { header: 'NAME', value: (r) => text(r.name) },
    { header: 'KEY ID', value: (r) => r.keyId },
    { header: 'HINT', value: (r) => text(r.hint) },
    { header: 'USAGE', value: (r) => text(r.usage) },
    { header: 'START (UTC)', value: (r) => text(r.start) },
    { header: 'LIFETIME DAYS', value: (r) => text(r.lifetimeDays) },
    { header: 'NAMING', value: (r) => (r.followsConvention ? 'yes' : 'no') },
    { header: 'POLICY', value: (r) => text(r.policyViolation) },
    { header: 'OWNERS', value: (r) => r.owners.map((o) => o.userPrincipalName ?? o.displayName ?? '?').join('; ') },
    { header: 'NO OWNER', value: (r) => (r.noOwner ? 'yes' : 'no') },
    { header: 'LAST SIGN-IN', value: (r) => (r.lastSignIn === undefined ? 'unknown' : r.lastSignIn === null ? 'never' : r.lastSignIn) },
  ],
};
