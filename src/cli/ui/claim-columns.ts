// The columns of an explained claim (core/claims.ts: explainClaims), as inspect and demo show them.
import type { ClaimRow } from '../../core/claims.ts';
import type { Column } from '../output/columns.ts';

export const CLAIM_COLUMNS: Column<ClaimRow>[] = [
  { header: 'Claim', value: (r) => r.claim },
  { header: 'Value', value: (r) => r.value },
  { header: 'Meaning', value: (r) => r.meaning },
];
