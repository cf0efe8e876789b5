// What the score rollups keep of a walkthrough: one narrow row (score_facts) made once when the catch-up first
// sees the rev, so recounting a day or a journey never parses record_json again.
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Timeline } from '../../../shared/domain/check-timeline.ts';
import { measureDuration } from '../../../shared/domain/duration.ts';
import type { ScoreFact } from '../../../shared/domain/journey-aggregate.ts';
import { dayOf } from '../../../shared/domain/score-days.ts';
import { durationMsSchema, idSchema, isoDateTimeSchema } from '../../../shared/schemas/common.ts';
import {
  OUTCOMES,
  type Outcome,
  pauseSchema,
  ratingsSchema,
  stepMarkSchema,
  type Walkthrough,
} from '../../../shared/schemas/walkthrough.ts';
import type { ScoreFactsTable } from '../core/database.ts';
import { toNullableSafeInteger } from '../core/normalise.ts';
import { StoredRecordError } from '../core/stored-record-error.ts';

export type FactRow = Omit<Selectable<ScoreFactsTable>, 'active_ms' | 'elapsed_ms'> & {
  readonly active_ms: number | null;
  readonly elapsed_ms: number | null;
};

/**
 * What the catch-up reads of a stored record: only the fields a fact row is made of, each checked, the rest
 * (notes, pages, comments: most of a large record) passed over. The record was parsed whole by the push that
 * stored it; parsing it whole again here cost more than everything else the catch-up does.
 */
const factSourceSchema = z.looseObject({
  id: idSchema,
  journeyId: idSchema.nullable(),
  startedAt: isoDateTimeSchema,
  elapsedMs: durationMsSchema,
  stepMarks: z.array(stepMarkSchema),
  pauses: z.array(pauseSchema),
  painPoints: z.array(z.looseObject({ atMs: durationMsSchema })),
  outcome: z.enum(OUTCOMES),
  ratings: ratingsSchema,
  environment: z.looseObject({ browser: z.string().max(100) }),
});
type FactSource = Pick<Walkthrough, 'id' | 'journeyId' | 'startedAt' | 'outcome' | 'ratings' | 'environment'> &
  Timeline;

/** Why a stored record cannot be scored. */
type UnscorableKind = 'not-json' | 'schema';

/**
 * A stored record the catch-up cannot score. Its message and `kind` name the walkthrough and what is wrong, never
 * the record's text: a JSON parser's message quotes part of its input (personal notes), and this reaches the log.
 */
export class UnscorableRecordError extends StoredRecordError {
  readonly walkthroughId: string;
  readonly kind: UnscorableKind;
  constructor(walkthroughId: string, kind: UnscorableKind) {
    const what = kind === 'not-json' ? 'is not valid JSON' : 'does not match its schema';
    super(`walkthrough ${walkthroughId}: its stored record ${what}`);
    this.walkthroughId = walkthroughId;
    this.kind = kind;
  }
}

/** The fact row of a stored walkthrough (its record_json), as factRowOf; UnscorableRecordError when it cannot be. */
export function factRowOfStored(teamId: string, ownerId: string | null, id: string, json: string): FactRow | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // The parser's error is dropped on purpose: its message quotes the record.
    throw new UnscorableRecordError(id, 'not-json');
  }
  const parsed = factSourceSchema.safeParse(value);
  if (!parsed.success) throw new UnscorableRecordError(id, 'schema');
  return factRowOf(teamId, ownerId, parsed.data as FactSource);
}

/** The fact row of a walkthrough of a journey; undefined for an ad-hoc one (it belongs to no scorecard). */
export function factRowOf(teamId: string, ownerId: string | null, walkthrough: FactSource): FactRow | undefined {
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
