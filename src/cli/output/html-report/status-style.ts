// How each credential status looks in the report: its label, its CSS class and its colour. The colours step
// down in lightness from "≤ 45 days" to "expired", so they stay apart in greyscale print; "later" is hatched
// on the timeline for the same reason. Label text on each colour has at least 4.5:1 contrast (the CSS).
import type { CredentialStatus } from '../../../core/credential-status.ts';

export const STATUS_LABEL: Record<CredentialStatus, string> = {
  expired: 'Expired', 'expiring-14d': '≤ 14 days', 'expiring-30d': '≤ 30 days', 'expiring-45d': '≤ 45 days', ok: 'Later', 'no-expiry': 'No expiry',
};

/** Class names: short, since every row carries one. */
export const STATUS_CLASS: Record<CredentialStatus, string> = {
  expired: 's-x', 'expiring-14d': 's-14', 'expiring-30d': 's-30', 'expiring-45d': 's-45', ok: 's-ok', 'no-expiry': 's-no',
};

export const STATUS_COLOR: Record<CredentialStatus, string> = {
  expired: '#7a0e0e', 'expiring-14d': '#c2410c', 'expiring-30d': '#f59f00', 'expiring-45d': '#ffe066', ok: '#0b7285', 'no-expiry': '#adb5bd',
};

/** The order a sort by status uses: most urgent first. */
export const STATUS_RANK: Record<CredentialStatus, number> = {
  expired: 0, 'expiring-14d': 1, 'expiring-30d': 2, 'expiring-45d': 3, ok: 4, 'no-expiry': 5,
};
