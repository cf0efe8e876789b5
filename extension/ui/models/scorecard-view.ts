import type { DurationClock } from '../../../shared/schemas/journey-targets.ts';
import type { DurationStats, Interval, TargetCheck, TargetStatus } from '../../../shared/schemas/scorecard.ts';
import type { LocalScorecard } from '../../history/local-scorecard.ts';
import { formatDuration, formatPercent, formatSeconds, plural } from '../format/history-format.ts';

/** One score as the page prints it; every score carries its n. */
export type ScoreLine = {
  label: string;
  /** The score, or "—" when there is nothing to score yet (n = 0). */
  value: string;
  /** Interval, mean or band; null when there is nothing to add. */
  detail: string | null;
  n: number;
  /** The SLA's goal, e.g. "≥ 95%"; null without one. */
  goal: string | null;
  /** Null when the journey has no targets on this device: then no status is shown at all. */
  status: TargetStatus | null;
};

export type StepLine = {
  /** Unique within the scorecard: the journey step's id, or the ad-hoc step's name. */
  key: string;
  name: string;
  n: number;
  median: string;
  shareOfTime: string;
  slowestCount: number;
  painPoints: number;
};

export type ScorecardView = {
  n: number;
  /** "10 completed · 1 abandoned · 1 failed" */
  outcomes: string;
  hasTargets: boolean;
  lines: ScoreLine[];
  steps: StepLine[];
  /** Walkthroughs left out because their timeline cannot be measured, or their row cannot be read. */
  leftOut: number;
};

const NONE = '—';

/**
 * An Apdex band in words. Keyed by string so a band the scorer adds later still prints (as itself) rather than
 * breaking the page; below the journey's minimum n the band is "not enough data", never "excellent".
 */
const BAND_WORDS: Record<string, string> = {
  excellent: 'excellent',
  good: 'good',
  fair: 'fair',
  poor: 'poor',
  unacceptable: 'unacceptable',
  not_enough_data: 'not enough data',
};
export const apdexBandText = (band: string): string => BAND_WORDS[band] ?? band.replaceAll('_', ' ');

/** Every duration says which clock it is on: "active time" (pauses left out) or "elapsed time". */
export const clockText = (clock: DurationClock): string => (clock === 'active' ? 'active time' : 'elapsed time');

/** Null for an exact number; "within 0.8%" for one read from a sketch. */
const precisionText = (p: DurationStats['precision']): string | null =>
  p.exact ? null : `approximate, within ${Number((p.relativeError * 100).toFixed(1))}%`;

const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** One journey's headline numbers, for the overview that lists every journey. */
export type HeadlineView = {
  journeyId: string;
  name: string;
  n: number;
  completion: string;
  /** "Completed within 180 s: 80%"; null without a duration target on this device. */
  attainment: { label: string; value: string; status: TargetStatus } | null;
  /** "0.82 [180 s] · good"; null without a duration target. */
  apdex: string | null;
  typical: string;
  /** "active time" or "elapsed time": the clock of the times and of T. */
  clock: string;
};

/** The numbers a lead scans first: completion, attainment with its status, Apdex with its T, typical time. */
export const headlineView = (name: string, { journeyId, scorecard: s, targets }: LocalScorecard): HeadlineView => ({
  journeyId,
  name,
  n: s.n,
  completion: s.completion.value === null ? NONE : formatPercent(s.completion.value),
  attainment:
    targets === null
      ? null
      : {
          label: `Completed within ${formatSeconds(s.attainment.thresholdMs)} ${clockText(s.attainment.clock)}`,
          value: s.attainment.value === null ? NONE : formatPercent(s.attainment.value),
          status: s.attainment.target.status,
        },
  apdex:
    targets === null
      ? null
      : `${s.apdex.score === null ? NONE : s.apdex.score.toFixed(2)} [${formatSeconds(s.apdex.tMs)}] · ${apdexBandText(s.apdex.band)}`,
  typical: s.duration.typical === null ? NONE : formatDuration(s.duration.typical.ms),
  clock: clockText(s.duration.clock),
});

const percentInterval = (i: Interval | null): string | null =>
  i === null ? null : `95% interval ${formatPercent(i.low)}–${formatPercent(i.high)}`;

const meanInterval = (i: Interval | null): string | null =>
  i === null ? null : `95% interval ${i.low.toFixed(1)}–${i.high.toFixed(1)}`;

const joinDetails = (...parts: Array<string | null>): string | null => {
  const present = parts.filter((p) => p !== null);
  return present.length === 0 ? null : present.join(' · ');
};

/**
 * The local scorecard as lines of text. Without targets on this device the page shows the numbers only:
 * statuses are dropped (they would all read "no target") and so are attainment and Apdex, which are defined
 * against a duration target T the journey does not have here.
 */
export const scorecardView = ({ scorecard: s, targets, unreadable }: LocalScorecard): ScorecardView => {
  const hasTargets = targets !== null;
  const status = (check: TargetCheck): TargetStatus | null => (hasTargets ? check.status : null);
  const goal = (check: TargetCheck, show: (g: number) => string): string | null =>
    hasTargets && check.goal !== null ? `≥ ${show(check.goal)}` : null;
  const mean = (m: number) => m.toFixed(1);

  const lines: ScoreLine[] = [
    {
      label: 'Completion rate',
      value: s.completion.value === null ? NONE : formatPercent(s.completion.value),
      detail: percentInterval(s.completion.interval),
      n: s.completion.n,
      goal: goal(s.completion.target, formatPercent),
      status: status(s.completion.target),
    },
  ];
  if (hasTargets) {
    lines.push(
      {
        label: `Completed within ${formatSeconds(s.attainment.thresholdMs)} ${clockText(s.attainment.clock)}`,
        value: s.attainment.value === null ? NONE : formatPercent(s.attainment.value),
        detail: percentInterval(s.attainment.interval),
        n: s.attainment.n,
        goal: goal(s.attainment.target, formatPercent),
        status: status(s.attainment.target),
      },
      {
        label: 'Apdex',
        // Apdex means nothing without its T, so T is printed with it: "0.82 [180 s]".
        value: `${s.apdex.score === null ? NONE : s.apdex.score.toFixed(2)} [${formatSeconds(s.apdex.tMs)}]`,
        detail: `${apdexBandText(s.apdex.band)} · T on ${clockText(s.apdex.clock)}`,
        n: s.apdex.n,
        goal: null,
        status: null,
      },
    );
  }
  const d = s.duration;
  lines.push(
    {
      label: `Typical ${clockText(d.clock)}`,
      value: d.typical === null ? NONE : formatDuration(d.typical.ms),
      detail:
        d.typical === null
          ? null
          : joinDetails(
              d.typical.method === 'median' ? 'median' : 'geometric mean',
              d.typical.method === 'median' ? precisionText(d.precision) : null,
            ),
      n: d.n,
      goal: null,
      status: null,
    },
    {
      label: `${capitalised(clockText(d.clock))}, 90th percentile`,
      value: d.p90Ms === null ? NONE : formatDuration(d.p90Ms),
      detail: joinDetails(
        d.p50Ms === null ? null : `p50 ${formatDuration(d.p50Ms)}`,
        d.p95Ms === null ? null : `p95 ${formatDuration(d.p95Ms)}`,
        d.p90Ms === null ? null : precisionText(d.precision),
      ),
      n: d.n,
      goal: null,
      status: null,
    },
    {
      label: 'CSAT (satisfaction 4–5)',
      value: s.csat.value === null ? NONE : formatPercent(s.csat.value),
      detail: joinDetails(
        s.csat.mean === null ? null : `mean ${mean(s.csat.mean)} of 5`,
        percentInterval(s.csat.interval),
      ),
      n: s.csat.n,
      goal: goal(s.csat.target, formatPercent),
      status: status(s.csat.target),
    },
    {
      label: 'SEQ mean',
      value: s.seq.mean === null ? NONE : `${mean(s.seq.mean)} of 7`,
      detail: meanInterval(s.seq.interval),
      n: s.seq.n,
      goal: goal(s.seq.target, mean),
      status: status(s.seq.target),
    },
    {
      label: 'CES mean',
      value: s.ces.mean === null ? NONE : `${mean(s.ces.mean)} of 7`,
      detail: joinDetails(
        s.ces.easy.value === null ? null : `${formatPercent(s.ces.easy.value)} found it easy`,
        meanInterval(s.ces.interval),
      ),
      n: s.ces.n,
      goal: goal(s.ces.target, mean),
      status: status(s.ces.target),
    },
  );

  return {
    n: s.n,
    outcomes: [
      plural(s.outcomes.completed, 'completed', 'completed'),
      plural(s.outcomes.abandoned, 'abandoned', 'abandoned'),
      plural(s.outcomes.failed, 'failed', 'failed'),
    ].join(' · '),
    hasTargets,
    lines,
    steps: s.steps.map((step) => ({
      key: step.stepId ?? `name:${step.name ?? ''}`,
      name: step.name ?? 'Unnamed step',
      n: step.n,
      median: step.medianMs === null ? NONE : formatDuration(step.medianMs),
      shareOfTime: step.shareOfTime === null ? NONE : formatPercent(step.shareOfTime),
      slowestCount: step.slowestCount,
      painPoints: step.painPoints.length,
    })),
    leftOut: s.excluded.length + unreadable,
  };
};
