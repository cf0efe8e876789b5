import { measureDuration } from '../../shared/domain/duration.ts';
import { type CsvColumn, csvHeader, csvLine, toCsv } from '../../shared/protocol/csv.ts';
import type { ScorecardCore, ScoresOverview } from '../../shared/protocol/scores.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

type OverviewRow = {
  readonly service: string;
  readonly journey: string;
  readonly journeyId: string;
  readonly card: ScorecardCore | null;
};

/** The overview's columns: one row per journey; durations in seconds, shares as fractions (0–1). */
const OVERVIEW_COLUMNS: readonly CsvColumn<OverviewRow>[] = [
  { header: 'service', value: (r) => r.service },
  { header: 'journey', value: (r) => r.journey },
  { header: 'journey id', value: (r) => r.journeyId },
  { header: 'n', value: (r) => r.card?.n ?? null },
  { header: 'completed', value: (r) => r.card?.outcomes.completed ?? null },
  { header: 'abandoned', value: (r) => r.card?.outcomes.abandoned ?? null },
  { header: 'failed', value: (r) => r.card?.outcomes.failed ?? null },
  { header: 'completion', value: (r) => r.card?.completion.value ?? null },
  { header: 'completion status', value: (r) => r.card?.completion.target.status ?? 'no_target' },
  { header: 'clock', value: (r) => r.card?.attainment.clock ?? null },
  { header: 'threshold s', value: (r) => seconds(r.card?.attainment.thresholdMs ?? null) },
  { header: 'attainment', value: (r) => r.card?.attainment.value ?? null },
  { header: 'attainment low', value: (r) => r.card?.attainment.interval?.low ?? null },
  { header: 'attainment high', value: (r) => r.card?.attainment.interval?.high ?? null },
  { header: 'attainment goal', value: (r) => r.card?.attainment.target.goal ?? null },
  { header: 'attainment status', value: (r) => r.card?.attainment.target.status ?? 'no_target' },
  { header: 'p50 s', value: (r) => seconds(r.card?.duration.p50Ms ?? null) },
  { header: 'p90 s', value: (r) => seconds(r.card?.duration.p90Ms ?? null) },
  { header: 'p95 s', value: (r) => seconds(r.card?.duration.p95Ms ?? null) },
  { header: 'percentile relative error', value: (r) => r.card?.duration.precision.relativeError ?? null },
  { header: 'apdex', value: (r) => r.card?.apdex.score ?? null },
  { header: 'apdex T s', value: (r) => seconds(r.card?.apdex.tMs ?? null) },
  { header: 'apdex band', value: (r) => r.card?.apdex.band ?? null },
  { header: 'CSAT', value: (r) => r.card?.csat.value ?? null },
  { header: 'CSAT status', value: (r) => r.card?.csat.target.status ?? 'no_target' },
  { header: 'SEQ', value: (r) => r.card?.seq.mean ?? null },
  { header: 'SEQ status', value: (r) => r.card?.seq.target.status ?? 'no_target' },
  { header: 'CES', value: (r) => r.card?.ces.mean ?? null },
  { header: 'CES status', value: (r) => r.card?.ces.target.status ?? 'no_target' },
  { header: 'customer CSAT', value: (r) => r.card?.customer.csat.value ?? null },
  { header: 'customer ratings', value: (r) => r.card?.customer.csat.n ?? null },
];

/** The overview as CSV (RFC 4180, formulas defused), one row per journey in the answer's order. */
export const overviewCsv = (overview: ScoresOverview): string =>
  toCsv(
    OVERVIEW_COLUMNS,
    overview.services.flatMap(({ service, journeys }) =>
      journeys.map(({ journey, scorecard }) => ({
        service: service.name,
        journey: journey.name,
        journeyId: journey.id,
        card: scorecard,
      })),
    ),
  );

type WalkthroughRow = { readonly walkthrough: Walkthrough; readonly activeMs: number | null };

const onClock = (row: WalkthroughRow, targets: JourneyTargets): number | null =>
  targets.duration.clock === 'active' ? row.activeMs : row.walkthrough.elapsedMs;

const walkthroughColumns = (targets: JourneyTargets): readonly CsvColumn<WalkthroughRow>[] => [
  { header: 'id', value: (r) => r.walkthrough.id },
  { header: 'started', value: (r) => r.walkthrough.startedAt },
  { header: 'sampler id', value: (r) => r.walkthrough.samplerId },
  { header: 'browser', value: (r) => r.walkthrough.environment.browser },
  { header: 'outcome', value: (r) => r.walkthrough.outcome },
  { header: 'outcome reason', value: (r) => r.walkthrough.outcomeReason ?? null },
  { header: 'active s', value: (r) => seconds(r.activeMs) },
  { header: 'elapsed s', value: (r) => seconds(r.walkthrough.elapsedMs) },
  // The target's verdict on this walkthrough: completed within the threshold on the target's clock.
  {
    header: `within ${targets.duration.thresholdMs / 1000} s ${targets.duration.clock}`,
    value: (r) => {
      const ms = onClock(r, targets);
      if (ms === null) return null;
      return r.walkthrough.outcome === 'completed' && ms <= targets.duration.thresholdMs ? 'yes' : 'no';
    },
  },
  { header: 'satisfaction', value: (r) => r.walkthrough.ratings.satisfaction ?? null },
  { header: 'SEQ', value: (r) => r.walkthrough.ratings.seq ?? null },
  { header: 'CES', value: (r) => r.walkthrough.ratings.ces ?? null },
  { header: 'comment', value: (r) => r.walkthrough.ratings.comment ?? null },
];

/**
 * The walkthroughs CSV's header line (with the byte order mark): the CSV is streamed, header first, then
 * walkthroughsCsvLines page by page, and the whole is what toCsv would make of all the rows at once.
 */
export const walkthroughsCsvHeader = (targets: JourneyTargets): string => csvHeader(walkthroughColumns(targets));

/** Lines of the walkthroughs behind a scorecard, in the order given; an unmeasurable timeline has empty durations. */
export const walkthroughsCsvLines = (walkthroughs: readonly Walkthrough[], targets: JourneyTargets): string => {
  const columns = walkthroughColumns(targets);
  return walkthroughs
    .map((walkthrough) => {
      const measured = measureDuration(walkthrough);
      return csvLine(columns, { walkthrough, activeMs: measured.ok ? measured.value.activeMs : null });
    })
    .join('');
};
