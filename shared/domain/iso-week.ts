import type { IsoWeek } from '../schemas/scorecard.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The ISO-8601 week of a UTC instant, e.g. "2026-W48". An ISO week runs Monday to Sunday and belongs to the
 * year that holds its Thursday, so 2027-01-01 (a Friday) is "2026-W53" and 2024-12-30 (a Monday) is "2025-W01".
 * Computed in UTC so the extension and the server group a walkthrough into the same week whatever their zone.
 *
 * @returns null for a string that is not a readable instant
 */
export const isoWeek = (isoDateTime: string): IsoWeek | null => {
  const ms = Date.parse(isoDateTime);
  if (!Number.isFinite(ms)) return null;
  const day = Math.floor(ms / DAY_MS);
  // Day 0 (1970-01-01) was a Thursday; count weekdays from Monday = 0.
  const weekday = (((day + 3) % 7) + 7) % 7;
  const thursday = day - weekday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const januaryFirst = new Date(0).setUTCFullYear(year, 0, 1) / DAY_MS;
  const week = Math.floor((thursday - januaryFirst) / 7) + 1;
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
};
