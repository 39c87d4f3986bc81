// The rows and the summary of `inventory scan` (docs/inventory.md): one row per credential of an application
// or a service principal. The JSON / ndjson field names are these property names; the html report
// (helper html) and every -o format read the same shapes.
import type { CredentialStatus } from '../../core/credential-status.ts';

export type InventoryObjectType = 'application' | 'servicePrincipal';

export interface InventoryOwner {
  displayName: string | null;
  userPrincipalName: string | null;
}

/** One credential (a client secret or a certificate) of one application or service principal. */
export interface InventoryRow {
  objectType: InventoryObjectType;
  appName: string;
  appId: string;
  /** The application's or the service principal's object id. */
  objectId: string;
  owners: InventoryOwner[];
  noOwner: boolean;
  credentialType: 'password' | 'certificate';
  /** The credential's displayName. */
  name: string | null;
  keyId: string;
  /** The first characters of a secret's value as Graph reports them; null for certificates. */
  hint: string | null;
  /** Certificates: 'Verify' | 'Sign' | 'Sign+Verify' (one certificate listed as both is one row). */
  usage: string | null;
  start: string | null;
  end: string | null;
  /** Whole days left, counted up (core/credential-status.ts); 0 or less: ended; null: no end. */
  daysLeft: number | null;
  status: CredentialStatus;
  lifetimeDays: number | null;
  /** The name is EAC-EXP-DD-MMM-YY and names the day it ends. */
  followsConvention: boolean;
  /** Which app-management-policy restriction it breaks (e.g. 'passwordLifetime: 730 days > 365'), if any. */
  policyViolation: string | null;
  /** Last sign-in with this credential. undefined: the report was unreadable or skipped; null: never. */
  lastSignIn: string | null | undefined;
}

/** Whether the last-sign-in column could be filled. */
export type SignInSource = 'read' | 'unreadable' | 'skipped';

/** Written on stderr at the end of a scan (and at the top of the html report). */
export interface InventorySummary {
  /** ISO time the scan started (UTC). */
  scannedAt: string;
  tenant: string;
  /** Applications and service principals seen (before filters). */
  apps: number;
  servicePrincipals: number;
  /** Credentials written (after filters). */
  credentials: number;
  byStatus: Record<CredentialStatus, number>;
  /** Credentials written whose object has no owner. */
  noOwner: number;
  /** The next (at most) 10 written credentials to end, soonest first; already expired ones are not "next". */
  next: InventoryRow[];
  signIns: SignInSource;
  /** 'full' or 'delta' (changes since the saved delta link), or 'resumed' from a checkpoint. */
  mode: 'full' | 'delta' | 'resumed';
}
