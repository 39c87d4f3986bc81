// Times in the html report, all in one zone (the scanning machine's unless the caller names one): the zone is
// spelled out in the header and in the column titles, so a 300,000-row table does not repeat it in each cell.

export interface ReportClock {
  zone: string;
  /** "2026-12-03 14:05" in the zone; '' for no time. */
  dateTime(iso: string | null | undefined): string;
  /** "2026-12-03" in the zone. */
  date(at: Date): string;
  /** "3 Dec": a short day label for the timeline's axis. */
  day(at: Date): string;
  /** "2026-11-30 17:49 CET (Europe/Paris)": a moment with its zone spelled out. */
  moment(at: Date): string;
}

export function reportClock(zone = Intl.DateTimeFormat().resolvedOptions().timeZone): ReportClock {
  const full = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
  const short = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' });
  const parts = (at: Date) => {
    const p: Record<string, string> = {};
    for (const x of full.formatToParts(at)) p[x.type] = x.value;
    return p;
  };
  const date = (at: Date) => { const p = parts(at); return `${p.year}-${p.month}-${p.day}`; };
  return {
    zone,
    date,
    dateTime(iso) {
      if (!iso) return '';
      const at = new Date(iso);
      if (Number.isNaN(at.getTime())) return '';
      const p = parts(at);
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    },
    day: (at) => short.format(at),
    moment(at) {
      const p = parts(at);
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}${p.timeZoneName === zone ? '' : ` (${zone})`}`;
    },
  };
}
