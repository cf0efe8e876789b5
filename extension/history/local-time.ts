/** Wall times as a spreadsheet user reads them: in one named time zone, with the offset that applied. */
export type LocalTime = {
  /** The IANA zone every time is written in, e.g. "Europe/Berlin"; named in the column headers. */
  timeZone: string;
  /** "2026-03-29 14:05:09": a form every spreadsheet reads as a date and time; the stored text when unparsable. */
  dateTime(iso: string): string;
  /** "UTC+02:00" at that instant (daylight saving changes it within one zone); "" when unparsable. */
  offset(iso: string): string;
};

/** The browser's own time zone: the one the sampler's clock and spreadsheet show. */
export const deviceTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Formats instants in `timeZone` (an IANA name; a RangeError for an unknown one, which is a bug). Built on
 * Intl's parts rather than a locale's format, so the text is the same whatever the browser's language.
 */
export const localTime = (timeZone: string = deviceTimeZone()): LocalTime => {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  const parts = (iso: string): Map<string, string> | null => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return null;
    return new Map(format.formatToParts(ms).map((p) => [p.type, p.value]));
  };
  return {
    timeZone,
    dateTime(iso) {
      const p = parts(iso);
      if (p === null) return iso;
      const get = (type: string) => p.get(type) ?? '';
      return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
    },
    offset(iso) {
      const p = parts(iso);
      if (p === null) return '';
      // "GMT+02:00", or plain "GMT" at offset zero. Written "UTC…", which a spreadsheet never takes for a formula.
      const zone = (p.get('timeZoneName') ?? 'GMT').replace(/^GMT/, '');
      return `UTC${zone === '' ? '+00:00' : zone}`;
    },
  };
};
