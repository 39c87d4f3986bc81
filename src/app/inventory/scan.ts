// `inventory scan`: every credential of every application and service principal of a tenant, streamed
// (docs/inventory.md). Per page of up to 999 objects: rows are made and filtered, the owners of the objects
// that still have rows are fetched 20 to a $batch with a few batches in flight, the rows go to the sink in
// page order, then the caller is told the page is done (its checkpoint: the next page's link and the
// summary so far). The next page is fetched while this one's owners are, so Graph always has work; at most
// two pages are held at once, whatever the tenant's size. The throttle pacer keeps it inside Graph's
// resource-unit budget.
import type { Client } from '@microsoft/microsoft-graph-client';
import { directoryPage, firstPageUrl, type DirectoryKind, type DirectoryPage } from '../../entra/graph/directory-pages.ts';
import { BATCH_LIMIT, ownersBatch, type DirectoryOwner, type OwnedObject } from '../../entra/graph/owners-batch.ts';
import { pacedGet, type PacedReader } from '../../entra/graph/paced-read.ts';
import { GraphApiError } from '../../entra/graph/client.ts';
import { ThrottlePacer } from '../../entra/graph/throttle-pacer.ts';
import { isReportUnavailable, listCredentialSignInActivities } from '../../entra/graph/reports.ts';
import { keepsCredential, keepsOwners, type InventoryFilters } from './filters.ts';
import type { DefaultPolicy } from './policy-check.ts';
import { pendingRows, withOwners, type RowContext } from './rows.ts';
import { countRow, emptySummary, type SummaryState } from './summary.ts';
import type { InventoryObjectType, InventoryRow } from './types.ts';

export const PHASES: readonly DirectoryKind[] = ['applications', 'servicePrincipals'];

/** Where a scan stands after a completed page: what a checkpoint saves and --resume continues from. */
export interface ScanPosition {
  phase: DirectoryKind;
  /** The next page to fetch in this phase; null when the phase is done. */
  nextUrl: string | null;
  summary: SummaryState;
}

export interface ScanProgress {
  phase: DirectoryKind;
  /** Objects of this phase seen so far, and the phase's total when Graph counted it. */
  done: number;
  total?: number;
  rows: number;
}

export interface ScanRequest {
  graph: Client;
  tenant: string;
  now: Date;
  filters: InventoryFilters;
  /** Read last sign-ins (appCredentialSignInActivities); false: --no-sign-ins. */
  signIns: boolean;
  /** Continue after this position (--resume). */
  resume?: ScanPosition;
  /** Owner batches in flight at once (default 6). */
  concurrency?: number;
  pacer?: ThrottlePacer;
  /** Told when a page's rows are all written: save it to resume from. */
  onPage?: (p: ScanPosition) => void | Promise<void>;
  onProgress?: (p: ScanProgress) => void;
  /** Said once to the person (the sign-in column is unknown, and why). */
  notice?: (message: string) => void;
}

export interface ScanResult {
  summary: SummaryState;
  /** Size of the keyId → last sign-in map held during the scan. */
  signInKeys: number;
  pacer: ThrottlePacer;
}

/** Where a scan starts: a checkpoint saved before the first page lets --resume continue a scan killed in it. */
export function startPosition(tenant: string, now: Date): ScanPosition {
  return { phase: PHASES[0]!, nextUrl: firstPageUrl(PHASES[0]!), summary: emptySummary(now.toISOString(), tenant, 'skipped') };
}

export async function scanInventory(req: ScanRequest, write: (row: InventoryRow) => void | Promise<void>): Promise<ScanResult> {
  const pacer = req.pacer ?? new ThrottlePacer();
  const reader: PacedReader = { graph: req.graph, pacer };
  const signIns = req.signIns ? await readSignIns(req) : undefined;
  const summary = req.resume?.summary ?? startPosition(req.tenant, req.now).summary;
  summary.signIns = !req.signIns ? 'skipped' : signIns ? 'read' : 'unreadable';
  const ctx: RowContext = { now: req.now, policy: await readDefaultPolicy(reader, req.notice), signIns };
  const startAt = req.resume ? PHASES.indexOf(req.resume.phase) : 0;
  for (let i = startAt; i < PHASES.length; i++) {
    const phase = PHASES[i]!;
    const resumeUrl = i === startAt && req.resume ? req.resume.nextUrl : firstPageUrl(phase);
    if (resumeUrl === null) continue;
    await scanPhase(req, reader, ctx, phase, resumeUrl, summary, write);
  }
  return { summary, signInKeys: signIns?.size ?? 0, pacer };
}

async function scanPhase(req: ScanRequest, reader: PacedReader, ctx: RowContext, phase: DirectoryKind, url: string, summary: SummaryState, write: (row: InventoryRow) => void | Promise<void>): Promise<void> {
  const objectType: InventoryObjectType = phase === 'applications' ? 'application' : 'servicePrincipal';
  let total: number | undefined;
  let done = phase === 'applications' ? summary.apps : summary.servicePrincipals;
  let page: Promise<DirectoryPage> | undefined = directoryPage(reader, url);
  while (page) {
    const current: DirectoryPage = await page;
    // The next page loads while this one's owners are fetched.
    page = current.nextLink ? directoryPage(reader, current.nextLink) : undefined;
    page?.catch(() => undefined); // awaited on the next turn; a failure there is reported there
    total ??= current.count;
    const rowsByObject = current.items.map((obj) => pendingRows(obj, objectType, ctx).filter((r) => keepsCredential(req.filters, r, req.now)));
    const owners = await ownersOf(reader, phase, current.items.filter((_, k) => rowsByObject[k]!.length).map((o) => o.id), req.concurrency ?? 6);
    for (const rows of rowsByObject) {
      for (const pending of rows) {
        const row = withOwners(pending, owners.get(pending.objectId) ?? []);
        if (!keepsOwners(req.filters, row)) continue;
        countRow(summary, row);
        await write(row);
      }
    }
    done += current.items.length;
    if (phase === 'applications') summary.apps = done;
    else summary.servicePrincipals = done;
    req.onProgress?.({ phase, done, ...(total !== undefined ? { total } : {}), rows: summary.credentials });
    await req.onPage?.({ phase, nextUrl: current.nextLink ?? null, summary });
  }
}

/** Owners of these objects, 20 to a batch, `concurrency` batches in flight. */
async function ownersOf(reader: PacedReader, kind: DirectoryKind, ids: string[], concurrency: number): Promise<Map<string, DirectoryOwner[]>> {
  const out = new Map<string, DirectoryOwner[]>();
  const batches: OwnedObject[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_LIMIT) batches.push(ids.slice(i, i + BATCH_LIMIT).map((id) => ({ kind, id })));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      for (const [id, o] of await ownersBatch(reader, batch)) out.set(id, o);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  return out;
}

/** The tenant's default app management policy, or undefined (with a notice) when this caller cannot read it. */
async function readDefaultPolicy(reader: PacedReader, notice?: (m: string) => void): Promise<DefaultPolicy | undefined> {
  try {
    return await pacedGet<DefaultPolicy>(reader, '/policies/defaultAppManagementPolicy');
  } catch (err) {
    if (err instanceof GraphApiError && (err.status === 403 || err.status === 404)) {
      notice?.(`The tenant's app management policy could not be read (${err.status} ${err.code}): policyViolation is left empty. It needs Policy.Read.All.`);
      return undefined;
    }
    throw err;
  }
}

/** keyId → last sign-in from the credential sign-in report, or undefined (with a notice) when it cannot be read. */
async function readSignIns(req: ScanRequest): Promise<Map<string, string | null> | undefined> {
  const out = new Map<string, string | null>();
  try {
    for await (const a of listCredentialSignInActivities(req.graph)) {
      const key = a.keyId.toLowerCase();
      const prev = out.get(key);
      if (prev === undefined || (a.lastSignInDateTime && (!prev || a.lastSignInDateTime > prev))) out.set(key, a.lastSignInDateTime);
    }
    return out;
  } catch (err) {
    // 404, or Graph's 400 for a path segment this cloud does not have: the report does not exist here.
    if (isReportUnavailable(err) || (err instanceof GraphApiError && (err.status === 404 || (err.status === 400 && /Resource not found for the segment/i.test(err.message))))) {
      req.notice?.(`Last sign-ins are unknown: the credential sign-in report cannot be read here (${(err as GraphApiError).status} ${(err as GraphApiError).code}; it needs AuditLog.Read.All and Entra ID P1). --no-sign-ins skips it.`);
      return undefined;
    }
    throw err;
  }
}

