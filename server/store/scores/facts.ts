// What the score rollups keep of a walkthrough: one narrow row (score_facts) made once when the catch-up first
// sees the rev, so recounting a day or a journey never parses record_json again.
import type { Selectable } from 'kysely';
import { measureDuration } from '../../../shared/domain/duration.ts';
import type { ScoreFact } from '../../../shared/domain/journey-aggregate.ts';
import type { Outcome, Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import type { ScoreFactsTable } from '../core/database.ts';
import { toNullableSafeInteger } from '../core/normalise.ts';
import { dayOf } from './days.ts';

export type FactRow = Omit<Selectable<ScoreFactsTable>, 'active_ms' | 'elapsed_ms'> & {
  readonly active_ms: number | null;
  readonly elapsed_ms: number | null;
};

/** The fact row of a walkthrough of a journey; undefined for an ad-hoc one (it belongs to no scorecard). */
export function factRowOf(teamId: string, ownerId: string | null, walkthrough: Walkthrough): FactRow | undefined {
  if (walkthrough.journeyId === null) return undefined;
  const duration = measureDuration(walkthrough);
  const { ratings } = walkthrough;
  return {
    walkthrough_id: walkthrough.id,
    team_id: teamId,
    journey_id: walkthrough.journeyId,
    day: dayOf(walkthrough.startedAt),
    sampler_id: ownerId,
    browser: walkthrough.environment.browser,
    outcome: walkthrough.outcome,
    active_ms: duration.ok ? duration.value.activeMs : null,
    elapsed_ms: duration.ok ? duration.value.elapsedMs : null,
    satisfaction: ratings.satisfaction ?? null,
    seq: ratings.seq ?? null,
    ces: ratings.ces ?? null,
  };
}

/** A stored fact row as it comes back from either driver (bigints as strings on PostgreSQL). */
export const normaliseFactRow = (row: Selectable<ScoreFactsTable>): FactRow => ({
  ...row,
  active_ms: toNullableSafeInteger(row.active_ms, 'score_facts.active_ms'),
  elapsed_ms: toNullableSafeInteger(row.elapsed_ms, 'score_facts.elapsed_ms'),
});

/** The scoring facts of the measurable rows (an unmeasurable timeline is left out of every score). */
export function scoreFactsOf(rows: readonly FactRow[]): ScoreFact[] {
  const facts: ScoreFact[] = [];
  for (const row of rows) {
    if (row.active_ms === null || row.elapsed_ms === null) continue;
    facts.push({
      outcome: row.outcome as Outcome,
      activeMs: row.active_ms,
      elapsedMs: row.elapsed_ms,
      satisfaction: row.satisfaction ?? undefined,
      seq: row.seq ?? undefined,
      ces: row.ces ?? undefined,
    });
  }
  return facts;
}
