import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { type Feedback, feedbackSchema } from '../../../shared/schemas/feedback.ts';
import { type Journey, journeySchema, journeyStepSchema } from '../../../shared/schemas/journey.ts';
import { type JourneyTargets, journeyTargetsSchema } from '../../../shared/schemas/journey-targets.ts';
import { type Service, serviceSchema } from '../../../shared/schemas/service.ts';
import { type Walkthrough, walkthroughSchema } from '../../../shared/schemas/walkthrough.ts';
import type {
  Database,
  FeedbackTable,
  JourneysTable,
  JourneyTargetsTable,
  ServicesTable,
  WalkthroughsTable,
} from './database.ts';
import {
  fromFlag,
  optionalField,
  parseStored,
  parseStoredJson,
  toNullableSafeInteger,
  toSafeInteger,
} from './normalise.ts';

// Stored rows of the revisioned records back to their shared shapes, and the existence checks writes make: used by
// the queries of one record and by those that read or point at several (pull-changes, feedback, walkthroughs).

export function toService(row: Selectable<ServicesTable>): Service {
  return parseStored(
    serviceSchema,
    {
      id: row.id,
      teamId: row.team_id,
      rev: toSafeInteger(row.rev, 'services.rev'),
      name: row.name,
      description: row.description,
      archived: fromFlag(row.archived, 'services.archived'),
      updatedAt: row.updated_at,
    },
    `service ${row.id}`,
  );
}

const stepsSchema = z.array(journeyStepSchema);

export function toJourney(row: Selectable<JourneysTable>): Journey {
  const what = `journey ${row.id}`;
  return parseStored(
    journeySchema,
    {
      id: row.id,
      teamId: row.team_id,
      serviceId: row.service_id,
      rev: toSafeInteger(row.rev, 'journeys.rev'),
      name: row.name,
      description: row.description,
      steps: parseStoredJson(stepsSchema, row.steps_json, `${what} steps`),
      archived: fromFlag(row.archived, 'journeys.archived'),
      updatedAt: row.updated_at,
    },
    what,
  );
}

export function toJourneyTargets(row: Selectable<JourneyTargetsTable>): JourneyTargets {
  return parseStored(
    journeyTargetsSchema,
    {
      journeyId: row.journey_id,
      rev: toSafeInteger(row.rev, 'journey_targets.rev'),
      duration: {
        thresholdMs: toSafeInteger(row.duration_threshold_ms, 'journey_targets.duration_threshold_ms'),
        share: row.duration_share,
        clock: row.duration_clock,
      },
      ...optionalField('completionRate', row.completion_rate),
      ...optionalField('csat', row.csat),
      ...optionalField('seqMean', row.seq_mean),
      ...optionalField('cesMean', row.ces_mean),
      ...optionalField('apdexTMs', toNullableSafeInteger(row.apdex_t_ms, 'journey_targets.apdex_t_ms')),
      minSamples: row.min_samples,
      updatedAt: row.updated_at,
    },
    `targets of journey ${row.journey_id}`,
  );
}

export function toFeedback(row: Selectable<FeedbackTable>): Feedback {
  return parseStored(
    feedbackSchema,
    {
      id: row.id,
      serviceId: row.service_id,
      ...optionalField('journeyId', row.journey_id),
      ...optionalField('stepId', row.step_id),
      rating: row.rating,
      ...optionalField('comment', row.comment),
      pageUrl: row.page_url,
      createdAt: row.created_at,
    },
    `feedback ${row.id}`,
  );
}

export const toWalkthrough = (row: Pick<Selectable<WalkthroughsTable>, 'id' | 'record_json'>): Walkthrough =>
  parseStoredJson(walkthroughSchema, row.record_json, `walkthrough ${row.id}`);

export async function serviceExists(db: Kysely<Database>, teamId: string, serviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('services')
    .select('id')
    .where('team_id', '=', teamId)
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function journeyExists(db: Kysely<Database>, teamId: string, journeyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('journeys')
    .select('id')
    .where('team_id', '=', teamId)
    .where('id', '=', journeyId)
    .executeTakeFirst();
  return row !== undefined;
}
