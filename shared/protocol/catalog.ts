import { z } from 'zod';
import { idSchema, nameSchema, revSchema, shortTextSchema } from '../schemas/common.ts';
import { journeySchema, journeyStepSchema, MAX_STEPS } from '../schemas/journey.ts';
import { journeyTargetsSchema } from '../schemas/journey-targets.ts';
import { serviceSchema } from '../schemas/service.ts';

/**
 * The catalog REST API (`/api/v1/services`, `/api/v1/journeys`, `/api/v1/journeys/:id/targets`): what a client
 * sends to create or edit a record, and what it gets back. The server owns `teamId` (the caller's), `rev`
 * (1 on create, +1 on each edit), `archived` (only the archive/unarchive routes change it) and `updatedAt`, so
 * none of them can be sent; an edit carries the rev the client last saw instead, and a stale one is answered
 * 409 `conflict` (optimistic concurrency).
 */

/**
 * Stored as plain text columns, so a name must come back exactly as sent from either database: PostgreSQL
 * refuses NUL in text (the request would fail as a 500), and a lone UTF-16 surrogate has no UTF-8 form (both
 * drivers would silently store U+FFFD instead).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storableText = (text: string): boolean => !text.includes('\u0000') && !LONE_SURROGATE.test(text);
const STORABLE_TEXT = { message: 'must not contain NUL characters or unpaired surrogates' };

export const catalogNameSchema = nameSchema.refine(storableText, STORABLE_TEXT);
export const catalogDescriptionSchema = shortTextSchema.refine(storableText, STORABLE_TEXT);

/** A new service. `id` may be made by the client (a UUIDv7, so a retried create cannot make two); else the server makes one. */
export const createServiceRequestSchema = z.strictObject({
  id: idSchema.optional(),
  name: catalogNameSchema,
  description: catalogDescriptionSchema.default(''),
});
export type CreateServiceRequest = z.input<typeof createServiceRequestSchema>;

/** A whole new version of a service's editable fields, based on `rev`, the version the editor started from. */
export const updateServiceRequestSchema = z.strictObject({
  rev: revSchema,
  name: catalogNameSchema,
  description: catalogDescriptionSchema,
});
export type UpdateServiceRequest = z.input<typeof updateServiceRequestSchema>;

/** A step as sent: its id may be left out on a new step (the server makes one); an existing step keeps its id. */
export const journeyStepInputSchema = z.strictObject({
  id: idSchema.optional(),
  name: catalogNameSchema,
  urlPatterns: journeyStepSchema.shape.urlPatterns.default([]),
});
export type JourneyStepInput = z.input<typeof journeyStepInputSchema>;

const stepsInputSchema = z
  .array(journeyStepInputSchema)
  .min(1)
  .max(MAX_STEPS)
  .refine(
    (steps) => {
      const ids = steps.flatMap((s) => (s.id === undefined ? [] : [s.id]));
      return new Set(ids).size === ids.length;
    },
    { message: 'step ids must be unique within a journey' },
  );

/** A new journey of a service of the caller's team, with its steps in order. */
export const createJourneyRequestSchema = z.strictObject({
  id: idSchema.optional(),
  serviceId: idSchema,
  name: catalogNameSchema,
  description: catalogDescriptionSchema.default(''),
  steps: stepsInputSchema,
});
export type CreateJourneyRequest = z.input<typeof createJourneyRequestSchema>;

/** A whole new version of a journey (it may move to another service of the team), based on `rev`. */
export const updateJourneyRequestSchema = z.strictObject({
  rev: revSchema,
  serviceId: idSchema,
  name: catalogNameSchema,
  description: catalogDescriptionSchema,
  steps: stepsInputSchema,
});
export type UpdateJourneyRequest = z.input<typeof updateJourneyRequestSchema>;

/**
 * A journey's whole set of targets. `rev` is the version the editor started from, or null when the journey has
 * none yet: setting targets where another editor has just set some is a 409 like any stale edit.
 */
export const putTargetsRequestSchema = journeyTargetsSchema
  .omit({ journeyId: true, rev: true, updatedAt: true })
  .extend({ rev: revSchema.nullable() });
export type PutTargetsRequest = z.input<typeof putTargetsRequestSchema>;

export const serviceListResponseSchema = z.strictObject({ services: z.array(serviceSchema) });
export type ServiceListResponse = z.infer<typeof serviceListResponseSchema>;

export const journeyListResponseSchema = z.strictObject({ journeys: z.array(journeySchema) });
export type JourneyListResponse = z.infer<typeof journeyListResponseSchema>;

/** `GET /journeys?serviceId=…`: only that service's journeys. */
export const journeyListQuerySchema = z.strictObject({ serviceId: idSchema.optional() });
export type JourneyListQuery = z.infer<typeof journeyListQuerySchema>;
