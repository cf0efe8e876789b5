import { type CsvColumn, toCsv } from '../../shared/protocol/csv.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { formatOffset } from './clock-offset.ts';
import { seconds } from './csv-table.ts';
import type { LocalTime } from './local-time.ts';
import { type WalkthroughStep, walkthroughSteps } from './walkthrough-steps.ts';

type StepRow = { walkthrough: Walkthrough; step: WalkthroughStep };

/**
 * One row per step of each walkthrough, for pivot tables ("which step is slow, and where do pain points
 * cluster"). The walkthrough's id, journey and start repeat on every row so each row stands alone; the span
 * before the first mark (when it holds time or a note) has no step number.
 */
export const stepColumns = (time: LocalTime): readonly CsvColumn<StepRow>[] => [
  { header: 'walkthrough id', value: (r) => r.walkthrough.id },
  { header: 'journey', value: (r) => r.walkthrough.journeyName },
  { header: `walkthrough started (${time.timeZone})`, value: (r) => time.dateTime(r.walkthrough.startedAt) },
  { header: 'outcome', value: (r) => r.walkthrough.outcome },
  { header: 'step', value: (r) => r.step.number },
  { header: 'step name', value: (r) => (r.step.number === null ? 'Before the first step' : r.step.name) },
  { header: 'marked', value: (r) => r.step.source },
  { header: 'starts at s', value: (r) => seconds(r.step.startMs) },
  { header: 'elapsed s', value: (r) => seconds(r.step.endMs - r.step.startMs) },
  { header: 'active s', value: (r) => seconds(r.step.activeMs) },
  { header: 'pain points', value: (r) => r.step.painPoints.length },
  {
    header: 'pain point notes',
    value: (r) =>
      r.step.painPoints.length === 0
        ? null
        : r.step.painPoints.map((p) => `${formatOffset(p.atMs)} (${p.severity}) ${p.text}`).join('\n'),
  },
  {
    header: 'notes',
    value: (r) =>
      r.step.notes.length === 0 ? null : r.step.notes.map((n) => `${formatOffset(n.atMs)} ${n.text}`).join('\n'),
  },
];

/** The steps CSV (RFC 4180, see toCsv): one row per step, walkthroughs in the order given. */
export const stepsToCsv = (walkthroughs: readonly Walkthrough[], time: LocalTime): string =>
  toCsv(
    stepColumns(time),
    walkthroughs.flatMap((walkthrough) => walkthroughSteps(walkthrough).map((step) => ({ walkthrough, step }))),
  );
