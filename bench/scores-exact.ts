// The baseline of the scores benchmark: the exact report over raw rows, as a server without rollups would make it.
// Service by service and journey by journey (so two years of one service's ratings and one journey's
// walkthroughs, not the team's, are in memory at once), it reads the period's walkthroughs (record_json alone,
// JSON.parse without the schema: the rows were checked when pushed; through the journey-time index) and ratings
// (id, journey, rating and time alone; through the service-time index), and scores them with shared
// scoreJourney, the engine behind every scorecard. Narrow reads and no schema parse are the cheapest honest exact
// report, so the ratio flatters no one. It also keeps each journey's exact durations, for the percentiles' error.
import { sql } from 'kysely';
import { testDatabase } from '../server/store/testing/test-database.ts';
import { measureDuration } from '../shared/domain/duration.ts';
import { percentile } from '../shared/domain/percentile.ts';
import { scoreJourney } from '../shared/domain/score-journey.ts';
import type { Feedback } from '../shared/schemas/feedback.ts';
import type { JourneyTargets } from '../shared/schemas/journey-targets.ts';
import type { Scorecard } from '../shared/schemas/scorecard.ts';
import type { Walkthrough } from '../shared/schemas/walkthrough.ts';
import type { ScoresData } from './scores-data.ts';

export type ExactReport = {
  readonly cards: readonly Scorecard[];
  /** Each journey's active time of its completed, measurable walkthroughs (each journey's target clock here). */
  readonly durations: ReadonlyMap<string, readonly number[]>;
  readonly walkthroughs: number;
  readonly ratings: number;
};

/** Every journey's (or one journey's) scorecard over [fromMs, toMs), from the raw rows. */
export async function exactReport(
  data: ScoresData,
  fromMs: number,
  toMs: number,
  journeyId?: string,
): Promise<ExactReport> {
  const db = testDatabase(data.store);
  const fromIso = new Date(fromMs).toISOString();
  const toIso = new Date(toMs).toISOString();
  const targets = new Map(
    (await data.store.listJourneyTargets(data.teamId))
      .filter((t) => journeyId === undefined || t.journeyId === journeyId)
      .map((t) => [t.journeyId, t]),
  );
  const byService = new Map<string, string[]>();
  for (const journey of await data.store.listJourneys(data.teamId)) {
    if (!targets.has(journey.id)) continue;
    byService.set(journey.serviceId, [...(byService.get(journey.serviceId) ?? []), journey.id]);
  }
  const cards: Scorecard[] = [];
  const durations = new Map<string, number[]>();
  let walkthroughCount = 0;
  let ratingCount = 0;
  for (const [serviceId, journeyIds] of byService) {
    // Ratings have no journey index (only team-time and team-service-time): a service's period at once.
    const { rows: feedbackRows } = await sql<{ id: string; journey_id: string; rating: number; created_at: string }>`
      select id, journey_id, rating, created_at from feedback
      where team_id = ${data.teamId} and service_id = ${serviceId}
        and created_at >= ${fromIso} and created_at < ${toIso}
        ${journeyId === undefined ? sql`` : sql`and journey_id = ${journeyId}`}`.execute(db);
    const feedback = new Map<string, Feedback[]>();
    for (const row of feedbackRows) {
      const list = feedback.get(row.journey_id) ?? [];
      list.push({
        id: row.id,
        serviceId,
        journeyId: row.journey_id,
        rating: Number(row.rating),
        pageUrl: 'https://portal.example.com/',
        createdAt: row.created_at,
      });
      feedback.set(row.journey_id, list);
    }
    for (const id of journeyIds) {
      const { rows: walkthroughRows } = await sql<{ record_json: string }>`
        select record_json from walkthroughs
        where team_id = ${data.teamId} and journey_id = ${id}
          and started_at >= ${fromIso} and started_at < ${toIso}`.execute(db);
      const walkthroughs = walkthroughRows.map((row) => JSON.parse(row.record_json) as Walkthrough);
      const ratings = feedback.get(id) ?? [];
      cards.push(scoreJourney({ targets: targets.get(id) as JourneyTargets, walkthroughs, feedback: ratings }));
      durations.set(id, completedActiveMs(walkthroughs));
      walkthroughCount += walkthroughs.length;
      ratingCount += ratings.length;
    }
  }
  return { cards, durations, walkthroughs: walkthroughCount, ratings: ratingCount };
}

function completedActiveMs(walkthroughs: readonly Walkthrough[]): number[] {
  const values: number[] = [];
  for (const w of walkthroughs) {
    if (w.outcome !== 'completed') continue;
    const measured = measureDuration(w);
    if (measured.ok) values.push(measured.value.activeMs);
  }
  return values;
}

type Percentiles = { p50Ms: number | null; p90Ms: number | null; p95Ms: number | null };

/**
 * The largest relative error of p50, p90 and p95 of the rollups' answer against exact nearest-rank percentiles of
 * the raw durations, over every journey of the period.
 */
export function percentileError(
  rollup: ReadonlyMap<string, Percentiles>,
  durations: ReadonlyMap<string, readonly number[]>,
): number {
  let worst = 0;
  for (const [journeyId, values] of durations) {
    const got = rollup.get(journeyId);
    for (const [key, p] of [
      ['p50Ms', 50],
      ['p90Ms', 90],
      ['p95Ms', 95],
    ] as const) {
      const want = percentile(values, p);
      const have = got?.[key] ?? null;
      if (want === null || have === null || want === 0) continue;
      worst = Math.max(worst, Math.abs(have - want) / want);
    }
  }
  return worst;
}
