import { scoreJourney } from '../../shared/domain/score-journey.ts';
import { MAX_DURATION_MS } from '../../shared/schemas/common.ts';
import { journeySchema } from '../../shared/schemas/journey.ts';
import {
  DEFAULT_MIN_SAMPLES,
  type JourneyTargets,
  journeyTargetsSchema,
} from '../../shared/schemas/journey-targets.ts';
import type { Scorecard } from '../../shared/schemas/scorecard.ts';
import { walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow, parseRows } from '../db/parse-rows.ts';
import { readJourneyChoices } from './journey-choices.ts';
import { startedAtRange, type WalkthroughFilter } from './walkthrough-filter.ts';

/** One journey scored from this device's own walkthroughs. */
export type LocalScorecard = {
  journeyId: string;
  scorecard: Scorecard;
  /**
   * The journey's SLA targets from the local catalog; null when there are none here. Then only the numbers
   * are meaningful: every status is "no target", and attainment and Apdex (which need a duration target T)
   * must not be shown.
   */
  targets: JourneyTargets | null;
  /** Stored walkthroughs of the journey that failed the schema and were left out. */
  unreadable: number;
};

/**
 * Stand-in targets for a journey without any: scoreJourney needs a duration threshold, and every score that
 * depends on it (attainment, Apdex) is hidden by the view when `targets` is null. Goals are absent, so every
 * other status comes out "no target".
 */
const noTargets = (journeyId: string): JourneyTargets => ({
  journeyId,
  rev: 1,
  duration: { thresholdMs: MAX_DURATION_MS, share: 0, clock: 'active' },
  minSamples: DEFAULT_MIN_SAMPLES,
  updatedAt: new Date(0).toISOString(),
});

/** Scores one journey; runs inside a read transaction over walkthroughs, journeys and targets. */
const scoreOnDevice = async (
  db: JourneySamplerDb,
  journeyId: string,
  dates: Pick<WalkthroughFilter, 'from' | 'to'>,
): Promise<LocalScorecard> => {
  const range = startedAtRange(dates);
  const rows: unknown[] = await db.walkthroughs.where('journeyId').equals(journeyId).toArray();
  const parsed = parseRows(walkthroughSchema, rows);
  const walkthroughs =
    range === null
      ? parsed.values
      : parsed.values.filter((w) => w.startedAt >= range.lower && w.startedAt < range.upper);
  const journeyRow: unknown = await db.journeys.get(journeyId);
  const targetsRow: unknown = await db.targets.get(journeyId);
  const journey = journeyRow === undefined ? null : parseRow(journeySchema, journeyRow);
  const targets = targetsRow === undefined ? null : parseRow(journeyTargetsSchema, targetsRow);
  const usableTargets = targets?.ok ? targets.value : null;
  const scorecard = scoreJourney({
    journey: journey?.ok ? journey.value : undefined,
    targets: usableTargets ?? noTargets(journeyId),
    walkthroughs,
    feedback: [],
  });
  return { journeyId, scorecard, targets: usableTargets, unreadable: parsed.unreadable };
};

/**
 * Scores a journey with shared/domain's scoreJourney over the walkthroughs recorded on this device within the
 * filter's dates (its outcome and text parts are ignored: scoring only completed ones would make completion
 * 100% by construction). Same formulas as the server's scorecards; the server scores everyone's samples.
 */
export const readLocalScorecard = (
  db: JourneySamplerDb,
  journeyId: string,
  dates: Pick<WalkthroughFilter, 'from' | 'to'>,
): Promise<LocalScorecard> =>
  db.transaction('r', [db.walkthroughs, db.journeys, db.targets], () => scoreOnDevice(db, journeyId, dates));

/** A journey's local scorecard with the name the History page shows for it. */
export type NamedLocalScorecard = { name: string; local: LocalScorecard };

/**
 * Every journey that has walkthroughs on this device, scored within the dates, by name (the names and order of
 * the journey menu): the overview that needs no filter picked. One read transaction, so the cards agree with
 * each other. Reads every journey's walkthroughs, as scoring must; ad-hoc walkthroughs have no journey to score.
 */
export const readJourneyScorecards = (
  db: JourneySamplerDb,
  dates: Pick<WalkthroughFilter, 'from' | 'to'>,
): Promise<NamedLocalScorecard[]> =>
  db.transaction('r', [db.walkthroughs, db.journeys, db.targets], async () => {
    const { journeys } = await readJourneyChoices(db);
    const scored: NamedLocalScorecard[] = [];
    for (const { journeyId, name } of journeys) {
      scored.push({ name, local: await scoreOnDevice(db, journeyId, dates) });
    }
    return scored;
  });
