// How a rotation and a prune are shown: the JSON form (-o json/yaml, --query) and, for people, a short
// panel; rows for `secret rotate --all` and `secret prune`. Never a value (a rotation's result holds none).
// Times in the viewer's zone and UTC. Tenant text (app names) goes through terminalSafe in the panel; the
// output layer makes rows and JSON safe.
import { formatTime } from '../../core/claims.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import type { RotateDueRow } from '../../app/secret/rotate-all.ts';
import type { RotationResult } from '../../app/secret/rotate.ts';
import type { PruneRow } from '../../app/secret/prune.ts';
import type { RowView } from '../output/columns.ts';

export function rotationJson(r: RotationResult): unknown {
  return r;
}

const when = (iso: string | null | undefined) => (iso ? `${formatTime(new Date(iso))} / ${formatTime(new Date(iso), 'UTC')}` : '');

export function oldText(old: RotationResult['old'], dryRun = false): string {
  const w = dryRun ? 'would be ' : '';
  switch (old.action) {
    case 'removed': return `${w}removed`;
    case 'retires': return `${dryRun ? 'would retire' : 'retires'} at ${when(old.retiresAt)} (secret prune)`;
    case 'gone': return 'already gone';
    case 'kept': return `kept: ${old.reason ?? ''}`;
  }
}

export function rotationPanel(r: RotationResult, _now: Date): string {
  const rows: [string, string][] = [
    ['Profile', r.profile],
    ['Application', `${r.application} (${r.appId})`],
    ['Old credential', r.old.keyId ? `${r.old.keyId}${r.old.displayName ? ` '${r.old.displayName}'` : ''} (${r.old.match})` : `unknown (${r.old.match})`],
    [r.dryRun ? 'New (planned)' : 'New credential', `${r.new.keyId ? `${r.new.keyId} ` : ''}'${r.new.displayName}'${r.new.hint ? `, hint ${r.new.hint}…` : ''}, ends ${when(r.new.endDateTime)}`],
    ...(r.verifiedAfterSeconds !== null ? [['Verified', `a token after ${r.verifiedAfterSeconds} s`] as [string, string]] : []),
    ...(r.new.storedIn ? [['Stored in', r.new.storedIn.kind === 'keyvault' ? `Key Vault ${r.new.storedIn.vault}/${r.new.storedIn.name}` : `profile '${r.new.storedIn.profile}' (${r.new.storedIn.store})`] as [string, string]] : []),
    ['Old credential', oldText(r.old, r.dryRun)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${terminalSafe(v, { keepLayout: false })}`).join('\n')}\n`;
}

export const DUE_VIEW: RowView<RotateDueRow> = {
  columns: [
    { header: 'PROFILE', value: (r) => r.profile },
    { header: 'STATUS', value: (r) => r.status },
    { header: 'ENDED/ENDS', value: (r) => when(r.endDateTime) },
    { header: 'NEW KEY ID', value: (r) => r.result?.new.keyId ?? '' },
    { header: 'NEW ENDS', value: (r) => when(r.result?.new.endDateTime) },
    { header: 'OLD', value: (r) => (r.result ? oldText(r.result.old) : '') },
    { header: 'REASON', value: (r) => r.reason ?? '' },
  ],
};

export const PRUNE_VIEW: RowView<PruneRow> = {
  columns: [
    { header: 'APPLICATION', value: (r) => r.application },
    { header: 'KEY ID', value: (r) => r.keyId },
    { header: 'NAME', value: (r) => r.displayName ?? '' },
    { header: 'PROFILE', value: (r) => r.profile },
    { header: 'RETIRE AFTER', value: (r) => when(r.retireAfter) },
    { header: 'ACTION', value: (r) => r.action },
    { header: 'REASON', value: (r) => r.reason ?? '' },
  ],
};
