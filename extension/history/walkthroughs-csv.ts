import { measureDuration } from '../../shared/domain/duration.ts';
import { type CsvColumn, toCsv } from '../../shared/protocol/csv.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { formatOffset } from './clock-offset.ts';
import { seconds } from './csv-table.ts';
import type { LocalTime } from './local-time.ts';
import { walkthroughSteps } from './walkthrough-steps.ts';

const activeMs = (w: Walkthrough): number | null => {
  const measured = measureDuration(w);
  return measured.ok ? measured.value.activeMs : null;
};

/** Several entries in one cell, one per line (a quoted cell keeps its line breaks in every spreadsheet). */
const lines = (entries: readonly string[]): string | null => (entries.length === 0 ? null : entries.join('\n'));

const stepTimes = (w: Walkthrough): string | null =>
  lines(
    walkthroughSteps(w).map((step) => {
      const name = step.number === null ? 'Before the first step' : `${step.number}. ${step.name ?? ''}`;
      const elapsedMs = step.endMs - step.startMs;
      // Active time only where a pause made it differ: most steps have none, and the cell stays short.
      const active =
        step.activeMs === null || step.activeMs === elapsedMs ? '' : ` (active ${seconds(step.activeMs)} s)`;
      return `${name}: from ${formatOffset(step.startMs)}, ${seconds(elapsedMs)} s${active}`;
    }),
  );

/**
 * The columns, one row per walkthrough. Wall times are local to `time.timeZone` (named in the header) with the
 * UTC offset of the start, so a spreadsheet shows the clock the sampler saw and the instant stays exact;
 * durations are seconds (decimals, to the millisecond) on both clocks; notes, pain points and step times are
 * one entry per line, each at its moment on the walkthrough's clock.
 */
export const walkthroughColumns = (time: LocalTime): readonly CsvColumn<Walkthrough>[] => [
  { header: 'id', value: (w) => w.id },
  { header: 'journey', value: (w) => w.journeyName },
  { header: `started (${time.timeZone})`, value: (w) => time.dateTime(w.startedAt) },
  { header: `ended (${time.timeZone})`, value: (w) => time.dateTime(w.endedAt) },
  { header: 'UTC offset', value: (w) => time.offset(w.startedAt) },
  { header: 'outcome', value: (w) => w.outcome },
  { header: 'outcome reason', value: (w) => w.outcomeReason ?? null },
  { header: 'elapsed s', value: (w) => seconds(w.elapsedMs) },
  { header: 'active s', value: (w) => seconds(activeMs(w)) },
  { header: 'steps', value: (w) => w.stepMarks.length },
  { header: 'pauses', value: (w) => w.pauses.length },
  { header: 'SEQ', value: (w) => w.ratings.seq ?? null },
  { header: 'CES', value: (w) => w.ratings.ces ?? null },
  { header: 'satisfaction', value: (w) => w.ratings.satisfaction ?? null },
  { header: 'comment', value: (w) => w.ratings.comment ?? null },
  { header: 'notes', value: (w) => lines(w.notes.map((n) => `${formatOffset(n.atMs)} ${n.text}`)) },
  {
    header: 'pain points',
    value: (w) => lines(w.painPoints.map((p) => `${formatOffset(p.atMs)} (${p.severity}) ${p.text}`)),
  },
  { header: 'step times', value: stepTimes },
];

/** The walkthroughs CSV (RFC 4180, see toCsv): one row per walkthrough. */
export const walkthroughsToCsv = (walkthroughs: readonly Walkthrough[], time: LocalTime): string =>
  toCsv(walkthroughColumns(time), walkthroughs);
