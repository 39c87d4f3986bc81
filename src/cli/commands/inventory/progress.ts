// The scan's progress bar on stderr: phase, objects done of the total (Graph's @odata.count), credentials
// found, rate and ETA, redrawn at most 5 times a second on one line. Only on a terminal and without --quiet:
// otherwise the scan says nothing until its summary.
import type { ScanProgress } from '../../../app/inventory/scan.ts';

const BAR = 24;

export function progressBar(err: NodeJS.WritableStream, now: () => number = Date.now): { update(p: ScanProgress): void; done(): void } {
  let startedAt: number | undefined;
  let phase: string | undefined;
  let drawnAt = 0;
  let drawn = false;
  return {
    update(p) {
      const t = now();
      if (phase !== p.phase) { phase = p.phase; startedAt = t; }
      if (t - drawnAt < 200 && p.done !== p.total) return;
      drawnAt = t;
      const secs = Math.max(0.001, (t - startedAt!) / 1000);
      const rate = p.done / secs;
      const total = p.total;
      const share = total ? Math.min(1, p.done / total) : 0;
      const bar = total ? `[${'#'.repeat(Math.round(share * BAR)).padEnd(BAR, '.')}] ` : '';
      const eta = total && rate > 0 && p.done < total ? ` · ETA ${duration((total - p.done) / rate)}` : '';
      const label = p.phase === 'applications' ? 'applications' : 'service principals';
      err.write(`\r\x1b[2K${bar}${label} ${p.done.toLocaleString('en-US')}${total ? `/${total.toLocaleString('en-US')}` : ''} · ${p.rows.toLocaleString('en-US')} credentials · ${Math.round(rate).toLocaleString('en-US')}/s${eta}`);
      drawn = true;
    },
    done() {
      if (drawn) err.write('\r\x1b[2K');
    },
  };
}

function duration(s: number): string {
  const m = Math.floor(s / 60);
  return m ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.ceil(s)}s`;
}
